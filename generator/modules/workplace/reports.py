"""Reports: one quarterly statement per portfolio per calendar quarter it was held (issued 3 to 10 days
after the quarter end; quarters whose statement would fall after the as-of date are not issued yet),
a tax report per taxable portfolio per calendar year held, an annual review report per portfolio at
each completed periodic review (the 12 months to the month end before the review) and occasional
year-to-date performance reports."""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import Context
from generator.modules._common import Window, gather
from generator.modules.workplace._shared import _days

REPORT_TYPES = ("quarterly_statement", "annual_review", "performance_report", "tax_report")
DELIVERY_CHANNELS = ("email", "portal", "postal_mail")
STATEMENT_LAG_DAYS = (3, 10)
TAX_LAG_DAYS = (20, 45)
PERFORMANCE_REPORT_RATE = 0.3  # per portfolio per year


def _client_channels(ctx: Context) -> pl.DataFrame:
    """Each client's report delivery channel, from their preferred contact channel."""
    rng = ctx.stream("portfolio_reports:channel")
    clients = ctx.people.clients
    preferred = clients.select(
        pl.col("cultural_preferences").str.json_path_match("$.preferred_channel").alias("channel")
    ).to_series()
    paper = rng.random(clients.height) < 0.5
    index = np.where(preferred.to_numpy() == "email", 0, np.where((preferred.to_numpy() == "in_person") & paper, 2, 1))
    return pl.DataFrame(
        {"client_id": clients.get_column("client_id"), "delivery_channel": gather(DELIVERY_CHANNELS, index)}
    )


def _period_rows(portfolios: pl.DataFrame, starts: np.ndarray, ends: np.ndarray) -> pl.DataFrame:
    """Portfolios x periods, keeping the periods that end on or after the inception."""
    periods = pl.DataFrame({"period_start": starts, "period_end": ends})
    return (
        portfolios.join(periods, how="cross")
        .filter(pl.col("period_end") >= pl.col("inception_date"))
        .with_columns(pl.max_horizontal("period_start", "inception_date").alias("period_start"))
    )


def portfolio_reports(ctx: Context, window: Window, instances: pl.DataFrame) -> pl.DataFrame:
    """Reports issued (without their document ids): statements, tax reports, review reports and
    performance reports."""
    rng = ctx.stream("portfolio_reports")
    as_of = window.as_of
    held = ctx.portfolios.select("portfolio_id", "client_id", "account_id", "inception_date").join(
        ctx.book.accounts.select("account_id", "tax_treatment", "account_number"), on="account_id"
    )
    quarter = np.arange(
        np.datetime64(ctx.config.history_start, "M").astype("datetime64[Y]").astype("datetime64[M]"),
        np.datetime64(as_of, "M") + 1,
        3,
    )
    statements = _period_rows(held, quarter.astype("datetime64[D]"), (quarter + 3).astype("datetime64[D]") - 1)
    low, high = STATEMENT_LAG_DAYS
    statements = statements.with_columns(
        (pl.col("period_end") + pl.duration(days=pl.Series(rng.integers(low, high + 1, statements.height)))).alias(
            "issued_date"
        ),
        pl.lit(0).alias("kind"),
    )
    year = np.arange(np.datetime64(ctx.config.history_start, "Y"), np.datetime64(as_of, "Y") + 1)
    taxable = held.filter(pl.col("tax_treatment") == "taxable")
    tax = _period_rows(taxable, year.astype("datetime64[D]"), (year + 1).astype("datetime64[D]") - 1)
    low, high = TAX_LAG_DAYS
    tax = tax.with_columns(
        (pl.col("period_end") + pl.duration(days=pl.Series(rng.integers(low, high + 1, tax.height)))).alias(
            "issued_date"
        ),
        pl.lit(3).alias("kind"),
    )
    reviews = instances.filter((pl.col("workflow_type") == "periodic_review") & (pl.col("status") == "completed"))
    review = (
        reviews.select(
            "client_id",
            pl.col("started_at").dt.date().dt.month_start().dt.offset_by("-1d").alias("period_end"),
            pl.col("completed_at").dt.date().alias("issued_date"),
        )
        .join(held, on="client_id")
        .filter(pl.col("inception_date") <= pl.col("period_end"))
        .with_columns(
            pl.max_horizontal(pl.col("period_end").dt.offset_by("-1y") + pl.duration(days=1), "inception_date").alias(
                "period_start"
            ),
            pl.lit(1).alias("kind"),
        )
    )
    span = (as_of - _days(held.get_column("inception_date").to_numpy())).astype(np.int64)
    count = rng.poisson(PERFORMANCE_REPORT_RATE * span / 365.25)
    rows = np.repeat(np.arange(held.height), count)
    performance = held[rows].with_columns(
        (pl.col("inception_date") + pl.duration(days=pl.Series(rng.random(len(rows)) * span[rows]).cast(pl.Int64)))
        .dt.month_end()
        .alias("period_end")
    )
    performance = performance.with_columns(
        pl.max_horizontal(pl.col("period_end").dt.truncate("1y"), "inception_date").alias("period_start"),
        (pl.col("period_end") + pl.duration(days=pl.Series(rng.integers(1, 8, len(rows))))).alias("issued_date"),
        pl.lit(2).alias("kind"),
    )
    columns = [
        "kind",
        "portfolio_id",
        "client_id",
        "account_id",
        "account_number",
        "period_start",
        "period_end",
        "issued_date",
    ]
    reports = (
        pl.concat([frame.select(columns) for frame in (statements, review, performance, tax)])
        .filter(pl.col("issued_date") <= as_of)
        .sort("issued_date", "kind", "portfolio_id", "period_end")
        .join(_client_channels(ctx), on="client_id", how="left", maintain_order="left")
    )
    return reports.with_columns(
        ctx.id_column("report_id"),
        pl.col("kind").replace_strict(dict(enumerate(REPORT_TYPES)), return_dtype=pl.String).alias("report_type"),
    )
