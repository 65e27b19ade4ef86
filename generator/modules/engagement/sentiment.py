"""The market mood and client_sentiment: one reading per client per month-end (months with at
least 10 market returns).

Sentiment moves with the market: each month's realised volatility of the market benchmark
(seeds/benchmarks.csv, is_market_benchmark) - stdev of its daily returns in the month x sqrt(252)
- is standardised (on its logarithm) across the history, and a client's score is their baseline
minus a loading (larger for cautious risk profiles) times that standardised volatility, plus a
sensitivity times the market's drawdown from its peak, plus a mood common to all clients (AR(1))
and the reading's own noise. The market's part (volatility, drawdown, common mood) is the
firm's: a function of the FirmContext, recomputed by every shard; the clients' part draws from
the shard's client_sentiment stream. The same expected sentiment drives survey scores, the tone
of chat messages and ticket ratings, so the tables agree with each other.
"""

from __future__ import annotations

from dataclasses import fields

import numpy as np
import polars as pl

from generator.context import Context, FirmContext
from generator.modules._common import Window, gather
from generator.modules.engagement._shared import HINTS, MarketMood, Mood, _market_levels
from generator.reference import seed

TRADING_DAYS = 252
MIN_RETURNS = 10  # a month needs this many daily market returns to have a realised volatility
DRAWDOWN_MONTHS = 6  # a client's own drawdown: month-end value against the peak of the last 6 months
SENTIMENT_SOURCES = ("survey", "chat", "call_notes", "email")
MOOD_STREAM = "market_mood"  # the firm's stream of the common mood


def _own_drawdown(ctx: Context, window: Window, first_month: np.datetime64, n_months: int) -> np.ndarray:
    """[client, month] mean over the client's portfolios of the month-end value against its
    peak of the last DRAWDOWN_MONTHS month-ends, minus 1 (0 when no portfolio is active)."""
    values = ctx.month_end_values  # [portfolio row, trading-calendar month]
    calendar_month = (ctx.cal.days[ctx.cal.month_starts()].astype("datetime64[M]") - first_month).astype(np.int64)
    peak = np.full_like(values, np.nan)
    for lag in range(DRAWDOWN_MONTHS):  # a loop over six lags
        shifted = np.full_like(values, np.nan)
        shifted[:, lag:] = values[:, : values.shape[1] - lag]
        peak = np.fmax(peak, shifted)
    with np.errstate(invalid="ignore", divide="ignore"):
        drawdown = np.minimum(values / peak - 1, 0)
    active = np.isfinite(drawdown)
    client_row = np.searchsorted(window.client_id, ctx.portfolios.get_column("client_id").to_numpy())
    total = np.zeros((window.n, values.shape[1]))
    count = np.zeros((window.n, values.shape[1]))
    np.add.at(total, client_row, np.where(active, drawdown, 0.0))
    np.add.at(count, client_row, active)
    own = np.zeros((window.n, n_months))
    inside = (calendar_month >= 0) & (calendar_month < n_months)
    own[:, calendar_month[inside]] = (total / np.maximum(count, 1))[:, inside]
    return own


def market_mood(firm: FirmContext) -> MarketMood:
    """The firm's market mood: monthly volatility shocks and drawdowns of the market benchmark,
    and the mood common to all clients (AR(1), from the firm's stream): every shard recomputes
    the same from its `ctx.firm`."""
    first_month = np.datetime64(firm.config.history_start, "M")
    as_of = np.datetime64(firm.config.as_of, "D")
    months = np.arange(first_month, as_of.astype("datetime64[M]") + 1, dtype="datetime64[M]")
    month_end = np.minimum((months + 1).astype("datetime64[D]") - 1, as_of)
    n_months = len(months)
    levels = _market_levels(firm.market)
    day = levels.get_column("level_date").to_numpy().astype("datetime64[D]")
    level = levels.get_column("index_level").to_numpy()
    returns = pl.DataFrame(
        {"month": (day[1:].astype("datetime64[M]") - first_month).astype(np.int64), "r": level[1:] / level[:-1] - 1}
    )
    stats = returns.group_by("month").agg(pl.col("r").std(ddof=1).alias("sd"), pl.len().alias("n")).sort("month")
    volatility = np.full(n_months, np.nan)
    known = stats.filter(pl.col("n") >= MIN_RETURNS)
    volatility[known.get_column("month").to_numpy()] = known.get_column("sd").to_numpy() * np.sqrt(TRADING_DAYS)
    valid = np.isfinite(volatility) & (volatility > 0)
    log_vol = np.log(np.where(valid, volatility, 1.0))
    spread = log_vol[valid].std() if valid.sum() > 1 else 0.0
    shock = np.where(valid, (log_vol - log_vol[valid].mean()) / (spread if spread > 0 else 1.0), 0.0)
    peak_drawdown = level / np.maximum.accumulate(level) - 1
    last_day = np.searchsorted(day, month_end, side="right") - 1
    drawdown = np.where(last_day >= 0, peak_drawdown[np.maximum(last_day, 0)], 0.0)
    innovations = firm.stream(MOOD_STREAM).normal(0, 0.05, n_months)
    common = np.empty(n_months)
    previous = 0.0
    for m in range(n_months):  # a loop over months
        previous = 0.6 * previous + innovations[m]
        common[m] = previous
    return MarketMood(
        first_month=first_month,
        month_end=month_end,
        volatility=np.where(valid, volatility, np.nan),
        shock=shock,
        drawdown=drawdown,
        common=common,
    )


def _mood(ctx: Context, window: Window, rng: np.random.Generator) -> Mood:
    """The firm's market mood with the shard's clients' baselines and sensitivities to it."""
    market = market_mood(ctx.firm)
    risk_level = (
        ctx.people.clients.get_column("risk_profile")
        .replace_strict(
            dict(zip(*seed("risk_profiles").select("risk_profile_code", "risk_level").to_dict().values(), strict=True)),
            return_dtype=pl.Float64,
        )
        .to_numpy()
    )
    n = window.n
    caution = 5 - risk_level  # 0 (aggressive) to 4 (conservative)
    return Mood(
        **{field.name: getattr(market, field.name) for field in fields(MarketMood)},
        baseline=0.18 + 0.2 * rng.standard_normal(n),
        loading=np.clip(0.1 + 0.035 * caution + 0.04 * rng.standard_normal(n), 0.02, None),
        sensitivity=np.clip(0.3 + 0.1 * caution + 0.15 * rng.standard_normal(n), 0.0, None),
        own_drawdown=_own_drawdown(ctx, window, market.first_month, len(market.month_end)),
    )


def _label(score: np.ndarray) -> pl.Series:
    """negative below -0.2, positive above 0.2, neutral in between (bounds included)."""
    return gather(HINTS, np.where(score < -0.2, 0, np.where(score > 0.2, 2, 1)))


def client_sentiment(ctx: Context, window: Window, mood: Mood, rng: np.random.Generator) -> pl.DataFrame:
    n_months = len(mood.month_end)
    first = np.searchsorted(mood.month_end, window.onboarding, side="left")
    count = n_months - first
    row = np.repeat(np.arange(window.n), count)
    month = np.arange(len(row)) - np.repeat(np.cumsum(count) - count, count) + first[row]
    keep = np.isfinite(mood.volatility[month])
    row, month = row[keep], month[keep]
    k = len(row)
    score = np.round(np.clip(mood.expected(row, month) + 0.12 * rng.standard_normal(k), -1, 1), 3)
    return pl.DataFrame(
        {
            "sentiment_id": ctx.ids(k),
            "client_id": window.client_id[row],
            "measured_date": mood.month_end[month],
            "sentiment_score": score,
            "sentiment_label": _label(score),
            "source": gather(SENTIMENT_SOURCES, rng.choice(len(SENTIMENT_SOURCES), k, p=[0.15, 0.3, 0.35, 0.2])),
        }
    )
