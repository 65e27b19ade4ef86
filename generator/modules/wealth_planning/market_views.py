"""Wealth planning: the market_views table.

market_views: on the first trading day of each quarter, one view per asset class (seed
asset_classes), read from the global-equity benchmark's close the day before: its drawdown
from the running high, its 12-month return and the cash rate. The equity score rises with the
drawdown beyond 8% (the house buys after a fall) and falls after a strong year (over 12%), so
equity is overweight far more often in the year after the worst drawdown; cash moves the other
way; fixed income follows the cash rate. The expected 12-month return is the asset class's
long-run return (seed asset_classes) plus 0.3 x the drawdown for equity and 0.1 x for
alternatives (cash: the cash rate), tilted by 1.5% per unit of the view's score.

A table of the firm (made once, from the firm's stream): it reads the market data and the
calendar, and its authors are the senior advisors of the head office, the first shard, whose
advisors every run of at least one full shard has unchanged (a smaller run is all head office).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import FirmContext
from generator.modules.wealth_planning._shared import _gather
from generator.people import build_people
from generator.reference import seed

VIEWS = ("underweight", "neutral", "overweight")
VIEW_THRESHOLD = 0.5  # score above: overweight, below minus: underweight
VIEW_NOISE = 0.4  # standard deviation of the committee's judgement in score units
DRAWDOWN_TRIGGER = 0.08  # the equity score rises with the drawdown beyond 8% from the high
AUTHOR_TITLES = ("Managing Director", "Senior Wealth Advisor")
RATIONALES: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {
    ("equity", "overweight"): (
        "Global equities stand {}% below their peak; valuations have cheapened and we add equity risk for the rebound.",
        ("drawdown_pct",),
    ),
    ("equity", "neutral"): (
        "Global equities returned {}% over twelve months; earnings and valuations balance out, so we hold the "
        "benchmark weight.",
        ("return_pct",),
    ),
    ("equity", "underweight"): (
        "After a {}% move over twelve months equity valuations look stretched; we trim equities and keep dry powder.",
        ("return_pct",),
    ),
    ("fixed_income", "overweight"): (
        "With the cash rate at {}% bonds offer fair carry and a hedge against equity risk; we add to fixed income.",
        ("rate_pct",),
    ),
    ("fixed_income", "neutral"): (
        "Cash rate at {}%: yields are fair but not compelling; fixed income stays at the benchmark weight.",
        ("rate_pct",),
    ),
    ("fixed_income", "underweight"): (
        "A cash rate of {}% leaves little term premium; we keep fixed income short and below the benchmark weight.",
        ("rate_pct",),
    ),
    ("alternatives", "overweight"): (
        "Real assets and commodities diversify an equity market {}% below its peak; we add to alternatives.",
        ("drawdown_pct",),
    ),
    ("alternatives", "neutral"): (
        "Alternatives stay at the benchmark weight as a diversifier; equities returned {}% over twelve months.",
        ("return_pct",),
    ),
    ("alternatives", "underweight"): (
        "Alternatives lag an equity market up {}% over twelve months; we fund equity risk from alternatives.",
        ("return_pct",),
    ),
    ("cash", "overweight"): ("Cash yields {}% while risks rise; we hold extra liquidity.", ("rate_pct",)),
    ("cash", "neutral"): ("Cash at {}% is held at the strategic weight.", ("rate_pct",)),
    ("cash", "underweight"): (
        "Cash at {}% earns little against expected returns elsewhere; we put it to work.",
        ("rate_pct",),
    ),
}


def _percent(values: np.ndarray) -> pl.Series:
    """Percentages with one decimal, as text (e.g. 0.1234 -> "12.3")."""
    return pl.Series(np.round(values * 100, 1)).cast(pl.String)


def _authors(ctx: FirmContext) -> np.ndarray:
    """The advisor ids who may write the views: the senior advisors of the head office (the first
    shard), or all its advisors if none is senior. The head office's advisors are rebuilt from the
    firm's config, as the first shard makes them (the same frame, whichever process asks)."""
    head_office = ctx.config.for_shard(ctx.config.shards[0])
    advisors = build_people(head_office, ctx.pools).advisors
    seniors = advisors.filter(pl.col("title").is_in(list(AUTHOR_TITLES)))
    return (seniors if seniors.height else advisors).get_column("advisor_id").to_numpy()


def _market_views(ctx: FirmContext) -> pl.DataFrame:
    rng = ctx.stream("market_views")
    cal = ctx.cal
    starts = cal.month_starts()
    quarter = starts[cal.days[starts].astype("datetime64[M]").astype(int) % 3 == 0]
    levels = (
        ctx.market.tables["benchmark_levels"]
        .filter(pl.col("benchmark_code") == "bm_global_equity")
        .sort("level_date")
        .get_column("index_level")
        .to_numpy()
    )
    seen = np.maximum(quarter - 1, 0)  # the house reads the close of the day before
    drawdown = levels[seen] / np.maximum.accumulate(levels)[seen] - 1
    trailing = levels[seen] / levels[np.maximum(seen - 252, 0)] - 1
    cash_rate = ctx.market.tables["risk_free_rates"].sort("rate_date").get_column("annual_rate").to_numpy()[seen]
    classes = seed("asset_classes").sort("sort_order")
    codes = classes.get_column("asset_class_code").to_list()
    q, a = len(quarter), len(codes)
    fall = -drawdown
    noise = rng.normal(0, VIEW_NOISE, (q, a))
    # the house buys equities once they are well below their high and trims them after a strong year
    cheap = np.maximum(fall - DRAWDOWN_TRIGGER, 0)
    equity = 6 * cheap - 1.5 * np.maximum(trailing - 0.12, 0) - 0.1
    signal = {
        "equity": equity,
        "fixed_income": 10 * (cash_rate - 0.02) + 0.5 * fall,
        "alternatives": 2 * cheap - 0.1,
        "cash": -0.5 * equity,
    }
    score = np.column_stack([signal.get(code, np.zeros(q)) for code in codes]) + noise
    view = np.where(score > VIEW_THRESHOLD, 2, np.where(score < -VIEW_THRESHOLD, 0, 1))
    margin = np.where(view == 1, VIEW_THRESHOLD - np.abs(score), np.abs(score) - VIEW_THRESHOLD)
    conviction = np.where(
        view == 1, np.where(margin >= 0.3, 1, 0), np.where(margin >= 0.7, 2, np.where(margin >= 0.3, 1, 0))
    )
    base = classes.get_column("expected_return").to_numpy()[None, :]
    tilt = np.column_stack(
        [
            {"equity": 0.3 * fall, "alternatives": 0.1 * fall, "cash": cash_rate - 0.02}.get(code, np.zeros(q))
            for code in codes
        ]
    )
    expected = np.round(base + tilt + 0.015 * np.clip(score, -2, 2), 4)
    authors = _authors(ctx)
    frame = pl.DataFrame(
        {
            "view_date": np.repeat(cal.days[quarter], a),
            "asset_class_code": _gather(codes, np.tile(np.arange(a), q)),
            "view": _gather(VIEWS, view.reshape(-1)),
            "conviction": _gather(("low", "medium", "high"), conviction.reshape(-1)),
            "expected_return_12m": expected.reshape(-1),
            "author_advisor_id": authors[rng.integers(0, len(authors), q * a)],
            "drawdown_pct": _percent(np.repeat(fall, a)),
            "return_pct": _percent(np.repeat(trailing, a)),
            "rate_pct": _percent(np.repeat(cash_rate, a)),
        }
    )
    rationale = pl.format("We hold a {} view on {}.", pl.col("view"), pl.col("asset_class_code"))
    for (code, name), (template, args) in RATIONALES.items():
        rationale = (
            pl.when((pl.col("asset_class_code") == code) & (pl.col("view") == name))
            .then(pl.format(template, *[pl.col(arg) for arg in args]))
            .otherwise(rationale)
        )
    return frame.select(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("market_view_id"),
        "view_date",
        "asset_class_code",
        "view",
        "conviction",
        "expected_return_12m",
        rationale.alias("rationale"),
        "author_advisor_id",
    )
