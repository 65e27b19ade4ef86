"""The four measurements (one function each) and the Markdown section that reports each."""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from bench import report as fmt
from bench.measure import CommandFailed, Measurement, measure

TARGET_SCALE = 10_000
YEARS = 10
SEED = 42
T = TypeVar("T")


@dataclass(frozen=True)
class Context:
    repo: Path
    work: Path
    naive_script: Path


# 1. The generator --------------------------------------------------------------------------


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


GENERATOR_REPEATS = 3  # the machine's speed drifts by a fifth within minutes: one run alone misleads


def median_item(items: Sequence[T], key: Callable[[T], float]) -> T:
    """The middle item of `items` ordered by `key` (the upper one of an even count)."""
    return sorted(items, key=key)[len(items) // 2]


def generate_and_copy(ctx: Context, scale: int) -> tuple[Generated, CopyRun]:
    """GENERATOR_REPEATS pairs of runs: the generator (each run replaces the folder atomically,
    with the same bytes), then right after it one timed COPY pass of DuckDB over every table
    (loaded, untimed, after the first run). Pairing keeps each ratio to runs minutes apart."""
    import duckdb

    folder = ctx.work / f"raw_{scale}"
    out = ctx.work / f"copy_{scale}"
    out.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "generator", "--seed", str(SEED), "--scale", str(scale)]
    cmd += ["--years", str(YEARS), "--out", str(folder), "--progress", "off"]
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
    files = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["files"]
    rows: dict[str, int] = {}
    for item in files:  # every table a folder of parts
        table = str(item["name"]).split("/")[0]
        rows[table] = rows.get(table, 0) + int(item["rows"])
    reported = Measurement(median.seconds, max(m.peak_bytes for m in runs), median.stdout)
    generated = Generated(scale, folder, reported, rows, sum(int(item["bytes"]) for item in files))
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
        f"`python -m generator --seed {SEED} --scale N --years {YEARS} --out DIR --progress off` as a child "
        f"process, run {GENERATOR_REPEATS} times (paired with section 3): the median wall time (which includes "
        "interpreter start-up and imports) and the largest peak memory. Rows and bytes are the sums over "
        "`manifest.json`.",
        "",
        "Target: none of its own (generate + build at 10,000 clients is in section 4).",
        "",
        *fmt.table(["Clients", "Wall time", "Peak RSS", "Rows written", "Bytes written", "Rows/s", "MiB/s"], rows),
        "",
        "Rows per table:",
        "",
        *fmt.table(["Table", *(f"{g.scale:,} clients" for g in runs)], per_table),
    ]


# 2. Client rows against the per-row Faker baseline -------------------------------------------


CLIENT_REPEATS = 15  # ours takes tens of milliseconds: one run is at the mercy of the scheduler
FAKER_REPEATS = 3  # Faker's own time moves by half between runs minutes apart


@dataclass(frozen=True)
class ClientsRun:
    scale: int
    pools_seconds: float
    rows_seconds: float
    write_seconds: float
    theirs_seconds: float
    ours_fastest: float
    ours_slowest: float

    @property
    def ours_seconds(self) -> float:
        return self.pools_seconds + self.rows_seconds + self.write_seconds

    @property
    def speedup(self) -> float:
        return self.theirs_seconds / self.ours_seconds

    @property
    def rows_speedup(self) -> float:
        """Without the one-time pool build (shared by every table), as Faker's own figure
        leaves out its set-up."""
        return self.theirs_seconds / (self.rows_seconds + self.write_seconds)


def _ours_clients_once(scale: int, out: Path) -> tuple[float, float, float]:
    """Seconds to build the name pools, build the clients table and write clients.csv (the
    rows the Faker script makes; the advisors and their assignments are other tables)."""
    from generator.config import Config
    from generator.people import build_clients
    from generator.pools import build_pools

    start = time.perf_counter()
    pools = build_pools(SEED)
    built = time.perf_counter()
    clients = build_clients(Config(scale=scale), pools)
    made = time.perf_counter()
    clients.write_csv(out)
    return built - start, made - built, time.perf_counter() - made


def _ours_clients(scale: int, out: Path) -> list[tuple[float, float, float]]:
    """CLIENT_REPEATS timed runs after one untimed warm-up at 10 clients (Faker locale
    imports, Polars start-up), fastest first."""
    _ours_clients_once(10, out)
    runs = [_ours_clients_once(scale, out) for _ in range(CLIENT_REPEATS)]
    return sorted(runs, key=sum)


def clients_vs_faker(ctx: Context, scale: int) -> ClientsRun:
    ours = _ours_clients(scale, ctx.work / f"clients_ours_{scale}.csv")
    median = median_item(ours, key=sum)
    theirs = median_item([_faker_seconds(ctx, scale) for _ in range(FAKER_REPEATS)], key=float)
    return ClientsRun(scale, *median, theirs, sum(ours[0]), sum(ours[-1]))


def _faker_seconds(ctx: Context, scale: int) -> float:
    """The Faker script's own printed seconds for `scale` rows."""
    out = ctx.work / f"clients_faker_{scale}.csv"
    theirs = measure([sys.executable, str(ctx.naive_script), str(scale), str(out)], cwd=ctx.repo)
    found = re.search(r"seconds=([0-9.]+)", theirs.stdout)
    if found is None:
        raise CommandFailed(f"{ctx.naive_script} printed no seconds=: {theirs.stdout[-500:]}")
    return float(found.group(1))


def clients_section(runs: list[ClientsRun]) -> list[str]:
    at_target = [r for r in runs if r.scale == TARGET_SCALE]
    rows = [
        [
            fmt.count(r.scale),
            f"{r.ours_seconds:.3f} s",
            f"{r.ours_fastest:.3f} - {r.ours_slowest:.3f}",
            f"{r.pools_seconds:.3f} / {r.rows_seconds:.3f} / {r.write_seconds:.3f}",
            fmt.count(r.scale / r.ours_seconds),
            fmt.seconds(r.theirs_seconds),
            fmt.count(r.scale / r.theirs_seconds),
            fmt.ratio(r.speedup),
            fmt.ratio(r.rows_speedup),
        ]
        for r in runs
    ]
    header = [
        "Clients",
        "Ours (median)",
        "Ours, fastest - slowest (s)",
        "pools / rows / write (s)",
        "Ours rows/s",
        "Faker",
        "Faker rows/s",
    ]
    return [
        "## 2. Client rows against per-row Faker",
        "",
        "Ours: `build_pools(42)` + `build_clients(Config(scale=N), pools)` + `clients.write_csv()` (the "
        "clients table alone, every CLIENT field of seed 000 and the contact details, as the run makes it), "
        f"timed in-process {CLIENT_REPEATS} times after one untimed warm-up at 10 clients; the median run "
        "is reported (a run takes tens of milliseconds, so one run alone varies with the scheduler). Faker: "
        "`shared/bench/naive_faker_clients.py N OUT` (one Faker call per field per row, csv.DictWriter), "
        f"its own printed seconds, the median of {FAKER_REPEATS} runs; they leave out start-up and "
        "`Faker('en_US')`, while ours include building the Faker name pools of every locale.",
        "",
        "Target: ours at least 100x Faker's rows/s at 10,000 clients. "
        f"Met: {fmt.met(all(r.speedup >= 100 for r in at_target) if at_target else None)}",
        "",
        *fmt.table([*header, "Ours / Faker", "Without pools"], rows),
    ]


# 3. The ceiling: DuckDB's C CSV writer on the same tables --------------------------------------


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


def copy_section(runs: list[CopyRun]) -> list[str]:
    at_target = [r for r in runs if r.scale == TARGET_SCALE]
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
        "`COPY t TO 'out.csv' (HEADER)` timed, summed over all tables. The generator's time is the "
        "whole child process of section 1 (start-up, simulation, formatting, sha256, manifest). "
        f"{GENERATOR_REPEATS} pairs, each a generator run and a COPY pass right after it, since the "
        "machine's speed drifts within minutes; the ratio is the median of the pairs' ratios, the "
        "times the medians of each.",
        "",
        "Target: generator time within 2x of DuckDB's COPY at 10,000 clients. "
        f"Met: {fmt.met(all(r.ratio <= 2 for r in at_target) if at_target else None)}",
        "",
        *fmt.table(
            ["Clients", "Generator", "DuckDB COPY (all tables)", "Generator / COPY", "Pairs: generator / COPY"], rows
        ),
        "",
        f"Largest COPY shares at {last.scale:,} clients: {shares}.",
    ]


# 4. dbt build ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DbtRun:
    scale: int
    generated: Generated
    run: Measurement
    summary: str
    failures: list[str]
    slowest: list[tuple[str, float]]

    @property
    def ok(self) -> bool:
        return self.run.returncode == 0


def dbt_build(ctx: Context, generated: Generated) -> DbtRun:
    scale = generated.scale
    db_dir = ctx.work / f"bench_{scale}"
    db_dir.mkdir(parents=True, exist_ok=True)
    target = ctx.work / f"target_{scale}"
    cmd = [str(ctx.repo / ".venv/bin/dbt"), "build", "--profiles-dir", "profiles"]
    cmd += ["--project-dir", str(ctx.repo), "--target", "duckdb", "--target-path", str(target)]
    cmd += ["--log-path", str(ctx.work / f"logs_{scale}")]
    env = {
        "WEALTH_RAW_DIR": str(generated.folder),
        "WEALTH_RAW_FORMAT": "csv",
        "WEALTH_DUCKDB_PATH": str(db_dir / "wealth.duckdb"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    run = measure(cmd, env, cwd=ctx.repo, check=False)
    failures = [_strip_ansi(line).split("  ", 1)[-1].strip() for line in run.stdout.splitlines() if " in " in line]
    failures = [line for line in failures if line.startswith(("Failure in", "Error in"))]
    if run.returncode != 0:
        print(f"bench: dbt build failed at {scale:,} clients:\n{run.error_tail()}", file=sys.stderr)
    summary = _strip_ansi(_last_line(run.stdout, "Done.")) or f"exit {run.returncode}"
    return DbtRun(scale, generated, run, summary, failures, _slowest_nodes(target))


def _strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def _last_line(text: str, marker: str) -> str:
    lines = [line for line in text.splitlines() if marker in line]
    return lines[-1].split(marker, 1)[1].strip() if lines else ""


def _slowest_nodes(target: Path, n: int = 5) -> list[tuple[str, float]]:
    path = target / "run_results.json"
    if not path.exists():
        return []
    results = json.loads(path.read_text(encoding="utf-8"))["results"]
    # unique_id: "model.<project>.<name>", "test.<project>.<name>.<hash>", "operation.<project>.<name>"
    timings = [(str(r["unique_id"]).split(".")[2], float(r["execution_time"])) for r in results]
    return sorted(timings, key=lambda item: -item[1])[:n]


def dbt_section(runs: list[DbtRun]) -> list[str]:
    rows = []
    verdict: bool | None = None
    note = ""
    for r in runs:
        total = r.generated.run.seconds + r.run.seconds
        peak = max(r.generated.run.peak_bytes, r.run.peak_bytes)
        if r.scale == TARGET_SCALE:
            within = total < 300 and peak < 12 * 2**30
            verdict = r.ok and within
            if not r.ok:
                note = f" (the build failed; time and memory {'within' if within else 'outside'} the limits)"
        result = r.summary if r.ok else f"**failed**: {r.summary}"
        row = [fmt.count(r.scale), fmt.seconds(r.run.seconds), fmt.mib(r.run.peak_bytes), result]
        rows.append([*row, fmt.seconds(total), fmt.gib(peak)])
    lines = [
        "## 4. dbt build",
        "",
        "`dbt build --profiles-dir profiles --target duckdb` on the generated folder (raw load hook, "
        "seeds, models and tests), into a fresh DuckDB file, as a child process. Generate + build adds "
        "section 1's time; their peak is the larger of the two processes' peaks (they run one after "
        "another). A failed build counts as not met.",
        "",
        "Target: generate + build at 10,000 clients under 5 minutes and under 12 GiB peak. "
        f"Met: {fmt.met(verdict)}{note}",
        "",
        *fmt.table(["Clients", "dbt build", "Peak RSS", "Result", "Generate + build", "Peak of both"], rows),
    ]
    for r in runs:
        if r.failures:
            lines += ["", f"Failed at {r.scale:,} clients: " + "; ".join(f"`{f}`" for f in r.failures) + "."]
    last = next((r for r in reversed(runs) if r.slowest), None)
    if last is not None:
        slowest = ", ".join(f"{name} {sec:.2f} s" for name, sec in last.slowest)
        lines += ["", f"Slowest dbt nodes at {last.scale:,} clients: {slowest}."]
    return lines
