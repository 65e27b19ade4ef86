"""`python -m bench [--scales 1000,10000 | --quick] [--no-spark]`: measure, then write and print
bench/results.md."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench import report
from bench.clients_section import ClientsRun, clients_section, clients_vs_faker
from bench.common import YEARS, Context, log, parse_scales
from bench.dbt_build import DbtRun
from bench.dbt_section import dbt_build, dbt_section
from bench.generator_section import (
    GENERATOR_REPEATS,
    CopyRun,
    Generated,
    copy_section,
    generate_and_copy,
    generator_section,
)
from bench.machine import MemoryTouch, memory_touch, memory_touch_line
from bench.measure import CommandFailed, peak_method
from bench.performance import PerformanceRun, performance_section, performance_vs_loop
from bench.spark_section import spark_build, spark_scale, spark_section

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results.md"
NAIVE = REPO.parent / "shared" / "bench" / "naive_faker_clients.py"


def _parse(argv: Sequence[str] | None) -> tuple[list[int], bool]:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--scales", default="1000,10000", help="comma-separated client counts (default 1000,10000)")
    parser.add_argument("--quick", action="store_true", help="smoke test: 200 clients only")
    parser.add_argument(
        "--no-spark", action="store_true", help="skip the dbt build on Spark (at 1,000 clients: tens of minutes)"
    )
    args = parser.parse_args(argv)
    scales = [200] if args.quick else parse_scales(parser, "--scales", args.scales)
    return scales, not args.no_spark


@dataclass
class Results:
    scales: list[int]
    touch: MemoryTouch
    gen: list[Generated] = field(default_factory=list)
    cli: list[ClientsRun] = field(default_factory=list)
    cp: list[CopyRun] = field(default_factory=list)
    dbt: list[DbtRun] = field(default_factory=list)
    spark: DbtRun | None = None
    spark_skipped: str = ""
    perf: list[PerformanceRun] = field(default_factory=list)


def render(r: Results) -> str:
    measured = ", ".join(f"{s:,}" for s in r.scales)
    lines = [
        "# Benchmark results",
        "",
        "Written by `python -m bench`; only the figures change between runs on the same machine.",
        "",
        f"Scales measured: {measured} clients, {YEARS} years of history, seed 42.",
        "",
        *report.machine_lines(),
        memory_touch_line(r.touch),
        f"- Peak memory (RSS) of child processes: {peak_method()}",
        "",
        *generator_section(r.gen),
        "",
        *clients_section(r.cli),
        "",
        *copy_section(r.cp),
        "",
        *dbt_section(r.gen, r.dbt),
        "",
        *spark_section(r.spark, r.dbt, r.spark_skipped),
        "",
        *performance_section(r.perf),
    ]
    return "\n".join(lines) + "\n"


def _measure_scale(ctx: Context, r: Results, scale: int, spark: bool) -> None:
    log(f"{scale:,} clients: generator and DuckDB COPY, {GENERATOR_REPEATS} pairs")
    generated, copied = generate_and_copy(ctx, scale)
    r.gen.append(generated)
    r.cp.append(copied)
    log(f"{scale:,} clients: dbt build on DuckDB")
    r.dbt.append(dbt_build(ctx, generated))
    if spark:
        log(f"{scale:,} clients: dbt build on Spark (minutes)")
        r.spark = spark_build(ctx, generated)
    if r.dbt[-1].ok:
        log(f"{scale:,} clients: performance marts against the pandas + empyrical loop")
        r.perf.append(performance_vs_loop(ctx, r.dbt[-1]))
    log(f"{scale:,} clients: clients table against Faker")
    r.cli.append(clients_vs_faker(ctx, scale))


def main(argv: Sequence[str] | None = None) -> int:
    scales, spark = _parse(argv)
    if not NAIVE.is_file():
        print(f"bench: error: the Faker baseline {NAIVE} is missing (expected beside the repo)", file=sys.stderr)
        return 2
    sys.path.insert(0, str(REPO))  # `generator` is imported in-process for section 2
    (REPO / "bench" / "tmp").mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="run_", dir=REPO / "bench" / "tmp"))
    ctx = Context(repo=REPO, work=work, naive_script=NAIVE)
    results = Results(scales, memory_touch(), spark_skipped="" if spark else "`--no-spark`")
    try:
        for scale in scales:
            _measure_scale(ctx, results, scale, spark and scale == spark_scale(scales))
            for leftover in work.iterdir():  # the large outputs of this scale
                if leftover.is_dir():
                    shutil.rmtree(leftover)
    except CommandFailed as error:
        print(f"bench: error: {error}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = render(results)
    RESULTS.write_text(text, encoding="utf-8")
    print(text, end="")
    return 0
