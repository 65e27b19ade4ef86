"""notification_preferences: every channel x notification type per client (4 x 6 = 24 rows);
notifications: quarterly statements, rebalancing confirmations (the portfolio's rebalancing
trades), price alerts on the market's largest daily moves, quarterly and high-volatility market
updates, yearly KYC reminders and goal updates - each on one channel the client has enabled."""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import Context
from generator.modules._common import Window, gather
from generator.modules.engagement._shared import Mood, _market_levels, _timestamps

CHANNELS = ("email", "sms", "push", "in_app")
NOTIFICATION_TYPES = (
    "statement_ready",
    "price_alert",
    "rebalance_done",
    "kyc_reminder",
    "market_update",
    "goal_update",
)
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def notification_preferences(ctx: Context, window: Window) -> pl.DataFrame:
    rng = ctx.stream("notification_preferences")
    n, n_channels, n_types = window.n, len(CHANNELS), len(NOTIFICATION_TYPES)
    uses_channel = rng.random((n, n_channels)) < np.array([0.92, 0.3, 0.5, 0.7])
    wants_type = rng.random((n, n_channels, n_types)) < np.array([0.95, 0.6, 0.8, 0.9, 0.5, 0.7])
    enabled = uses_channel[:, :, None] & wants_type
    enabled[:, CHANNELS.index("email"), NOTIFICATION_TYPES.index("kyc_reminder")] = True  # regulatory
    row = np.repeat(np.arange(n), n_channels * n_types)
    channel = np.tile(np.repeat(np.arange(n_channels), n_types), n)
    kind = np.tile(np.arange(n_types), n * n_channels)
    span = (window.as_of - window.onboarding).astype(np.int64) + 1
    updated = window.onboarding[row] + (rng.random(len(row)) * span[row]).astype(np.int64)
    return pl.DataFrame(
        {
            "preference_id": ctx.ids(len(row)),
            "client_id": window.client_id[row],
            "channel": gather(CHANNELS, channel),
            "notification_type": gather(NOTIFICATION_TYPES, kind),
            "is_enabled": enabled.reshape(-1),
            "updated_date": updated,
        }
    )


def _quarter_statements(window: Window, rng: np.random.Generator) -> pl.DataFrame:
    quarters = np.arange(
        window.start.min().astype("datetime64[M]"), window.as_of.astype("datetime64[M]") + 1, dtype="datetime64[M]"
    )
    quarters = quarters[quarters.astype(np.int64) % 3 == 2]  # March, June, September, December
    ends = (quarters + 1).astype("datetime64[D]") - 1
    row = np.repeat(np.arange(window.n), len(ends))
    quarter_end = np.tile(ends, window.n)
    day = quarter_end + rng.integers(3, 9, len(row))
    month = quarter_end.astype("datetime64[M]").astype(np.int64)
    keep = (quarter_end >= window.start[row]) & (day <= window.as_of)
    return pl.DataFrame(
        {
            "row": row[keep],
            "day": day[keep],
            "seconds": rng.integers(6 * 3600, 8 * 3600, len(row))[keep],
            "notification_type": "statement_ready",
            "title": pl.select(
                pl.format(
                    "Your Q{} {} statement is ready", pl.Series(month[keep] % 12 // 3 + 1), 1970 + month[keep] // 12
                )
            ).to_series(),
        }
    )


def _rebalances(ctx: Context, window: Window, rng: np.random.Generator) -> pl.DataFrame:
    """The days a portfolio both sold and bought (its rebalancing), the evening after the trades."""
    trades = (
        ctx.rebalancing_days.join(
            ctx.portfolios.select("portfolio_id", "client_id", "portfolio_name"), on="portfolio_id"
        )
        .join(pl.DataFrame({"client_id": window.client_id, "row": np.arange(window.n)}), on="client_id")
        .sort("row", "trade_date", "portfolio_id")
    )
    day = trades.get_column("trade_date").to_numpy().astype("datetime64[D]")
    keep = day >= window.start[trades.get_column("row").to_numpy()]
    trades = trades.filter(pl.Series(keep))
    return trades.select(
        "row",
        pl.col("trade_date").alias("day"),
        pl.Series("seconds", rng.integers(18 * 3600, 21 * 3600, trades.height)),
        pl.lit("rebalance_done").alias("notification_type"),
        pl.format("Rebalancing completed: {}", "portfolio_name").alias("title"),
    )


def _price_alerts(ctx: Context, window: Window, rng: np.random.Generator) -> pl.DataFrame:
    """The market's largest daily moves (about 1% of trading days), to most clients."""
    levels = _market_levels(ctx.firm.market)
    day = levels.get_column("level_date").to_numpy().astype("datetime64[D]")[1:]
    level = levels.get_column("index_level").to_numpy()
    move = level[1:] / level[:-1] - 1
    if len(move) == 0:
        return pl.DataFrame()
    big = np.flatnonzero(np.abs(move) >= np.quantile(np.abs(move), 0.99))
    row = np.repeat(np.arange(window.n), len(big))
    event = np.tile(big, window.n)
    keep = (day[event] >= window.start[row]) & (rng.random(len(row)) < 0.7)
    row, event = row[keep], event[keep]
    percent = pl.Series(np.round(np.abs(move[event]) * 100, 1))
    verb = gather(("fell", "rose"), (move[event] > 0).astype(np.int64))
    return pl.DataFrame(
        {
            "row": row,
            "day": day[event],
            "seconds": rng.integers(16 * 3600 + 1800, 17 * 3600 + 1800, len(row)),
            "notification_type": "price_alert",
            "title": pl.select(pl.format("Price alert: markets {} {}% today", verb, percent)).to_series(),
        }
    )


def _market_updates(ctx: Context, window: Window, mood: Mood, rng: np.random.Generator) -> pl.DataFrame:
    """A quarterly outlook, and an update the first trading day after a month of high volatility."""
    month_start = mood.month_end.astype("datetime64[M]")
    after = np.searchsorted(ctx.cal.days, mood.month_end, side="right")
    exists = after < ctx.cal.n
    first_day = ctx.cal.days[np.minimum(after, ctx.cal.n - 1)]
    stormy = exists & (mood.shock > 1.0)
    quarterly = exists & ((month_start.astype(np.int64) + 1) % 3 == 0)
    month = np.r_[np.flatnonzero(quarterly), np.flatnonzero(stormy)]
    is_storm = np.r_[np.zeros(int(quarterly.sum()), dtype=bool), np.ones(int(stormy.sum()), dtype=bool)]
    row = np.repeat(np.arange(window.n), len(month))
    event = np.tile(np.arange(len(month)), window.n)
    day = first_day[month[event]]
    keep = (day >= window.start[row]) & (day <= window.as_of) & (rng.random(len(row)) < 0.8)
    row, event, day = row[keep], event[keep], day[keep]
    calendar_month = month_start[month[event]].astype(np.int64)
    next_quarter = (calendar_month + 1) % 12 // 3 + 1
    year = 1970 + (calendar_month + 1) // 12
    storm = pl.Series(is_storm[event])
    name = gather(MONTH_NAMES, calendar_month % 12)
    title = pl.select(
        pl.when(storm)
        .then(pl.format("Market update: volatility in {} {}", name, 1970 + calendar_month // 12))
        .otherwise(pl.format("Market outlook for Q{} {}", pl.Series(next_quarter), pl.Series(year)))
    ).to_series()
    return pl.DataFrame(
        {
            "row": row,
            "day": day,
            "seconds": rng.integers(7 * 3600, 9 * 3600, len(row)),
            "notification_type": "market_update",
            "title": title,
        }
    )


def _kyc_reminders(window: Window, rng: np.random.Generator) -> pl.DataFrame:
    """Near each anniversary of the onboarding date."""
    years = int((window.as_of - window.onboarding.min()).astype(np.int64) // 365) + 1
    row = np.repeat(np.arange(window.n), years)
    anniversary = np.tile(np.arange(1, years + 1), window.n)
    day = window.onboarding[row] + (anniversary * 365.25).astype(np.int64) + rng.integers(-10, 11, len(row))
    keep = (day >= window.start[row]) & (day <= window.as_of) & (rng.random(len(row)) < 0.85)
    return pl.DataFrame(
        {
            "row": row[keep],
            "day": day[keep],
            "seconds": rng.integers(9 * 3600, 17 * 3600, len(row))[keep],
            "notification_type": "kyc_reminder",
            "title": "Please review and confirm your personal information",
        }
    )


def _goal_updates(ctx: Context, window: Window, rng: np.random.Generator) -> pl.DataFrame:
    """About one a year per goal, from the goal's creation."""
    goals = (
        ctx.goals.select("client_id", "goal_type", "created_date")
        .join(pl.DataFrame({"client_id": window.client_id, "row": np.arange(window.n)}), on="client_id")
        .sort("row", "created_date", "goal_type")
    )
    row = goals.get_column("row").to_numpy()
    first = np.maximum(goals.get_column("created_date").to_numpy().astype("datetime64[D]"), window.start[row])
    span = np.maximum((window.as_of - first).astype(np.int64) + 1, 0)
    count = rng.poisson(span / 365.25)
    goal = np.repeat(np.arange(goals.height), count)
    day = first[goal] + (rng.random(len(goal)) * span[goal]).astype(np.int64)
    label = goals.get_column("goal_type").str.replace_all("_", " ").gather(goal)
    return pl.DataFrame(
        {
            "row": row[goal],
            "day": day,
            "seconds": rng.integers(8 * 3600, 20 * 3600, len(goal)),
            "notification_type": "goal_update",
            "title": pl.select(pl.format("Progress update on your {} goal", label)).to_series(),
        }
    )


def notifications(ctx: Context, window: Window, mood: Mood, preferences: pl.DataFrame) -> pl.DataFrame:
    rng = ctx.stream("notifications")
    columns = ["row", "day", "seconds", "notification_type", "title"]
    parts = [
        _quarter_statements(window, rng),
        _rebalances(ctx, window, rng),
        _price_alerts(ctx, window, rng),
        _market_updates(ctx, window, mood, rng),
        _kyc_reminders(window, rng),
        _goal_updates(ctx, window, rng),
    ]
    schema = {"row": pl.Int64, "day": pl.Date, "seconds": pl.Int64, "notification_type": pl.String, "title": pl.String}
    empty = pl.DataFrame(schema=schema)
    events = pl.concat([empty, *(part.select(columns).cast(schema) for part in parts if part.height)])  # type: ignore[arg-type]
    events = events.with_columns(pl.Series("client_id", window.client_id[events.get_column("row").to_numpy()]))
    enabled = (
        preferences.filter(pl.col("is_enabled"))
        .group_by("client_id", "notification_type")
        .agg(pl.col("channel").sort().alias("channels"))
    )
    events = events.join(enabled, on=["client_id", "notification_type"]).sort(
        "row", "day", "seconds", "notification_type", "title"
    )
    k = events.height
    day = events.get_column("day").to_numpy().astype("datetime64[D]")
    sent = _timestamps(day, events.get_column("seconds").to_numpy())
    pick = rng.random(k)
    channel = events.select(
        pl.col("channels").list.get((pl.Series(pick) * pl.col("channels").list.len()).cast(pl.Int64))
    ).to_series()
    read_probability = channel.replace_strict(
        {"email": 0.6, "sms": 0.85, "push": 0.55, "in_app": 0.75}, return_dtype=pl.Float64
    ).to_numpy()
    delay = np.maximum(np.exp(np.log(7200) + 1.5 * rng.standard_normal(k)), 30).astype(np.int64)
    read_at = sent + delay.astype("timedelta64[s]").astype("timedelta64[us]")
    is_read = (rng.random(k) < read_probability) & (read_at <= window.end_of_as_of.astype("datetime64[us]"))
    return pl.DataFrame(
        {
            "notification_id": ctx.ids(k),
            "client_id": events.get_column("client_id"),
            "sent_at": sent,
            "channel": channel,
            "notification_type": events.get_column("notification_type"),
            "title": events.get_column("title"),
            "is_read": is_read,
            "read_at": np.where(is_read, read_at, np.datetime64("NaT")).astype("datetime64[us]"),
        }
    )
