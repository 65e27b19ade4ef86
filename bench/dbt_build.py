"""One dbt build as a measured child process, what its run_results.json says, and how each node
grew from one scale to the next: shared by `make bench` and `make bench-scale`."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from bench import report as fmt
from bench.common import log
from bench.generator_section import raw_bytes
from bench.measure import Measurement, measure

GROWTH_TOLERANCE = 1.2  # a node is flagged when it grows by more than 1.2x the step in clients
SLOWEST = 10


@dataclass(frozen=True)
class DbtRun:
    scale: int
    engine: str  # the dbt target: duckdb or spark
    run: Measurement
    summary: str
    failures: list[str]
    timings: dict[str, float]  # execution seconds by node unique_id (run_results.json)
    raw_bytes: int
    warehouse_bytes: int = 0  # DuckDB: the .duckdb files and their write-ahead logs after the build
    database: Path | None = None

    @property
    def ok(self) -> bool:
        return self.run.returncode == 0

    @property
    def spill_peak(self) -> int:
        return self.run.disk_peaks.get("spill", 0)

    @property
    def disk_peak(self) -> int:
        return self.run.disk_peaks.get("total", 0)


def dbt_command(repo: Path, work: Path, engine: str, tag: str, *args: str) -> list[str]:
    """`dbt build` (or `args`) on `engine` with its own target and log folders under `work`
    (a run_results.json per scale)."""
    command = [str(Path(sys.executable).parent / "dbt"), *(args or ("build",)), "--profiles-dir", "profiles"]
    command += ["--project-dir", str(repo), "--target", engine, "--target-path", str(work / f"target_{tag}")]
    return [*command, "--log-path", str(work / f"logs_{tag}")]


def run_dbt(
    repo: Path,
    work: Path,
    scale: int,
    engine: str,
    raw: Path,
    raw_format: str,
    env: dict[str, str],
    watch: Mapping[str, Sequence[Path]],
) -> DbtRun:
    """`dbt build` of the generated folder `raw` on `engine`, measured."""
    tag = f"{engine}_{scale}"
    env = {
        "WEALTH_RAW_DIR": str(raw),
        "WEALTH_RAW_FORMAT": raw_format,
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        **env,
    }
    run = measure(dbt_command(repo, work, engine, tag), env, cwd=repo, check=False, watch=watch)
    if run.returncode != 0:
        log(f"dbt build on {engine} failed at {scale:,} clients:\n{run.error_tail()}")
    summary = _strip_ansi(_last_line(run.stdout, "Done.")) or f"exit {run.returncode}"
    timings = node_timings(work / f"target_{tag}" / "run_results.json")
    return DbtRun(scale, engine, run, summary, failures(run.stdout), timings, raw_bytes(raw))


def duckdb_build(repo: Path, work: Path, scale: int, raw: Path, raw_format: str) -> DbtRun:
    """The build into a fresh DuckDB folder; DuckDB spills into a folder of its own (sampled
    with its default, `<database>.tmp`, in case the profile does not pass the folder on), and
    the disk of the raw files, the DuckDB files and the spill is sampled together."""
    folder, spill = work / f"duckdb_{scale}", work / f"spill_{scale}"
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "wealth.duckdb"
    env = {"WEALTH_DUCKDB_PATH": str(database), "WEALTH_DUCKDB_TEMP_DIR": str(spill)}
    watch = {"spill": [spill, Path(f"{database}.tmp")], "total": [raw, folder, spill]}
    built = run_dbt(repo, work, scale, "duckdb", raw, raw_format, env, watch)
    return replace(built, warehouse_bytes=duckdb_bytes(folder), database=database)


def duckdb_bytes(folder: Path) -> int:
    """Bytes of the DuckDB files in `folder`: the warehouse, the intermediate models' file
    beside it when the build makes one, and any write-ahead log."""
    return sum(path.stat().st_size for pattern in ("*.duckdb", "*.duckdb.wal") for path in folder.glob(pattern))


def failures(stdout: str) -> list[str]:
    lines = [_strip_ansi(line).split("  ", 1)[-1].strip() for line in stdout.splitlines() if " in " in line]
    return [line for line in lines if line.startswith(("Failure in", "Error in"))]


def _strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def _last_line(text: str, marker: str) -> str:
    lines = [line for line in text.splitlines() if marker in line]
    return lines[-1].split(marker, 1)[1].strip() if lines else ""


def node_timings(path: Path) -> dict[str, float]:
    if not path.exists():
        return {}
    results = json.loads(path.read_text(encoding="utf-8"))["results"]
    return {str(r["unique_id"]): float(r["execution_time"]) for r in results}


def node_name(unique_id: str) -> str:
    """`model.<project>.<name>` as its name, other kinds (`test.<project>.<name>.<hash>`,
    `operation.<project>.<name>`, seeds) with the kind after it; a unit test
    (`unit_test.<project>.<model>.<test>`) as `<model>.<test>`."""
    kind, _, rest = unique_id.split(".", 2)
    parts = rest.split(".")
    name = ".".join(parts[:2]) if kind == "unit_test" else parts[0]
    return name if kind == "model" else f"{name} ({kind})"


def growth(small: float, large: float) -> float | None:
    """How many times longer a node took at the larger scale; None when the smaller time is 0."""
    return large / small if small > 0 else None


def superlinear(ratio: float | None, step: float, tolerance: float = GROWTH_TOLERANCE) -> bool:
    """Grew by more than `tolerance` times the step in clients (linear growth is the step)."""
    return ratio is not None and ratio > tolerance * step


def _times(value: float) -> str:
    return f"{value:,.1f}".removesuffix(".0") + "x"


def growth_cell(ratio: float | None, step: float) -> str:
    if ratio is None:
        return "n/a"
    text = fmt.ratio(ratio)
    return f"**{text}** (above {_times(GROWTH_TOLERANCE * step)})" if superlinear(ratio, step) else text


def slowest_lines(runs: Sequence[DbtRun], n: int = SLOWEST) -> list[str]:
    """The `n` slowest nodes of the largest scale built with timings, with their time at the
    smallest and how they grew between the two."""
    timed = sorted((r for r in runs if r.timings), key=lambda r: r.scale)
    if not timed:
        return []
    small, large = timed[0], timed[-1]
    top = sorted(large.timings.items(), key=lambda item: -item[1])[:n]
    if small is large:
        rows = [[node_name(uid), fmt.seconds(sec)] for uid, sec in top]
        header = ["Node", f"{large.scale:,} clients"]
        return [f"The {len(top)} slowest nodes at {large.scale:,} clients:", "", *fmt.table(header, rows)]
    step = large.scale / small.scale
    rows = []
    for uid, sec in top:
        before = small.timings.get(uid)
        ratio = growth(before, sec) if before is not None else None
        rows.append([node_name(uid), fmt.seconds(before) if before is not None else "-", fmt.seconds(sec)])
        rows[-1].append(growth_cell(ratio, step))
    header = ["Node", f"{small.scale:,} clients", f"{large.scale:,} clients", "Growth"]
    flagged = sum(superlinear(growth(small.timings.get(u, 0.0), s), step) for u, s in top)
    return [
        f"The {len(top)} slowest nodes at {large.scale:,} clients and how each grew from {small.scale:,} "
        f"(execution time at {large.scale:,} over the time at {small.scale:,}): {_times(step)} the clients, so "
        f"about {_times(step)} is linear; above {_times(GROWTH_TOLERANCE * step)} is flagged ({flagged} here). "
        "A node's fixed costs make small-scale times long, so growth below linear is common.",
        "",
        *fmt.table(header, rows),
    ]
