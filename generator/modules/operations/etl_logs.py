"""ETL logs, the warehouse's own nightly loads (made once for the firm, from the shards' daily
counts; see totals.py):

- etl_logs: one run per pipeline per trading day (prices, fx_rates, benchmark_levels,
  transactions, clients); rows_loaded counts the source rows of the business dates loaded.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import FirmContext
from generator.modules._common import gather
from generator.modules.operations._shared import DAY, HOUR, _day_numbers, _history, _masked, _per_day

PIPELINES = ("prices", "fx_rates", "benchmark_levels", "transactions", "clients")
PIPELINE_START = {  # seconds after midnight, UTC
    "prices": 18 * HOUR + 1800,
    "fx_rates": 18 * HOUR + 600,
    "benchmark_levels": 19 * HOUR,
    "transactions": 19 * HOUR + 1800,
    "clients": 20 * HOUR,
}
PIPELINE_COST_S = {"prices": 0.02, "fx_rates": 0.05, "benchmark_levels": 0.05, "transactions": 0.03, "clients": 0.5}
ETL_FAILURE_RATE = 0.005
ETL_RETRY_RATE = 0.025
ETL_ERRORS = (
    "Connection reset by the source system",
    "Timeout reading the extract after 300 s",
    "Schema check failed: unexpected null key",
    "Source file not yet available",
)


def _etl_logs(ctx: FirmContext, transactions: np.ndarray, clients: np.ndarray) -> pl.DataFrame:
    """One run per pipeline per trading day, loading the business dates since the last good run.
    `transactions` and `clients` are the firm's source rows of each day of the history
    (transactions by trade date; clients onboarded plus client-record edits)."""
    rng = ctx.stream("etl_logs")
    first, last = _history(ctx.config)
    market = ctx.market.tables
    per_day = {
        "prices": _per_day(_day_numbers(market["prices"].get_column("price_date")), first, last),
        "fx_rates": _per_day(_day_numbers(market["fx_rates"].get_column("rate_date")), first, last),
        "benchmark_levels": _per_day(_day_numbers(market["benchmark_levels"].get_column("level_date")), first, last),
        "transactions": transactions,
        "clients": clients,
    }
    trading = ctx.cal.days.astype(np.int64)
    n = len(trading)
    frames = []
    for pipeline in PIPELINES:  # a loop over the five pipelines
        cumulative = np.r_[0, np.cumsum(per_day[pipeline])]
        u = rng.random(n)
        status = np.where(u < ETL_FAILURE_RATE, 2, np.where(u < ETL_FAILURE_RATE + ETL_RETRY_RATE, 1, 0))
        status[-1] = 0  # the as-of day's data is loaded
        good = status != 2
        # the last good run before each run (its date + 1 is where the data to load starts)
        last_good = np.where(good, np.arange(n), -1)
        last_good = np.maximum.accumulate(np.r_[-1, last_good[:-1]])
        data_from = np.where(last_good >= 0, trading[np.maximum(last_good, 0)] + 1, first)
        rows = cumulative[trading - first + 1] - cumulative[data_from - first]
        rows = np.where(good, rows, 0)
        start = trading * DAY + PIPELINE_START[pipeline] + rng.integers(0, 600, n)
        run = np.rint((20 + rows * PIPELINE_COST_S[pipeline]) * np.exp(0.25 * rng.standard_normal(n))).astype(np.int64)
        fail_after = rng.integers(30, 300, n)
        wait = rng.integers(600, 1200, n)
        finish = np.select(
            [status == 0, status == 1],
            [start + run, start + fail_after + wait + run],
            start + fail_after + wait + fail_after,
        )
        message = gather(ETL_ERRORS, rng.integers(0, len(ETL_ERRORS), n))
        frames.append(
            pl.DataFrame(
                {
                    "run_day": trading,
                    "pipeline": pipeline,
                    "start": start,
                    "finish": finish,
                    "status": gather(("success", "retried", "failed"), status),
                    "attempts": np.where(status == 0, 1, 2),
                    "rows_loaded": rows,
                    "data_from": _masked(data_from, good, "data_from"),
                    "data_to": _masked(trading, good, "data_to"),
                    "error_message": message,
                    "first_failure": start + fail_after,
                    "second_failure": start + fail_after + wait + fail_after,
                }
            ).with_columns(
                pl.when(pl.col("status") == "success").then(None).otherwise("error_message").alias("error_message")
            )
        )
    order = {p: i for i, p in enumerate(PIPELINES)}
    runs = pl.concat(frames).sort("start", pl.col("pipeline").replace_strict(order, return_dtype=pl.Int64))
    return runs.with_columns(pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("etl_run_id"))
