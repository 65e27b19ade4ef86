"""Shared by the engagement tables: the market mood (MarketMood, the firm's) and each client's
sensitivity to it (Mood) that sentiment, surveys, tickets, market-update notifications and chats
read, the sentiment hints, and helpers for event days, timestamps, advisors and the market
benchmark's levels."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from generator.context import Context
from generator.market import Market
from generator.modules._common import advisor_at
from generator.reference import seed

OWN_DRAWDOWN_WEIGHT = 0.5

HINTS = ("negative", "neutral", "positive")


@dataclass(frozen=True)
class MarketMood:
    """Monthly market pressure, the same for every client and every shard: a function of the
    FirmContext (the history's dates, the market data and the firm's stream), recomputed in
    each shard."""

    first_month: np.datetime64  # datetime64[M] of the history start
    month_end: np.ndarray  # datetime64[D], capped at the as-of date
    volatility: np.ndarray  # realised volatility of the market benchmark (nan: too few returns)
    shock: np.ndarray  # standardised log volatility (0 where unknown)
    drawdown: np.ndarray  # market drawdown from its running peak at the month's last trading day (<= 0)
    common: np.ndarray  # mood shared by every client, AR(1)

    def month(self, day: np.ndarray) -> np.ndarray:
        """Month index (0 = the history start's month) of each day."""
        index = (day.astype("datetime64[M]") - self.first_month).astype(np.int64)
        return np.clip(index, 0, len(self.month_end) - 1)


@dataclass(frozen=True)
class Mood(MarketMood):
    """The market mood and the shard's clients' sensitivity to it (rows of the Window)."""

    baseline: np.ndarray  # per client
    loading: np.ndarray  # per client: sentiment lost per standard deviation of volatility
    sensitivity: np.ndarray  # per client: sentiment per unit of market drawdown
    own_drawdown: np.ndarray  # [client, month] drawdown of the client's portfolios over the last 6 months (<= 0)

    def expected(self, row: np.ndarray, month: np.ndarray) -> np.ndarray:
        """Expected sentiment of client rows in months (before a reading's own noise)."""
        return (
            self.baseline[row]
            - self.loading[row] * self.shock[month]
            + self.sensitivity[row] * self.drawdown[month]
            + OWN_DRAWDOWN_WEIGHT * self.own_drawdown[row, month]
            + self.common[month]
        )


def _timestamps(day: np.ndarray, seconds: np.ndarray) -> np.ndarray:
    """datetime64[us] from days and seconds into the day."""
    return (day.astype("datetime64[s]") + seconds.astype("timedelta64[s]")).astype("datetime64[us]")


def _group_position(group: np.ndarray) -> np.ndarray:
    """0, 1, 2... within runs of equal consecutive values of `group`."""
    first = np.r_[True, group[1:] != group[:-1]]
    start = np.flatnonzero(first)
    return np.arange(len(group)) - np.repeat(start, np.diff(np.r_[start, len(group)]))


def _advisor_at(ctx: Context, client_id: np.ndarray, day: np.ndarray) -> np.ndarray:
    return advisor_at(ctx, client_id, day, "engagement: an event")


def _market_levels(market: Market) -> pl.DataFrame:
    benchmarks = seed("benchmarks").filter(pl.col("is_market_benchmark").cast(pl.String).str.to_lowercase() == "true")
    code = benchmarks.get_column("benchmark_code").item()
    return (
        market.tables["benchmark_levels"]
        .filter(pl.col("benchmark_code") == code)
        .select("level_date", pl.col("index_level").cast(pl.Float64))
        .sort("level_date")
    )
