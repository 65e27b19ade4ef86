"""The benchmark's measuring and reporting pieces (no benchmark is run: nothing here is timed)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench import report as fmt
from bench.common import parse_scales
from bench.dbt_build import DbtRun, growth, growth_cell, node_name, slowest_lines, superlinear
from bench.measure import CommandFailed, Measurement, disk_usage, measure, rss, tree_rss

MiB = 2**20
# holds `MB` MiB of written (resident) memory for `SECONDS`, as a child of the measured command
HOLD = "import sys, time\nblock = b'x' * (int(sys.argv[1]) << 20)\ntime.sleep(float(sys.argv[2]))\n"
PARENT = (
    "import subprocess, sys\n"
    "block = b'x' * (int(sys.argv[1]) << 20)\n"
    "subprocess.run([sys.executable, '-c', sys.argv[2], sys.argv[1], '0.8'], check=True)\n"
)


def test_tree_peak_sums_the_child_with_its_parent() -> None:
    """A parent holding 120 MiB runs a child holding 120 MiB: the tree's peak is both together,
    more than either process ever held alone (what GNU time would report)."""
    run = measure([sys.executable, "-c", PARENT, "120", HOLD])
    assert run.returncode == 0
    assert run.peak_bytes > 230 * MiB, run.peak_bytes
    alone = measure([sys.executable, "-c", HOLD, "120", "0.3"])
    assert 120 * MiB < alone.peak_bytes < 200 * MiB, alone.peak_bytes


def test_a_child_of_a_large_process_is_measured_at_its_own_size() -> None:
    """The kernel's ru_maxrss of a child counts the parent it was forked from until its exec
    (the bench or pytest, hundreds of MiB): the peak is the child's own."""
    ballast = bytearray(400 * MiB)
    ballast[::4096] = b"x" * len(range(0, len(ballast), 4096))  # every page resident
    run = measure([sys.executable, "-c", HOLD, "20", "0.5"])
    assert rss(os.getpid()) > 400 * MiB
    assert 20 * MiB < run.peak_bytes < 150 * MiB, run.peak_bytes
    del ballast


def test_tree_rss_counts_the_processes_below() -> None:
    child = subprocess.Popen([sys.executable, "-c", HOLD, "60", "5"])
    try:
        deadline = time.monotonic() + 5
        while rss(child.pid) < 60 * MiB and time.monotonic() < deadline:
            time.sleep(0.05)
        assert tree_rss(os.getpid()) >= rss(os.getpid()) + 60 * MiB
    finally:
        child.kill()
        child.wait()
    assert rss(child.pid) == 0  # gone


def test_disk_usage_sums_files_under_the_paths(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(os.urandom(MiB))
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "sub" / "deeper" / "b").write_bytes(os.urandom(2 * MiB))
    assert disk_usage([tmp_path]) >= 3 * MiB
    assert disk_usage([tmp_path / "a", tmp_path / "missing"]) >= MiB
    assert disk_usage([tmp_path / "a"]) < 2 * MiB
    assert disk_usage([tmp_path / "missing"]) == 0


def test_measure_samples_the_peak_disk_of_what_a_run_deletes(tmp_path: Path) -> None:
    script = (
        "import os, sys, time\n"
        "path = os.path.join(sys.argv[1], 'spill')\n"
        "os.makedirs(path)\n"
        "open(os.path.join(path, 'f'), 'wb').write(os.urandom(4 << 20))\n"
        "time.sleep(0.5)\n"
        "os.remove(os.path.join(path, 'f'))\n"
    )
    watch = {"spill": [tmp_path / "spill"], "none": [tmp_path / "nothing"]}
    run = measure([sys.executable, "-c", script, str(tmp_path)], watch=watch, disk_interval=0.05)
    assert run.disk_peaks["spill"] >= 4 * MiB
    assert run.disk_peaks["none"] == 0
    assert disk_usage([tmp_path / "spill"]) < MiB  # the empty folder itself


def test_measure_exit_status_and_output() -> None:
    run = measure([sys.executable, "-c", "print('hello'); raise SystemExit(3)"], check=False)
    assert (run.returncode, run.stdout.strip()) == (3, "hello")
    with pytest.raises(CommandFailed, match="exited with 3"):
        measure([sys.executable, "-c", "raise SystemExit(3)"])


def _run(scale: int, timings: dict[str, float]) -> DbtRun:
    return DbtRun(scale, "duckdb", Measurement(1.0, MiB, ""), "PASS=3", [], timings, 0)


def test_growth_and_its_flag() -> None:
    assert growth(2.0, 21.0) == 10.5
    assert growth(0.0, 1.0) is None
    assert not superlinear(11.9, 10)
    assert superlinear(12.1, 10)
    assert not superlinear(None, 10)
    assert growth_cell(10.5, 10) == "10.5x"
    assert growth_cell(15.0, 10) == "**15.0x** (above 12x)"
    assert growth_cell(3.0, 2) == "**3.00x** (above 2.4x)"
    assert growth_cell(None, 10) == "n/a"


def test_node_name_keeps_the_kind_of_non_models() -> None:
    assert node_name("model.wealth_warehouse.fct_x") == "fct_x"
    assert node_name("test.wealth_warehouse.not_null_fct_x_id.1a2b3c") == "not_null_fct_x_id (test)"
    assert node_name("unit_test.wealth_warehouse.fct_y.handles_gaps") == "fct_y.handles_gaps (unit_test)"
    assert node_name("operation.wealth_warehouse.wealth_warehouse-on-run-start-0") == (
        "wealth_warehouse-on-run-start-0 (operation)"
    )


def test_slowest_lines_rank_the_larger_scale_and_flag_superlinear_growth() -> None:
    small = _run(1_000, {"model.p.a": 1.0, "model.p.b": 2.0, "model.p.c": 0.5})
    large = _run(10_000, {"model.p.a": 13.0, "model.p.b": 20.0, "model.p.c": 30.0, "model.p.new": 5.0})
    lines = slowest_lines([large, small], n=3)
    assert "10x the clients, so about 10x is linear; above 12x is flagged (2 here)" in lines[0]
    rows = [line for line in lines if line.startswith("| ") and "---" not in line][1:]
    assert rows == [
        "| c | 0.50 s | 30.00 s | **60.0x** (above 12x) |",
        "| b | 2.00 s | 20.00 s | 10.0x |",
        "| a | 1.00 s | 13.00 s | **13.0x** (above 12x) |",
    ]
    one = slowest_lines([large], n=1)
    assert one[0] == "The 1 slowest nodes at 10,000 clients:"
    assert one[-1] == "| c | 30.00 s |"
    assert slowest_lines([_run(1_000, {})]) == []


def test_targets_render_the_figure_and_the_verdict() -> None:
    lines = fmt.targets(
        [
            fmt.Target("under 150 s", "140.00 s", True),
            fmt.Target("within 1.0x", "1.20x", False),
            fmt.Target.unmeasured("at 10,000", "10,000 clients not in this run"),
        ]
    )
    assert lines[0] == "| Target | Measured | Met |"
    assert lines[2:] == [
        "| under 150 s | 140.00 s | yes |",
        "| within 1.0x | 1.20x | **no** |",
        "| at 10,000 | not measured (10,000 clients not in this run) | n/a |",
    ]


def test_parse_scales() -> None:
    import argparse

    parser = argparse.ArgumentParser()
    assert parse_scales(parser, "--scales", "10000, 1000,1000") == [1000, 10000]
    assert parse_scales(parser, "--build-scales", "", allow_empty=True) == []
    for bad in ("", "ten", "0"):
        with pytest.raises(SystemExit):
            parse_scales(parser, "--scales", bad)


def test_copy_and_build_targets_at_ten_thousand_clients() -> None:
    from bench.dbt_section import build_target
    from bench.generator_section import CopyRun, Generated, copy_target

    pairs = [(20.0, {"a": 15.0, "b": 5.0}), (22.0, {"a": 16.0, "b": 5.0}), (19.0, {"a": 14.0, "b": 5.0})]
    met = copy_target([CopyRun(10_000, pairs)])
    assert (met.figure, met.ok) == ("20.00 s / 20.00 s = 1.00x", True)
    slower = copy_target([CopyRun(10_000, [(30.0, {"a": 20.0})])])
    assert (slower.figure, slower.ok) == ("30.00 s / 20.00 s = 1.50x", False)
    assert copy_target([CopyRun(1_000, pairs)]).ok is None

    generated = Generated(10_000, Path("raw"), Measurement(20.0, MiB, ""), {}, 0)
    assert build_target([generated], [_run(10_000, {})]).figure == "20.00 + 1.00 = 21.00 s"
    assert build_target([generated], [_run(10_000, {})]).ok is True
    failed = DbtRun(10_000, "duckdb", Measurement(1.0, MiB, "", 1), "exit 1", [], {}, 0)
    assert build_target([generated], [failed]).ok is False
    assert build_target([generated], [_run(1_000, {})]).ok is None


def test_scale_build_targets_at_a_hundred_thousand_clients() -> None:
    from bench.scale import Build, GiB, build_targets

    generated = Measurement(200.0, 2 * GiB, "", disk_peaks={"total": 4 * 10**9})
    measured = Measurement(1000.0, 12 * GiB, "", disk_peaks={"total": 71 * 10**9})
    built = DbtRun(100_000, "duckdb", measured, "PASS=3", [], {}, 0)
    figures = [(t.figure, t.ok) for t in build_targets([Build(generated, built)])]
    assert figures == [("200 + 1,000 = 1,200 s (20.0 min)", True), ("12.00 GiB", True), ("71.0 GB", False)]
    assert {t.ok for t in build_targets([Build(generated, _run(10_000, {}))])} == {None}
