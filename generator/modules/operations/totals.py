"""The firm's operations tables that total the shards: etl_logs, system_metrics and error_logs.

Each shard sums up what they need of its rows as counts per day of the history (DailyCounts,
a few thousand integers, never the rows); after the last shard, `_reduce` adds the shards'
counts and builds the three tables once, from the firm's random streams. Counts are integers
and add up exactly, so the tables are the same however the firm is split into shards and
whichever processes made them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from generator.context import Context, FirmContext
from generator.modules.operations._shared import DAY, _date, _day_numbers, _history, _per_day
from generator.modules.operations.etl_logs import _etl_logs
from generator.modules.operations.metrics import _metrics_and_errors


@dataclass(frozen=True)
class DailyCounts:
    """A shard's rows per day of the history (int64 arrays, one value per day from the history
    start to the as-of date)."""

    transactions: np.ndarray  # transactions by trade date
    clients: np.ndarray  # clients onboarded plus client-record edits (audit logs with field changes)
    logins: np.ndarray  # login attempts
    pages: np.ndarray  # page views of the sessions started that day

    def __add__(self, other: DailyCounts) -> DailyCounts:
        return DailyCounts(
            transactions=self.transactions + other.transactions,
            clients=self.clients + other.clients,
            logins=self.logins + other.logins,
            pages=self.pages + other.pages,
        )


def _zeros(ctx: FirmContext) -> DailyCounts:
    first, last = _history(ctx.config)
    n = last - first + 1
    return DailyCounts(*(np.zeros(n, dtype=np.int64) for _ in range(4)))


def _days(column: pl.Series) -> np.ndarray:
    """Day numbers of a date or timestamp column."""
    if column.dtype == pl.Date:
        return _day_numbers(column)
    return (column.dt.epoch("s") // DAY).to_numpy()


def _summarize(ctx: Context, tables: dict[str, pl.DataFrame]) -> DailyCounts:
    """The shard's daily counts, from its tables as written and its transactions and clients."""
    first, last = _history(ctx.config)
    trails = tables["audit_trails"].select("audit_log_id", "changed_at").unique("audit_log_id")
    sessions = tables["user_sessions"]
    session_days = _days(sessions.get_column("started_at"))
    inside = (session_days >= first) & (session_days <= last)
    pages = np.bincount(
        session_days[inside] - first,
        weights=sessions.get_column("pages_viewed").to_numpy()[inside],
        minlength=last - first + 1,
    )
    return DailyCounts(
        transactions=_per_day(_days(ctx.transactions.get_column("trade_date")), first, last),
        clients=_per_day(
            np.r_[
                _days(ctx.people.clients.get_column("onboarding_date")),
                _days(trails.get_column("changed_at")),
            ],
            first,
            last,
        ),
        logins=_per_day(_days(tables["login_attempts"].get_column("attempted_at")), first, last),
        pages=np.rint(pages).astype(np.int64),
    )


def _reduce(ctx: FirmContext, summaries: Sequence[object]) -> dict[str, pl.DataFrame]:
    """The three tables from the shards' counts (in shard order; their sum is all that counts)."""
    total = _zeros(ctx)
    for summary in summaries:
        if not isinstance(summary, dict):
            raise TypeError(f"operations: a shard's summary is a {type(summary).__name__}, not a dict of arrays")
        total = total + DailyCounts(**summary)
    runs = _etl_logs(ctx, total.transactions, total.clients)
    metrics, errors = _metrics_and_errors(ctx, total.logins, total.pages, runs)
    return {
        "system_metrics": metrics,
        "error_logs": errors,
        "etl_logs": runs.select(
            "etl_run_id",
            _date(runs.get_column("run_day")).alias("run_date"),
            "pipeline",
            (pl.col("start") * 1_000_000).cast(pl.Datetime("us")).alias("started_at"),
            (pl.col("finish") * 1_000_000).cast(pl.Datetime("us")).alias("finished_at"),
            "status",
            "attempts",
            "rows_loaded",
            pl.col("data_from").cast(pl.Int32).cast(pl.Date).alias("data_from_date"),
            pl.col("data_to").cast(pl.Int32).cast(pl.Date).alias("data_to_date"),
            "error_message",
        ),
    }
