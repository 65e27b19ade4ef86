"""Bad input: one clear line naming the problem and the fix, exit code 2, nothing written."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from generator.cli import main


@pytest.fixture
def previous_output(tmp_path: Path) -> Path:
    out = tmp_path / "raw"
    out.mkdir()
    (out / "clients.csv").write_text("client_id\n1\n", encoding="utf-8")
    return out


CASES = {
    "negative scale": (["--scale", "-5"], "--scale -5 must be a positive number"),
    "zero scale": (["--scale", "0"], "--scale 0 must be a positive number"),
    "as-of before start": (["--as-of", "2015-01-01", "--start", "2016-01-01"], "is not after the history start"),
    "unknown format": (["--format", "xlsx"], "--format 'xlsx' is unknown"),
    "bad date": (["--as-of", "31/12/2025"], "is not a date: use YYYY-MM-DD"),
    "too large for memory": (["--scale", "2000000000"], "lower --scale or --years"),
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


def test_interrupted_run_keeps_previous_output(previous_output: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.pipeline as pipeline

    def explode(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "build_book", explode)
    before = {p.name: p.read_bytes() for p in previous_output.iterdir()}
    with pytest.raises(KeyboardInterrupt):
        main(["--scale", "5", "--years", "1", "--out", str(previous_output), "--progress", "off"])
    assert {p.name: p.read_bytes() for p in previous_output.iterdir()} == before
    assert [p.name for p in previous_output.parent.iterdir()] == ["raw"]


def test_failed_table_write_keeps_previous_output(
    previous_output: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A table whose file cannot be written (a full disk, say) fails the run, with one line and
    exit code 2, while the other writer thread is busy with the next tables: the partial folder
    is removed once both threads stop, and the previous output stays as it was."""
    import generator.formats as formats

    write = formats.CsvAppender.write

    def full_disk(self: formats.CsvAppender, frame: object) -> None:
        if self.path.name == "transactions.csv":  # streamed as the simulation books it
            raise OSError(28, "No space left on device")
        write(self, frame)  # type: ignore[arg-type]

    monkeypatch.setattr(formats.CsvAppender, "write", full_disk)
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
    assert "--scale 1000 writes about 0.4 GiB and 0.0 GiB is free" in err
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
