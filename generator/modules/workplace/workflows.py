"""Workflows follow the data: an onboarding workflow starts on each client's onboarding date, an
account-opening workflow on each account's opened date, a periodic review around each anniversary of
the onboarding inside the history, and a rebalancing workflow on each day a portfolio both bought and
sold (its rebalancing days in the settled transactions; the three steps run inside that trading day).
Steps run one after the other inside their instance; a step not finished by the as-of date leaves
the instance in progress (later steps pending, not started)."""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import Context
from generator.modules._common import Window, gather
from generator.modules.workplace._shared import US, _advisor_at, _at, _days, _hours

# workflow type -> steps (name, gap before the step in hours low/high, duration in hours low/high)
WORKFLOW_TYPES = ("onboarding", "account_opening", "periodic_review", "rebalancing")
WORKFLOW_STEPS: dict[str, tuple[tuple[str, float, float, float, float], ...]] = {
    "onboarding": (
        ("identity_verification", 0, 0, 2, 72),
        ("risk_questionnaire", 1, 48, 1, 96),
        ("investment_policy_statement", 2, 72, 4, 120),
        ("welcome_call", 1, 48, 0.5, 2),
    ),
    "account_opening": (
        ("application", 0, 0, 0.5, 4),
        ("document_collection", 1, 48, 4, 120),
        ("compliance_review", 1, 24, 2, 72),
        ("account_activation", 1, 24, 0.5, 8),
    ),
    "periodic_review": (
        ("prepare_review", 0, 0, 2, 48),
        ("client_meeting", 24, 240, 1, 2),
        ("update_plan", 2, 72, 2, 72),
        ("sign_off", 1, 48, 0.5, 24),
    ),
    "rebalancing": (  # inside the trading day: from about 07:30 to 16:00 at the latest
        ("drift_analysis", 0, 0, 0.25, 1.5),
        ("proposal_approval", 0.1, 1, 0.25, 2),
        ("trade_execution", 0.1, 0.5, 0.5, 3),
    ),
}
STEP_STATUSES = ("completed", "in_progress", "pending")
REVIEW_LEAD_DAYS = 14  # a periodic review starts up to two weeks before the anniversary


def _rebalancing_days(ctx: Context) -> pl.DataFrame:
    """(portfolio_id, trade_date) of every day a portfolio both bought and sold (settled trades)."""
    return ctx.rebalancing_days


def _anniversaries(ctx: Context, window: Window) -> pl.DataFrame:
    """(client_id, day): the day each periodic review starts, up to two weeks before each
    anniversary of the onboarding, inside the history."""
    years = int((window.as_of - window.onboarding.min()).astype(np.int64) // 365) + 2
    frame = (
        pl.DataFrame({"client_id": window.client_id, "onboarding": window.onboarding})
        .with_columns(pl.int_ranges(1, years).alias("k"))
        .explode("k")
        .with_columns(pl.col("onboarding").dt.offset_by(pl.format("{}y", pl.col("k"))).alias("anniversary"))
        .filter(pl.col("anniversary") <= window.as_of + REVIEW_LEAD_DAYS)
    )
    rng = ctx.stream("workflow_instances:reviews")
    lead = rng.integers(0, REVIEW_LEAD_DAYS + 1, frame.height)
    day = _days(frame.get_column("anniversary").to_numpy()) - lead
    history_start = np.datetime64(ctx.config.history_start, "D")
    keep = (day >= history_start) & (day <= window.as_of)
    return pl.DataFrame({"client_id": frame.get_column("client_id").to_numpy()[keep], "day": day[keep]})


def _instances(ctx: Context, window: Window) -> pl.DataFrame:
    """Workflow instances before their steps: type index, client, portfolio, start."""
    rng = ctx.stream("workflow_instances")
    accounts = ctx.book.accounts.join(ctx.portfolios.select("account_id", "portfolio_id"), on="account_id")
    reviews = _anniversaries(ctx, window)
    rebalancing = _rebalancing_days(ctx).join(ctx.portfolios.select("portfolio_id", "client_id"), on="portfolio_id")
    null_portfolio = pl.lit(None, dtype=pl.Int64)
    parts = [
        pl.DataFrame({"kind": 0, "client_id": window.client_id, "day": window.onboarding}).with_columns(
            null_portfolio.alias("portfolio_id")
        ),
        accounts.select(pl.lit(1).alias("kind"), "client_id", pl.col("opened_date").alias("day"), "portfolio_id"),
        reviews.select(pl.lit(2).alias("kind"), "client_id", "day", null_portfolio.alias("portfolio_id")),
        rebalancing.select(pl.lit(3).alias("kind"), "client_id", pl.col("trade_date").alias("day"), "portfolio_id"),
    ]
    frame = pl.concat(
        [
            part.select(pl.col("kind").cast(pl.Int64), "client_id", pl.col("day").cast(pl.Date), "portfolio_id")
            for part in parts
        ]
    ).sort("day", "kind", "client_id", "portfolio_id", nulls_last=True)
    kind = frame.get_column("kind").to_numpy()
    day = _days(frame.get_column("day").to_numpy())
    seconds = np.where(
        kind == 3,
        rng.integers(int(7.5 * 3600), 8 * 3600, frame.height),
        rng.integers(9 * 3600, 16 * 3600, frame.height),
    )
    start = _at(day, seconds)
    order = np.lexsort((frame.get_column("client_id").to_numpy(), kind, start))
    return frame.with_columns(pl.Series("started_at", start))[order].with_columns(ctx.id_column("workflow_instance_id"))


def workflows(ctx: Context, window: Window) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Workflow instances and their steps."""
    rng = ctx.stream("workflow_steps")
    instances = _instances(ctx, window)
    end = window.end_of_as_of
    steps = []
    for kind, name in enumerate(WORKFLOW_TYPES):  # a loop over four workflow types
        part = instances.filter(pl.col("kind") == kind)
        specs = WORKFLOW_STEPS[name]
        n, m = part.height, len(specs)
        low_gap, high_gap, low_run, high_run = (np.array([spec[i] for spec in specs]) for i in range(1, 5))
        gap = low_gap + (high_gap - low_gap) * rng.random((n, m))
        run = low_run + (high_run - low_run) * rng.random((n, m))
        offset = np.cumsum(gap + run, axis=1) - run
        first = part.get_column("started_at").to_numpy().astype(US)[:, None]
        started = first + _hours(offset)
        completed = started + _hours(run)
        steps.append(
            pl.DataFrame(
                {
                    "workflow_instance_id": np.repeat(part.get_column("workflow_instance_id").to_numpy(), m),
                    "client_id": np.repeat(part.get_column("client_id").to_numpy(), m),
                    "step_order": np.tile(np.arange(1, m + 1, dtype=np.int64), n),
                    "step_name": gather([spec[0] for spec in specs], np.tile(np.arange(m), n)),
                    "started_at": started.ravel(),
                    "completed_at": completed.ravel(),
                }
            )
        )
    step = pl.concat(steps).sort("workflow_instance_id", "step_order")
    started = step.get_column("started_at").to_numpy()
    completed = step.get_column("completed_at").to_numpy()
    is_done = completed <= end
    is_started = started <= end
    advisor_day = np.minimum(_days(started), window.as_of)
    step = step.with_columns(
        ctx.id_column("workflow_step_id"),
        pl.Series("assigned_advisor_id", _advisor_at(ctx, step.get_column("client_id").to_numpy(), advisor_day)),
        pl.Series("started_at", np.where(is_started, started, np.datetime64("NaT", "us"))),
        pl.Series("completed_at", np.where(is_done, completed, np.datetime64("NaT", "us"))),
        gather(STEP_STATUSES, np.where(is_done, 0, np.where(is_started, 1, 2))).alias("status"),
    )
    closing = step.group_by("workflow_instance_id").agg(
        pl.col("completed_at").max().alias("last_completed"), pl.col("completed_at").null_count().alias("open_steps")
    )
    instances = (
        instances.join(closing, on="workflow_instance_id")
        .sort("workflow_instance_id")
        .with_columns(
            pl.col("kind")
            .replace_strict(dict(enumerate(WORKFLOW_TYPES)), return_dtype=pl.String)
            .alias("workflow_type"),
            pl.when(pl.col("open_steps") == 0).then(pl.col("last_completed")).alias("completed_at"),
            pl.when(pl.col("open_steps") == 0)
            .then(pl.lit("completed"))
            .otherwise(pl.lit("in_progress"))
            .alias("status"),
        )
    )
    return instances, step
