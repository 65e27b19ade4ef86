"""`python -m bench.scale [--scales 1000,10000,100000] [--build-scales 10000,100000]`: the long runs,
side by side in one run, written to bench/scale.md.

The generator at growing scales, one worker and two: wall time, rows a second, the peak memory
of the whole process tree and the size of the output (CSV). Then generate + dbt build on DuckDB
at each build scale, the generator writing Parquet: wall times, peak tree memory, DuckDB's spill
peak, bytes per 1,000 clients, the peak disk, and the ten slowest nodes with their growth from
the smallest build scale to the largest. The large outputs are deleted after each run.

Targets (issue 24): the generator's peak memory flat in the scale and under 3 GiB with two
workers, 100,000 clients x 10 years in under 4 minutes; generate + build at 100,000 clients in
under 30 minutes, under 20 GiB of memory and within 70 GB of disk."""

from __future__ import annotations

import argparse
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench import report as fmt
from bench.common import generator_command, log, parse_scales
from bench.dbt_build import DbtRun, duckdb_build, slowest_lines
from bench.generator_section import manifest_files
from bench.machine import memory_touch, memory_touch_line
from bench.measure import CommandFailed, Measurement, measure, peak_method
from generator.shards import SHARD_SIZE

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "scale.md"
GiB, MiB = 2**30, 2**20
TARGET_PEAK, TARGET_SECONDS = 3 * GiB, 240.0
BUILD_SCALE = 100_000  # the scale of the build targets
BUILD_SECONDS, BUILD_PEAK, BUILD_DISK = 30 * 60.0, 20 * GiB, 70 * 10**9


def _log(message: str) -> None:
    log(message, "bench.scale")


@dataclass(frozen=True)
class Run:
    scale: int
    jobs: int
    seconds: float
    peak_bytes: int  # the process tree's, sampled
    rows: int
    output_bytes: int


@dataclass(frozen=True)
class Build:
    """Generate (Parquet, every core) then dbt build on DuckDB, at one scale."""

    generated: Measurement
    built: DbtRun

    @property
    def scale(self) -> int:
        return self.built.scale

    @property
    def seconds(self) -> float:
        return self.generated.seconds + self.built.run.seconds

    @property
    def peak_bytes(self) -> int:
        return max(self.generated.peak_bytes, self.built.run.peak_bytes)

    @property
    def disk_peak(self) -> int:
        return max(self.generated.disk_peaks.get("total", 0), self.built.disk_peak)


def generate(scale: int, jobs: int, out: Path) -> Run:
    run = measure(generator_command(scale, out, "csv", jobs), cwd=REPO)
    files = manifest_files(out)
    rows, size = (sum(int(str(f[key])) for f in files) for key in ("rows", "bytes"))
    shutil.rmtree(out)
    return Run(scale, jobs, run.seconds, run.peak_bytes, rows, size)


def build(scale: int, work: Path) -> Build:
    """Generate Parquet and build it; the raw files, the DuckDB files and the spill are deleted
    afterwards, the run_results.json (in its own --target-path) kept until the end."""
    raw = work / f"raw_{scale}"
    _log(f"{scale:,} clients: generate (Parquet), {shutil.disk_usage(work).free / GiB:,.0f} GiB free")
    watch = {"total": [raw, raw.parent / f".{raw.name}.partial"]}
    generated = measure(generator_command(scale, raw, "parquet"), cwd=REPO, watch=watch)
    _log(f"{scale:,} clients: dbt build on DuckDB")
    try:
        built = duckdb_build(REPO, work, scale, raw, "parquet")
    finally:
        for folder in (raw, work / f"duckdb_{scale}", work / f"spill_{scale}"):
            shutil.rmtree(folder, ignore_errors=True)
    return Build(generated, built)


def generator_lines(runs: list[Run]) -> list[str]:
    lines = [
        "## The generator",
        "",
        "CSV, `--jobs` 1 and 2. Each figure is one run; the machine's speed moves by a fifth or more.",
        "",
        "| clients | workers | wall s | rows | rows/s | peak tree MiB | output GiB |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for run in runs:
        lines.append(
            f"| {run.scale:,} | {run.jobs} | {run.seconds:.1f} | {run.rows:,} | {run.rows / run.seconds:,.0f} "
            f"| {run.peak_bytes / MiB:,.0f} | {run.output_bytes / GiB:.2f} |"
        )
    largest = max(run.scale for run in runs)
    two = [run for run in runs if run.jobs == 2]
    # flat in the scale: against the smallest scale that keeps both workers busy (two shards)
    busy = [run for run in two if run.scale >= 2 * SHARD_SIZE]
    if busy:
        top, least = max(busy, key=lambda run: run.scale), min(busy, key=lambda run: run.scale)
        flat = top.peak_bytes / least.peak_bytes
        lines += [
            "",
            "| target | figure | met |",
            "| :--- | ---: | :--- |",
            f"| peak memory at {top.scale:,} clients no higher than at {least.scale:,} (flat), two workers "
            f"| {top.peak_bytes / MiB:,.0f} / {least.peak_bytes / MiB:,.0f} MiB = {flat:.2f}x "
            f"| {'yes' if flat <= 1.1 else 'no'} |",
            f"| under 3 GiB with two workers | {max(r.peak_bytes for r in two) / GiB:.2f} GiB "
            f"| {'yes' if max(r.peak_bytes for r in two) < TARGET_PEAK else 'no'} |",
        ]
        if largest >= 100_000:
            hundred = next(r for r in two if r.scale == largest)
            lines.append(
                f"| {largest:,} clients in under 4 minutes | {hundred.seconds:.0f} s "
                f"| {'yes' if hundred.seconds < TARGET_SECONDS else 'no'} |"
            )
    return lines


def build_targets(builds: Sequence[Build]) -> list[fmt.Target]:
    """The issue's targets for generate + build at BUILD_SCALE clients."""
    goals = [
        f"generate + build at {BUILD_SCALE:,} clients in under {BUILD_SECONDS / 60:,.0f} minutes",
        f"peak memory (process tree) under {BUILD_PEAK / GiB:,.0f} GiB",
        f"peak disk (raw files, DuckDB files and spill) within {BUILD_DISK / 10**9:,.0f} GB",
    ]
    at = next((b for b in builds if b.scale == BUILD_SCALE), None)
    if at is None:
        return [fmt.Target.unmeasured(goal, f"{BUILD_SCALE:,} clients not built in this run") for goal in goals]
    failed = "" if at.built.ok else ", but the build failed"
    return [
        fmt.Target(
            goals[0],
            f"{at.generated.seconds:,.0f} + {at.built.run.seconds:,.0f} = {at.seconds:,.0f} s "
            f"({at.seconds / 60:,.1f} min){failed}",
            at.built.ok and at.seconds < BUILD_SECONDS,
        ),
        fmt.Target(goals[1], fmt.gib(at.peak_bytes) + failed, at.built.ok and at.peak_bytes < BUILD_PEAK),
        fmt.Target(goals[2], f"{at.disk_peak / 10**9:,.1f} GB{failed}", at.built.ok and at.disk_peak <= BUILD_DISK),
    ]


def build_lines(builds: list[Build]) -> list[str]:
    rows = [
        [
            fmt.count(b.scale),
            fmt.seconds(b.generated.seconds),
            fmt.seconds(b.built.run.seconds),
            fmt.seconds(b.seconds),
            f"{fmt.mib(b.generated.peak_bytes)} / {fmt.mib(b.built.run.peak_bytes)}",
            fmt.size(b.built.spill_peak),
            fmt.per_thousand(b.built.raw_bytes, b.scale),
            fmt.per_thousand(b.built.warehouse_bytes, b.scale),
            fmt.size(b.disk_peak),
            b.built.summary if b.built.ok else f"**failed**: {b.built.summary}",
        ]
        for b in builds
    ]
    header = ["Clients", "Generate", "dbt build", "Generate + build", "Peak tree RSS (generate / build)"]
    header += ["Spill peak", "Raw files / 1,000 clients", "DuckDB files / 1,000 clients", "Peak disk", "Result"]
    lines = [
        "## Generate + dbt build (DuckDB)",
        "",
        "The generator writes Parquet (`--format parquet`, `--jobs` = cores), then `dbt build --target duckdb` "
        "loads it into a fresh DuckDB file, each a child process measured as above; its own `--target-path` "
        "per scale. DuckDB spills into a folder of its own (`WEALTH_DUCKDB_TEMP_DIR`), sampled every 0.5 s. "
        "The DuckDB files are `wealth.duckdb` and `wealth.intermediate.duckdb` when the build makes it, "
        "their bytes after the build; the raw files' are the manifest's. Peak disk: the raw files, the DuckDB "
        "files and the spill together, sampled every 0.5 s (blocks allocated, as `du` counts them), the "
        "larger of the generator's run and the build's. GB is 10^9 bytes, GiB 2^30.",
        "",
        *fmt.targets(build_targets(builds)),
        "",
        *fmt.table(header, rows),
    ]
    for b in builds:
        if b.built.failures:
            lines += ["", f"Failed at {b.scale:,} clients: " + "; ".join(f"`{f}`" for f in b.built.failures) + "."]
    slowest = slowest_lines([b.built for b in builds])
    return [*lines, "", *slowest] if slowest else lines


def render(runs: list[Run], builds: list[Build], machine: list[str]) -> str:
    lines = [
        "# The generator and the build at scale",
        "",
        "Written by `make bench-scale` (`python -m bench.scale`): seed 42, 10 years of history.",
        f"Peak memory: {peak_method()}.",
        "",
        *machine,
    ]
    if runs:
        lines += ["", *generator_lines(runs)]
    if builds:
        lines += ["", *build_lines(builds)]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__)
    parser.add_argument("--scales", default="1000,10000,100000", help="the generator's client counts ('' for none)")
    parser.add_argument(
        "--build-scales", default="10000,100000", help="generate + dbt build at these client counts ('' for none)"
    )
    args = parser.parse_args(argv)
    scales = parse_scales(parser, "--scales", args.scales, allow_empty=True)
    build_scales = parse_scales(parser, "--build-scales", args.build_scales, allow_empty=True)
    machine = [*fmt.machine_lines(), memory_touch_line(memory_touch())]
    runs, builds = [], []
    (REPO / "bench" / "tmp").mkdir(exist_ok=True)
    code = 0
    with tempfile.TemporaryDirectory(prefix="scale-", dir=REPO / "bench" / "tmp") as folder:
        work = Path(folder)
        try:
            for scale in scales:
                for jobs in (1, 2):
                    _log(f"{scale:,} clients, {jobs} worker(s)")
                    runs.append(generate(scale, jobs, work / "raw"))
            for scale in build_scales:
                builds.append(build(scale, work))
        except CommandFailed as error:  # the figures so far are still written
            _log(f"error: {error}")
            code = 1
    text = render(runs, builds, machine)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
