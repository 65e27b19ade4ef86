"""Benchmark levels: total-return indices built from the same prices as the securities."""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.calendar import TradingCalendar
from generator.market.factors import TRADING_DAYS
from generator.reference import seed


def benchmark_levels(cal: TradingCalendar, sec: pl.DataFrame, close: np.ndarray, rf_daily: np.ndarray) -> pl.DataFrame:
    """Total-return index levels: each component is the equal-weighted universe of its asset
    class plus its income yield, blended daily by the benchmark's weights."""
    simple = np.vstack([np.zeros(close.shape[1]), close[1:] / close[:-1] - 1])
    asset = sec.get_column("asset_class_code").to_numpy()
    income = (sec.get_column("dividend_yield").fill_null(0) + sec.get_column("coupon_rate").fill_null(0)).to_numpy()
    component = {
        code: simple[:, asset == code].mean(axis=1) + income[asset == code].mean() / TRADING_DAYS
        for code in ("equity", "fixed_income", "alternatives")
    }
    component["cash"] = rf_daily
    component_zero = {k: np.r_[0.0, v[1:]] for k, v in component.items()}
    weights = seed("benchmark_components")
    frames = []
    for bench in seed("benchmarks").iter_rows(named=True):
        parts = weights.filter(pl.col("benchmark_code") == bench["benchmark_code"])
        daily = sum(w * component_zero[a] for a, w in zip(parts["asset_class_code"], parts["weight"], strict=True))
        level = np.round(bench["base_level"] * np.cumprod(1 + daily), 6)
        frames.append(
            pl.DataFrame({"benchmark_code": bench["benchmark_code"], "level_date": cal.days, "index_level": level})
        )
    return pl.concat(frames)
