"""`python -m bench [--scales 1000,10000 | --quick]`: measure, then write and print bench/results.md."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench import report
from bench.machine import MemoryTouch, memory_touch, memory_touch_line
from bench.measure import CommandFailed, peak_method
from bench.performance import PerformanceRun, performance_section, performance_vs_loop
from bench.sections import (
    GENERATOR_REPEATS,
    YEARS,
    ClientsRun,
    Context,
    CopyRun,
    DbtRun,
    Generated,
    clients_section,
    clients_vs_faker,
    copy_section,
    dbt_build,
    dbt_section,
    generate_and_copy,
    generator_section,
)

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results.md"
NAIVE = REPO.parent / "shared" / "bench" / "naive_faker_clients.py"


def _parse(argv: Sequence[str] | None) -> list[int]:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--scales", default="1000,10000", help="comma-separated client counts (default 1000,10000)")
    parser.add_argument("--quick", action="store_true", help="smoke test: 200 clients only")
    args = parser.parse_args(argv)
    if args.quick:
        return [200]
    try:
        scales = sorted({int(part) for part in args.scales.split(",") if part.strip()})
    except ValueError:
        parser.error(f"--scales {args.scales!r} must be comma-separated integers, e.g. 1000,10000")
    if not scales or scales[0] < 1:
        parser.error("--scales needs at least one positive client count")
    return scales


def _log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def render(
    scales: list[int],
    gen: list[Generated],
    cli: list[ClientsRun],
    cp: list[CopyRun],
    dbt: list[DbtRun],
    perf: list[PerformanceRun],
    touch: MemoryTouch,
) -> str:
    measured = ", ".join(f"{s:,}" for s in scales)
    lines = [
        "# Benchmark results",
        "",
        "Written by `python -m bench`; only the figures change between runs on the same machine.",
        "",
        f"Scales measured: {measured} clients, {YEARS} years of history, seed 42.",
        "",
        *report.machine_lines(),
        memory_touch_line(touch),
        f"- Peak memory (RSS) of child processes: {peak_method()}",
        "",
        *generator_section(gen),
        "",
        *clients_section(cli),
        "",
        *copy_section(cp),
        "",
        *dbt_section(dbt),
        "",
        *performance_section(perf),
    ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    scales = _parse(argv)
    if not NAIVE.is_file():
        print(f"bench: error: the Faker baseline {NAIVE} is missing (expected beside the repo)", file=sys.stderr)
        return 2
    sys.path.insert(0, str(REPO))  # `generator` is imported in-process for section 2
    (REPO / "bench" / "tmp").mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="run_", dir=REPO / "bench" / "tmp"))
    ctx = Context(repo=REPO, work=work, naive_script=NAIVE)
    gen: list[Generated] = []
    cli: list[ClientsRun] = []
    cp: list[CopyRun] = []
    dbt: list[DbtRun] = []
    perf: list[PerformanceRun] = []
    touch = memory_touch()
    try:
        for scale in scales:
            _log(f"{scale:,} clients: generator and DuckDB COPY, {GENERATOR_REPEATS} pairs")
            generated, copied = generate_and_copy(ctx, scale)
            gen.append(generated)
            cp.append(copied)
            _log(f"{scale:,} clients: dbt build")
            dbt.append(dbt_build(ctx, gen[-1]))
            if dbt[-1].ok:
                _log(f"{scale:,} clients: performance marts against the pandas + empyrical loop")
                perf.append(performance_vs_loop(ctx, dbt[-1]))
            _log(f"{scale:,} clients: clients table against Faker")
            cli.append(clients_vs_faker(ctx, scale))
            for leftover in work.iterdir():  # the large outputs of this scale
                if leftover.is_dir():
                    shutil.rmtree(leftover)
    except CommandFailed as error:
        print(f"bench: error: {error}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = render(scales, gen, cli, cp, dbt, perf, touch)
    RESULTS.write_text(text, encoding="utf-8")
    print(text, end="")
    return 0
