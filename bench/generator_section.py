"""Sections 1 and 3: the generator, and the same tables re-written by DuckDB's COPY (paired
runs, since the machine's speed drifts within minutes)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from bench import report as fmt
from bench.common import JOBS, SEED, TARGET_SCALE, YEARS, Context, generator_command, median_item
from bench.measure import Measurement, measure

GENERATOR_REPEATS = 3  # the machine's speed drifts by a fifth within minutes: one run alone misleads
COPY_TARGET = 1.0  # the generator no slower than DuckDB re-writing the same data


@dataclass(frozen=True)
class Generated:
    scale: int
    folder: Path
    run: Measurement
    table_rows: dict[str, int]
    bytes: int

    @property
    def rows(self) -> int:
        return sum(self.table_rows.values())


@dataclass(frozen=True)
class CopyRun:
    scale: int
    pairs: list[tuple[float, dict[str, float]]]  # (generator seconds, COPY seconds per table) per pair

    @property
    def ratios(self) -> list[float]:
        return [seconds / sum(timings.values()) for seconds, timings in self.pairs]

    @property
    def ratio(self) -> float:
        return median_item(self.ratios, key=float)

    @property
    def generator_seconds(self) -> float:
        return median_item([seconds for seconds, _ in self.pairs], key=float)

    @property
    def seconds(self) -> float:
        return sum(self.table_seconds.values())

    @property
    def table_seconds(self) -> dict[str, float]:
        """The COPY pass of the median total."""
        return median_item([timings for _, timings in self.pairs], key=lambda t: sum(t.values()))


def manifest_files(folder: Path) -> list[dict[str, object]]:
    files: list[dict[str, object]] = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["files"]
    return files


def raw_bytes(folder: Path) -> int:
    """Bytes of the generated files, from the manifest."""
    return sum(int(str(item["bytes"])) for item in manifest_files(folder))


def generate_and_copy(ctx: Context, scale: int) -> tuple[Generated, CopyRun]:
    """GENERATOR_REPEATS pairs of runs: the generator (each run replaces the folder atomically,
    with the same bytes), then right after it one timed COPY pass of DuckDB over every table
    (loaded, untimed, after the first run). Pairing keeps each ratio to runs minutes apart."""
    import duckdb

    folder = ctx.work / f"raw_{scale}"
    out = ctx.work / f"copy_{scale}"
    out.mkdir(parents=True, exist_ok=True)
    cmd = generator_command(scale, folder)
    runs: list[Measurement] = []
    passes: list[dict[str, float]] = []
    with duckdb.connect() as con:
        con.execute("set enable_progress_bar = false")
        for _ in range(GENERATOR_REPEATS):
            runs.append(measure(cmd, cwd=ctx.repo))
            tables = sorted(path.name for path in folder.iterdir() if path.is_dir())
            if not passes:
                for table in tables:
                    reader = f"read_csv('{folder / table}/*.csv', header=true, all_varchar=false)"
                    con.execute(f'create table "{table}" as select * from {reader}')
            timings: dict[str, float] = {}
            for table in tables:
                started = time.perf_counter()
                con.execute(f"copy \"{table}\" to '{out / table}.csv' (header)")
                timings[table] = time.perf_counter() - started
            passes.append(timings)
    median = median_item(runs, key=lambda m: m.seconds)
    rows: dict[str, int] = {}
    for item in manifest_files(folder):  # every table a folder of parts
        table = str(item["name"]).split("/")[0]
        rows[table] = rows.get(table, 0) + int(str(item["rows"]))
    reported = Measurement(median.seconds, max(m.peak_bytes for m in runs), median.stdout)
    generated = Generated(scale, folder, reported, rows, raw_bytes(folder))
    return generated, CopyRun(scale, [(run.seconds, timings) for run, timings in zip(runs, passes, strict=True)])


def generator_section(runs: list[Generated]) -> list[str]:
    rows = [
        [
            fmt.count(g.scale),
            fmt.seconds(g.run.seconds),
            fmt.mib(g.run.peak_bytes),
            fmt.count(g.rows),
            fmt.mib(g.bytes),
            fmt.count(g.rows / g.run.seconds),
            f"{g.bytes / 2**20 / g.run.seconds:,.1f}",
        ]
        for g in runs
    ]
    names = sorted(runs[-1].table_rows, key=lambda name: -runs[-1].table_rows[name])
    per_table = [[name, *(fmt.count(g.table_rows.get(name, 0)) for g in runs)] for name in names]
    return [
        "## 1. Generator",
        "",
        f"`python -m generator --seed {SEED} --scale N --years {YEARS} --format csv --jobs {JOBS} --out DIR "
        f"--progress off` (`--jobs` = the machine's cores, the default) as a child process, run "
        f"{GENERATOR_REPEATS} times (paired with section 3): the median wall time (which includes interpreter "
        "start-up and imports) and the largest peak memory of the process tree (the run and its workers). "
        "Rows and bytes are the sums over `manifest.json`.",
        "",
        "Target: none of its own (against DuckDB's COPY in section 3, generate + build in section 4).",
        "",
        *fmt.table(["Clients", "Wall time", "Peak tree RSS", "Rows written", "Bytes written", "Rows/s", "MiB/s"], rows),
        "",
        "Rows per table:",
        "",
        *fmt.table(["Table", *(f"{g.scale:,} clients" for g in runs)], per_table),
    ]


def copy_target(runs: list[CopyRun]) -> fmt.Target:
    goal = (
        f"the generator within {COPY_TARGET:.1f}x of DuckDB's COPY of the same tables at {TARGET_SCALE:,} clients "
        f"(no slower), {JOBS} workers"
    )
    at_target = next((r for r in runs if r.scale == TARGET_SCALE), None)
    if at_target is None:
        return fmt.Target.unmeasured(goal, f"{TARGET_SCALE:,} clients not in this run")
    figure = (
        f"{fmt.seconds(at_target.generator_seconds)} / {fmt.seconds(at_target.seconds)} = {fmt.ratio(at_target.ratio)}"
    )
    return fmt.Target(goal, figure, at_target.ratio <= COPY_TARGET)


def copy_section(runs: list[CopyRun]) -> list[str]:
    rows = [
        [
            fmt.count(r.scale),
            fmt.seconds(r.generator_seconds),
            fmt.seconds(r.seconds),
            fmt.ratio(r.ratio),
            ", ".join(f"{g:.2f} / {sum(t.values()):.2f} s" for g, t in r.pairs),
        ]
        for r in runs
    ]
    last = runs[-1]
    slowest = sorted(last.table_seconds.items(), key=lambda item: -item[1])[:4]
    shares = ", ".join(f"{name} {sec:.2f} s ({sec / last.seconds:.0%})" for name, sec in slowest)
    return [
        "## 3. Against DuckDB's CSV writer",
        "",
        "Every generated CSV loaded into an in-memory DuckDB table (untimed), then only "
        "`COPY t TO 'out.csv' (HEADER)` timed, summed over all tables (DuckDB on every core). The generator's "
        f"time is the whole child process of section 1 with {JOBS} workers (start-up, simulation, formatting, "
        f"sha256, manifest). {GENERATOR_REPEATS} pairs, each a generator run and a COPY pass right after it, since "
        "the machine's speed drifts within minutes; the ratio is the median of the pairs' ratios, the times "
        "the medians of each.",
        "",
        *fmt.targets([copy_target(runs)]),
        "",
        *fmt.table(
            ["Clients", "Generator", "DuckDB COPY (all tables)", "Generator / COPY", "Pairs: generator / COPY"], rows
        ),
        "",
        f"Largest COPY shares at {last.scale:,} clients: {shares}.",
    ]
