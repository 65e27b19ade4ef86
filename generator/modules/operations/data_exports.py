"""GDPR data exports (volumes per client-year inside the history):

- data_export_logs: about 0.005 GDPR exports per client-year (at least two in the firm: the
  first shard has them), requested by the client in a portal session.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import Context
from generator.modules._common import gather
from generator.modules.operations._shared import DAY, HOUR, Window, _masked

EXPORTS_PER_CLIENT_YEAR = 0.005
MIN_EXPORTS = 2  # in the firm: the first shard has them


def _data_exports(
    ctx: Context, w: Window, sessions: pl.DataFrame, attempts: pl.DataFrame, end_of_as_of: int
) -> pl.DataFrame:
    """GDPR data exports requested by clients inside portal sessions."""
    rng = ctx.stream("data_export_logs")
    client_years = float(w.span.sum()) / 365.25
    minimum = MIN_EXPORTS if ctx.shard.index == 0 else 0
    count = min(sessions.height, max(minimum, int(rng.poisson(EXPORTS_PER_CLIENT_YEAR * client_years))))
    chosen = np.sort(rng.choice(sessions.height, count, replace=False))
    source = sessions[chosen]
    span = (source.get_column("end_ts") - source.get_column("ts")).to_numpy()
    requested = source.get_column("ts").to_numpy() + (rng.random(count) * (span + 1)).astype(np.int64)
    requested = np.minimum(requested, source.get_column("end_ts").to_numpy())
    completed = requested + rng.integers(300, 48 * HOUR, count)
    pending = completed > end_of_as_of
    failed = ~pending & (rng.random(count) < 0.08)
    status = np.where(pending, "processing", np.where(failed, "failed", "completed"))
    exports = source.select("client_id", "session_id", "ip_address").with_columns(
        pl.Series("requested", requested),
        _masked(completed, ~pending, "completed"),
        pl.Series("status", status.tolist(), dtype=pl.String),
        gather(("json", "csv", "pdf"), rng.choice(3, count, p=[0.5, 0.3, 0.2])).alias("export_format"),
    )
    exports = exports.sort("requested", "client_id").with_columns(ctx.id_column("export_id"))
    # records exported: the client's transactions and login attempts up to the request
    owners = ctx.portfolios.select("portfolio_id", "client_id")
    wanted = exports.get_column("client_id").unique().implode()
    transactions = (
        ctx.transactions.select("portfolio_id", "trade_date")
        .join(owners, on="portfolio_id")
        .filter(pl.col("client_id").is_in(wanted))
        .select("client_id", (pl.col("trade_date").cast(pl.Int32).cast(pl.Int64) * DAY).alias("at"))
    )
    logins = attempts.filter(pl.col("client_id").is_in(wanted)).select("client_id", pl.col("ts").alias("at"))
    counted = (
        exports.select("export_id", "client_id", "requested")
        .join(pl.concat([transactions, logins]), on="client_id")
        .filter(pl.col("at") <= pl.col("requested"))
        .group_by("export_id")
        .agg(pl.len().cast(pl.Int64).alias("records"))
    )
    return (
        exports.join(counted, on="export_id", how="left")
        .sort("export_id")
        .with_columns(pl.when(pl.col("status") == "completed").then(pl.col("records").fill_null(0)).alias("records"))
    )
