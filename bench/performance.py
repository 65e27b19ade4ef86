"""Section 6: the performance marts against the analyst's pandas + empyrical loop."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass

from bench import report as fmt
from bench.common import TARGET_SCALE, Context
from bench.dbt_build import DbtRun, dbt_command
from bench.measure import Measurement, measure

PERFORMANCE_MODELS = [
    "path:models/intermediate/performance",
    "fct_performance_periods",
    "fct_performance_metrics",
    "fct_portfolio_rolling_risk_daily",
]
LOOP_SAMPLE = 150
SPEEDUP_TARGET = 10


@dataclass(frozen=True)
class PerformanceRun:
    scale: int
    marts: Measurement
    loop: Measurement
    portfolios: int
    all_portfolios: int
    periods: int
    loop_seconds: float

    @property
    def ok(self) -> bool:
        return self.marts.returncode == 0 and self.loop.returncode == 0

    @property
    def loop_all_seconds(self) -> float:
        """The loop's time for every portfolio, from its time per portfolio on the sample."""
        return self.loop_seconds / max(self.portfolios, 1) * self.all_portfolios

    @property
    def speedup(self) -> float:
        return self.loop_all_seconds / self.marts.seconds


def performance_vs_loop(ctx: Context, built: DbtRun) -> PerformanceRun:
    scale, database = built.scale, built.database
    assert database is not None, "the performance marts run on a DuckDB build"
    cmd = dbt_command(ctx.repo, ctx.work, "duckdb", f"perf_{scale}", "run")
    cmd += ["--vars", "{load_raw: false}", "--select", *PERFORMANCE_MODELS]
    env = {
        "WEALTH_DUCKDB_PATH": str(database),
        "WEALTH_DUCKDB_TEMP_DIR": str(ctx.work / f"spill_perf_{scale}"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    marts = measure(cmd, env, cwd=ctx.repo, check=False)
    loop_cmd = [sys.executable, "-m", "bench.empyrical_loop", str(database), "--sample", str(LOOP_SAMPLE)]
    loop = measure(loop_cmd, {}, cwd=ctx.repo, check=False)
    figures = json.loads(loop.stdout.strip().splitlines()[-1]) if loop.returncode == 0 else {}
    return PerformanceRun(
        scale,
        marts,
        loop,
        int(figures.get("portfolios", 0)),
        int(figures.get("all_portfolios", 0)),
        int(figures.get("periods", 0)),
        float(figures.get("loop_seconds", 0.0)),
    )


def speedup_target(runs: list[PerformanceRun]) -> fmt.Target:
    goal = f"the marts at least {SPEEDUP_TARGET}x faster than the loop at {TARGET_SCALE:,} clients"
    at_target = next((r for r in runs if r.scale == TARGET_SCALE), None)
    if at_target is None:
        return fmt.Target.unmeasured(goal, f"{TARGET_SCALE:,} clients not in this run, or its build failed")
    if not at_target.ok:
        return fmt.Target(goal, "failed", False)
    figure = f"{fmt.seconds(at_target.loop_all_seconds)} / {fmt.seconds(at_target.marts.seconds)}"
    return fmt.Target(goal, f"{figure} = {fmt.ratio(at_target.speedup)}", at_target.speedup >= SPEEDUP_TARGET)


def performance_section(runs: list[PerformanceRun]) -> list[str]:
    rows = []
    for r in runs:
        if not r.ok:
            rows.append([fmt.count(r.scale), "**failed**", "", "", "", "", ""])
            continue
        rows.append(
            [
                fmt.count(r.scale),
                fmt.seconds(r.marts.seconds),
                fmt.mib(r.marts.peak_bytes),
                f"{fmt.seconds(r.loop_seconds)} for {r.portfolios:,} portfolios ({r.periods:,} periods)",
                fmt.seconds(r.loop_all_seconds),
                fmt.mib(r.loop.peak_bytes),
                fmt.ratio(r.speedup),
            ]
        )
    return [
        "## 6. Performance marts against a pandas + empyrical loop",
        "",
        "Ours: `dbt run` of the performance models (the entity series, periods, statistics, drawdowns, "
        "money-weighted returns and the three marts) on the built warehouse, for every portfolio, client, "
        "advisor book and the firm. The loop: what an analyst would write, the same portfolios' daily "
        "series read from the warehouse into pandas, then for each portfolio and each of its periods "
        "empyrical's statistics, the drawdown dates and a brentq IRR (bench/reference.py, the "
        "implementation the tests check the marts against). The loop runs on a seeded sample of "
        f"{LOOP_SAMPLE} portfolios with all their periods; its time for every portfolio is its time per "
        "portfolio times the number of portfolios (portfolios only: the marts also compute the groups).",
        "",
        *fmt.targets([speedup_target(runs)]),
        "",
        *fmt.table(
            [
                "Clients",
                "Marts",
                "Marts peak tree RSS",
                "Loop measured",
                "Loop, all portfolios",
                "Loop peak",
                "Speed-up",
            ],
            rows,
        ),
    ]
