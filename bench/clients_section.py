"""Section 2: the clients table, ours against the per-row Faker baseline."""

from __future__ import annotations

import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench import report as fmt
from bench.common import SEED, TARGET_SCALE, Context, median_item
from bench.measure import CommandFailed, measure

CLIENT_REPEATS = 15  # ours takes tens of milliseconds: one run is at the mercy of the scheduler
FAKER_REPEATS = 3  # Faker's own time moves by half between runs minutes apart
FAKER_TARGET = 100


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


def faker_target(runs: list[ClientsRun]) -> fmt.Target:
    goal = f"ours at least {FAKER_TARGET:,}x Faker's rows/s at {TARGET_SCALE:,} clients"
    at_target = next((r for r in runs if r.scale == TARGET_SCALE), None)
    if at_target is None:
        return fmt.Target.unmeasured(goal, f"{TARGET_SCALE:,} clients not in this run")
    return fmt.Target(goal, fmt.ratio(at_target.speedup), at_target.speedup >= FAKER_TARGET)


def clients_section(runs: list[ClientsRun]) -> list[str]:
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
        *fmt.targets([faker_target(runs)]),
        "",
        *fmt.table([*header, "Ours / Faker", "Without pools"], rows),
    ]
