"""Bad input: one clear line naming the problem and the fix, exit code 2, nothing written.
Ctrl-C: one line, exit code 130, the previous output unchanged. The memory and disk guards."""

from __future__ import annotations

import json
import os
import runpy
import shutil
import signal
import subprocess
import sys
import time
import types
from datetime import date
from pathlib import Path

import pytest

from generator import config as cfg
from generator.cli import build_config, main
from generator.errors import INTERRUPTED

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def previous_output(tmp_path: Path) -> Path:
    out = tmp_path / "raw"
    out.mkdir()
    (out / "clients.csv").write_text("client_id\n1\n", encoding="utf-8")
    (out / "manifest.json").write_text(json.dumps({"generator": "wealth-generator 0.1.0"}), encoding="utf-8")
    return out


CASES = {
    "negative scale": (["--scale", "-5"], "--scale -5 must be a positive number"),
    "zero scale": (["--scale", "0"], "--scale 0 must be a positive number"),
    "as-of before start": (["--as-of", "2015-01-01", "--start", "2016-01-01"], "is not after the history start"),
    "unknown format": (["--format", "xlsx"], "--format 'xlsx' is unknown"),
    "bad date": (["--as-of", "31/12/2025"], "is not a date: use YYYY-MM-DD"),
    "too large for the disk": (["--scale", "2000000000"], "lower --scale or --years"),
    "too many workers for memory": (["--scale", "200000", "--jobs", "1000"], "GiB of memory and"),
    "negative seed": (["--seed", "-1"], f"--seed -1 must be a whole number from 0 to {cfg.MAX_SEED}"),
    "seed past 64 bits": (["--seed", str(2**63)], f"--seed {2**63} must be a whole number from 0 to"),
    "years before the earliest start": (["--years", "100000"], "--years 100000 before --as-of 2025-12-31 starts"),
    "years one too many": (["--years", "36"], "pass fewer --years (at most 35)"),
    "start before the earliest": (["--start", "1989-12-31"], "history start 1989-12-31 is before 1990-01-01"),
    "as-of past the latest": (["--as-of", "9999-12-31"], "--as-of 9999-12-31 is after 9899-12-31"),
    "as-of with no room for a year": (["--as-of", "1990-06-30"], "leaves no room for 365 days of history"),
    "start equal to as-of": (["--start", "2025-12-31"], "is not after the history start 2025-12-31"),
    "a day of history": (["--start", "2025-12-30"], "shorter than the 365 days needed (1)"),
    "two days of history": (["--start", "2025-12-29"], "shorter than the 365 days needed (2)"),
    "a day short of a year": (["--start", "2025-01-01"], "shorter than the 365 days needed (364)"),
    "scale past any disk": (["--scale", "9" * 400], "GiB is free where --out"),
    "shards not a range": (["--shards", "two"], "--shards 'two' is not FROM:TO"),
    "shards past the last": (
        ["--scale", "50", "--shard-size", "20", "--shards", "1:4"],
        "is not a range of the 3 shards",
    ),
    "shards backwards": (["--shards", "1:0"], "0 <= FROM < TO <= 1"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_exits_2_with_one_line(case: str, previous_output: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args, message = CASES[case]
    before = {p.name: p.read_bytes() for p in previous_output.iterdir()}
    assert main([*args, "--out", str(previous_output), "--progress", "off"]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1, err
    assert {p.name: p.read_bytes() for p in previous_output.iterdir()} == before
    assert not any(p.name.startswith(".raw") for p in previous_output.parent.iterdir())


def test_output_path_that_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "raw"
    target.write_text("keep me", encoding="utf-8")
    assert main(["--scale", "5", "--out", str(target), "--progress", "off"]) == 2
    err = capsys.readouterr().err
    assert "is a file, not a folder" in err and len(err.strip().splitlines()) == 1
    assert target.read_text(encoding="utf-8") == "keep me"


def test_argparse_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--scale", "many"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "invalid int value" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--progress", "sometimes"], "argument --progress: invalid choice: 'sometimes'"),
        (["--seed", "1e3"], "argument --seed: invalid int value: '1e3'"),
        (["--seed", "9" * 5000], "argument --seed: invalid int value"),  # past Python's 4,300 digits
        (["--years", ""], "argument --years: invalid int value: ''"),
    ],
)
def test_more_argparse_errors_exit_2(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def _inside_a_file(tmp: Path) -> Path:
    (tmp / "notes.txt").write_text("keep me", encoding="utf-8")
    return tmp / "notes.txt" / "raw"


def _not_an_output(tmp: Path) -> Path:
    (tmp / "mine").mkdir()
    (tmp / "mine" / "notes.txt").write_text("keep me", encoding="utf-8")
    return tmp / "mine"


def _no_permission(tmp: Path) -> Path:
    (tmp / "locked").mkdir(mode=0o555)
    return tmp / "locked" / "raw"


OUT_CASES = {
    "inside a file": (_inside_a_file, "notes.txt, a file, not a folder: pass another --out"),
    "a folder that is not an output": (_not_an_output, "holds files but no generator manifest.json"),
    "a name too long": (lambda tmp: tmp / ("r" * 240), "a name too long for the folders the run makes beside it (259"),
    "no permission": (_no_permission, "cannot be made: no permission to write in"),
}


@pytest.mark.parametrize("case", sorted(OUT_CASES))
def test_bad_output_folder(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make, message = OUT_CASES[case]
    out = make(tmp_path)
    if case == "no permission" and os.geteuid() == 0:  # root may write anywhere: the check as it sees it
        access = os.access
        monkeypatch.setattr(os, "access", lambda path, mode: Path(path) != out.parent and access(path, mode))
    before = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert main(["--scale", "1", "--years", "1", "--out", str(out), "--progress", "off"]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1, err
    assert {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before
    assert not any(p.name.startswith(".") for p in tmp_path.rglob("*"))


@pytest.mark.parametrize("where", [".", "holds it"])
def test_output_folder_that_is_or_holds_the_current_one(
    where: str, previous_output: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A previous output, but the run would move the current folder away."""
    inside = previous_output / "sub"
    inside.mkdir()
    monkeypatch.chdir(previous_output if where == "." else inside)
    out = "." if where == "." else str(previous_output)
    assert main(["--scale", "1", "--years", "1", "--out", out, "--progress", "off"]) == 2
    err = capsys.readouterr().err
    assert "is the current folder or holds it" in err and len(err.strip().splitlines()) == 1, err
    assert sorted(p.name for p in previous_output.parent.iterdir()) == ["raw"]


@pytest.mark.parametrize(
    ("args", "field", "value"),
    [
        (["--format", "PARQUET"], "fmt", "parquet"),
        (["--progress", "ON"], "progress", True),
        (["--seed", "0"], "seed", 0),
        (["--seed", str(cfg.MAX_SEED)], "seed", cfg.MAX_SEED),
        (["--years", "35"], "history_start", date(1990, 12, 31)),
        (["--as-of", "9899-12-31"], "as_of", cfg.LATEST_AS_OF),
        (["--start", "2024-12-31"], "history_start", date(2024, 12, 31)),  # 365 days
        (["--start", "2020-01-01", "--years", "100000"], "history_start", date(2020, 1, 1)),  # --start wins
    ],
)
def test_odd_but_valid_input_is_accepted(args: list[str], field: str, value: object, tmp_path: Path) -> None:
    config = build_config(["--scale", "1", *args, "--out", str(tmp_path / "raw")])
    assert getattr(config, field) == value


@pytest.mark.parametrize(
    "args",
    [["--as-of", "9899-12-31"], ["--start", "2024-12-31"], ["--seed", str(cfg.MAX_SEED), "--format", "Parquet"]],
    ids=["latest as-of", "shortest history", "largest seed"],
)
def test_runs_at_the_bounds(args: list[str], tmp_path: Path) -> None:
    out = tmp_path / "raw"
    assert main(["--scale", "1", "--years", "1", *args, "--out", str(out), "--progress", "off"]) == 0
    assert (out / "manifest.json").is_file()


def test_interrupted_run_keeps_previous_output(
    previous_output: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import generator.shard_run as shard_run

    def explode(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(shard_run, "build_book", explode)
    before = {p.name: p.read_bytes() for p in previous_output.iterdir()}
    assert main(["--scale", "5", "--years", "1", "--out", str(previous_output), "--progress", "off"]) == 130
    assert capsys.readouterr().err.splitlines() == [INTERRUPTED]
    assert {p.name: p.read_bytes() for p in previous_output.iterdir()} == before
    assert [p.name for p in previous_output.parent.iterdir()] == ["raw"]


def test_interrupted_while_the_last_files_are_written(
    previous_output: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl-C while the run waits for its writer threads at the end (a KeyboardInterrupt out of
    a file's future): the partial folder goes too."""
    import generator.writer as writer

    totals = writer.control_totals

    def interrupted(table: str, frame: object) -> object:
        if table == "clients":
            raise KeyboardInterrupt
        return totals(table, frame)  # type: ignore[arg-type]

    monkeypatch.setattr(writer, "control_totals", interrupted)
    _assert_interrupted(previous_output, capsys)


def _assert_interrupted(previous_output: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = {p.name: p.read_bytes() for p in previous_output.iterdir()}
    assert main(["--scale", "5", "--years", "1", "--out", str(previous_output), "--progress", "off"]) == 130
    assert capsys.readouterr().err.splitlines() == [INTERRUPTED]
    assert {p.name: p.read_bytes() for p in previous_output.iterdir()} == before
    assert [p.name for p in previous_output.parent.iterdir()] == ["raw"]


class _Interrupting(types.ModuleType):
    def __getattr__(self, name: str) -> object:
        raise KeyboardInterrupt


def test_interrupted_during_the_imports(
    previous_output: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl-C while `python -m generator` imports its first modules, and while main imports the
    heavy ones (after the arguments are checked)."""
    handler = signal.getsignal(signal.SIGINT)
    monkeypatch.setitem(sys.modules, "generator.memory", _Interrupting("generator.memory"))
    try:
        with pytest.raises(SystemExit) as exit_info:
            runpy.run_module("generator", run_name="__main__")
    finally:
        signal.signal(signal.SIGINT, handler)
    assert exit_info.value.code == 130
    assert capsys.readouterr().err.splitlines() == [INTERRUPTED]
    monkeypatch.setitem(sys.modules, "generator.pipeline", _Interrupting("generator.pipeline"))
    _assert_interrupted(previous_output, capsys)


def test_combine_refuses_what_is_not_one_runs_shards(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--combine takes the outputs of --shards runs of one run, every shard once: otherwise
    one line, exit code 2, nothing written."""
    common = ["--seed", "3", "--scale", "30", "--years", "1", "--shard-size", "10", "--progress", "off"]
    for name, shards in (("a", "0:1"), ("b", "1:3"), ("c", "0:2")):
        assert main([*common, "--shards", shards, "--out", str(tmp_path / name)]) == 0
    assert main([*common, "--seed", "4", "--shards", "1:3", "--out", str(tmp_path / "other")]) == 0
    assert main([*common, "--out", str(tmp_path / "whole")]) == 0
    capsys.readouterr()
    cases = {
        ("a",): "shards 1 to 2 of 3 are missing",
        ("a", "c"): "are missing or made twice",
        ("a", "other"): "was made with other arguments",
        ("whole",): "is a whole run's output",
        ("nowhere",): "holds no generator output",
    }
    for folders, message in cases.items():
        out = tmp_path / "combined"
        assert main(["--combine", *(str(tmp_path / f) for f in folders), "--out", str(out)]) == 2, folders
        err = capsys.readouterr().err
        assert message in err and len(err.strip().splitlines()) == 1, err
        assert not out.exists()
    assert main(["--combine", str(tmp_path / "b"), str(tmp_path / "a"), "--out", str(tmp_path / "combined")]) == 0


def test_ctrl_c_stops_a_real_run(previous_output: Path) -> None:
    """SIGINT to `python -m generator` once it writes: exit code 130, one line, the previous
    output as it was and no temporary folder left."""
    before = {p.name: p.read_bytes() for p in previous_output.iterdir()}
    partial = previous_output.parent / f".{previous_output.name}.partial"  # see generator/writer.py
    args = ["--scale", "300", "--years", "3", "--out", str(previous_output), "--progress", "off"]
    process = subprocess.Popen([sys.executable, "-m", "generator", *args], cwd=REPO, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not partial.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert partial.is_dir(), "the run never started writing"
    time.sleep(0.3)  # into the run (about 1 s after the start; the run takes about 2 s)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert err.splitlines() == [INTERRUPTED]
    assert {p.name: p.read_bytes() for p in previous_output.iterdir()} == before
    assert sorted(p.name for p in previous_output.parent.iterdir()) == ["raw"]


def test_ctrl_c_stops_the_workers_of_a_run(previous_output: Path) -> None:
    """SIGINT to a run of worker processes once they write their shards' parts: exit code 130,
    one line, the previous output as it was, no temporary folder and no worker left."""
    before = {p.name: p.read_bytes() for p in previous_output.iterdir()}
    partial = previous_output.parent / f".{previous_output.name}.partial"
    args = ["--scale", "400", "--years", "3", "--shard-size", "50", "--jobs", "2"]
    args += ["--out", str(previous_output), "--progress", "off"]
    process = subprocess.Popen([sys.executable, "-m", "generator", *args], cwd=REPO, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not (partial / "transactions" / "part-00001.csv").exists() and time.monotonic() < deadline:
        assert process.poll() is None, "the run ended before its workers wrote"
        time.sleep(0.01)
    workers = _children(process.pid)
    assert workers, "no worker processes"
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert err.splitlines() == [INTERRUPTED]
    assert {p.name: p.read_bytes() for p in previous_output.iterdir()} == before
    assert sorted(p.name for p in previous_output.parent.iterdir()) == ["raw"]
    for _ in range(100):  # stopped by the run, or by the kernel as the run ended
        if not any(_alive(pid) for pid in workers):
            break
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in workers)


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (Linux)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return found


def _alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def test_a_dropped_ctrl_c_comes_again() -> None:
    """Native code may run the handler and drop its KeyboardInterrupt: the signal comes again."""
    from generator.interrupts import ctrl_c

    again = False
    with ctrl_c() as handler:
        assert handler is not None
        try:
            signal.raise_signal(signal.SIGINT)
        except KeyboardInterrupt:
            pass  # dropped
        try:
            for _ in range(500):
                time.sleep(0.01)
        except KeyboardInterrupt:
            handler.stopped = True
            again = True
    assert again
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_failed_table_write_keeps_previous_output(
    previous_output: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A table whose file cannot be written (a full disk, say) fails the run, with one line and
    exit code 2, while the other writer thread is busy with the next tables: the partial folder
    is removed once both threads stop, and the previous output stays as it was."""
    import generator.writer as writer

    write = writer.write_csv

    def full_disk(frame: object, target: Path, **options: object) -> None:
        if target.parent.name == "transactions":  # the shard's part, written by the shard
            raise OSError(28, "No space left on device")
        write(frame, target, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(writer, "write_csv", full_disk)
    before = {p.name: p.read_bytes() for p in previous_output.iterdir()}
    assert main(["--scale", "5", "--years", "1", "--out", str(previous_output), "--progress", "off"]) == 2
    err = capsys.readouterr().err
    assert f"writing {previous_output} failed ([Errno 28] No space left on device)" in err
    assert "the previous output is unchanged" in err and len(err.strip().splitlines()) == 1, err
    assert {p.name: p.read_bytes() for p in previous_output.iterdir()} == before
    assert [p.name for p in previous_output.parent.iterdir()] == ["raw"]


def test_output_too_large_for_the_disk(
    previous_output: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Checked before anything is generated: the free space where the output goes against the
    estimated size of the output."""
    import generator.cli as cli

    seen: list[Path] = []

    def nearly_full(out: Path) -> int:
        seen.append(out)
        return 10_000_000

    monkeypatch.setattr(cli, "_free_disk_bytes", nearly_full)
    before = {p.name: p.read_bytes() for p in previous_output.iterdir()}
    assert main(["--scale", "1000", "--out", str(previous_output), "--progress", "off"]) == 2
    err = capsys.readouterr().err
    assert "--scale 1000 writes about 0.3 GiB and 0.0 GiB is free" in err
    assert "pass another --out" in err and len(err.strip().splitlines()) == 1, err
    assert seen == [previous_output]
    assert {p.name: p.read_bytes() for p in previous_output.iterdir()} == before


def test_free_disk_bytes_of_a_folder_not_made_yet(tmp_path: Path) -> None:
    from generator.cli import _free_disk_bytes

    assert _free_disk_bytes(tmp_path / "not" / "yet" / "raw") == shutil.disk_usage(tmp_path).free


def _leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name != "raw")


def test_replaced_output_is_removed_after_the_run(tmp_path: Path) -> None:
    """A run that replaces an output ends once the new one is in place; the old one (and one
    whose removal was stopped) is deleted by a detached process soon after."""
    out = tmp_path / "raw"
    args = ["--scale", "5", "--years", "1", "--out", str(out), "--progress", "off"]
    assert main(args) == 0
    stale = tmp_path / ".raw.previous-stopped"
    (stale / "raw").mkdir(parents=True)
    (stale / "raw" / "clients.csv").write_text("client_id\n1\n", encoding="utf-8")
    first = (out / "manifest.json").read_bytes()
    assert main([*args[:-4], "--seed", "8", *args[-4:]]) == 0
    assert (out / "manifest.json").read_bytes() != first  # the new output, whole, at once
    for _ in range(200):
        if not _leftovers(tmp_path):
            break
        time.sleep(0.05)
    assert _leftovers(tmp_path) == []


def test_tiny_run_fits_a_little_free_space(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """One client for a year writes about 3 MB: 5 MB free is enough, 1 MB is not."""
    import generator.cli as cli

    out = tmp_path / "raw"
    monkeypatch.setattr(cli, "_free_disk_bytes", lambda _: 1_000_000)
    assert main(["--scale", "1", "--years", "1", "--out", str(out), "--progress", "off"]) == 2
    assert "--scale 1 writes about 0.0 GiB and 0.0 GiB is free" in capsys.readouterr().err
    monkeypatch.setattr(cli, "_free_disk_bytes", lambda _: 5_000_000)
    assert main(["--scale", "1", "--years", "1", "--out", str(out), "--progress", "off"]) == 0
    assert sum(p.stat().st_size for p in out.iterdir()) < 5_000_000


@pytest.mark.parametrize(
    ("scale", "years", "fmt"), [(1, 1, "csv"), (1, 3, "csv"), (40, 3, "csv"), (1, 1, "parquet"), (40, 1, "parquet")]
)
def test_estimated_output_size_fits_the_output(scale: int, years: int, fmt: str, tmp_path: Path) -> None:
    """The free-space guard's estimate is at least the size written, and at most twice it."""
    out = tmp_path / "raw"
    args = ["--scale", str(scale), "--years", str(years), "--format", fmt, "--out", str(out), "--progress", "off"]
    assert main(args) == 0
    written = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    estimate = build_config(args).estimated_output_bytes()
    assert written <= estimate <= 2 * written, (written, estimate)


GiB = 2**30


@pytest.mark.parametrize(
    ("clients", "jobs", "peak"), [(1_000, 1, 814 * 2**20), (4_000, 2, 1_751 * 2**20), (100_000, 2, 1_751 * 2**20)]
)
def test_estimated_peak_memory_fits_the_measurements(clients: int, jobs: int, peak: int) -> None:
    """Peak RSS of a whole run at 10 years, its workers included (measured: 814 MiB for one
    shard in one process; 1,751 MiB for 4,000 clients in two workers), above which the estimate
    stays with a margin of about 1.3; flat in the scale: 100,000 clients in two workers hold no
    more than 4,000 (two shards at a time)."""
    estimate = cfg.Config(scale=clients, years=10, jobs=jobs).estimated_peak_bytes()
    assert peak < estimate < 1.4 * peak


def test_memory_guard_accepts_what_fits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With 22 GiB available: 100,000 clients x 10 years in two workers (about 2 GiB at their
    peak) go ahead; with 1 GiB, they do not."""
    import generator.cli as cli

    monkeypatch.setattr(cli, "_free_disk_bytes", lambda _: 10_000 * GiB)
    out = str(tmp_path / "raw")
    monkeypatch.setattr(cli, "_available_memory", lambda: 22 * GiB)
    assert build_config(["--scale", "100000", "--years", "10", "--jobs", "2", "--out", out]).scale == 100_000
    monkeypatch.setattr(cli, "_available_memory", lambda: 1 * GiB)
    assert main(["--scale", "100000", "--years", "10", "--jobs", "2", "--out", out, "--progress", "off"]) == 2
    err = capsys.readouterr().err
    assert "--scale 100000 needs about 2.2 GiB of memory and 1.0 GiB is available" in err
    assert len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []
