"""The risk-free rate: a Vasicek short rate in USD (from 1.5%, mean 2.5%, speed 0.6 a year,
volatility 0.6 points a year, floored at zero), quoted daily as annual / 252."""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.calendar import TradingCalendar
from generator.config import Config
from generator.market.factors import TRADING_DAYS
from generator.rng import stream


def risk_free(config: Config, cal: TradingCalendar) -> tuple[pl.DataFrame, np.ndarray]:
    rng = stream(config.seed, "risk_free_rates")
    n = cal.n
    rate = np.empty(n)
    level, theta, kappa, sigma, dt = 0.015, 0.025, 0.6, 0.006, 1 / TRADING_DAYS
    shocks = rng.standard_normal(n)
    for t in range(n):
        rate[t] = level
        level = max(0.0, level + kappa * (theta - level) * dt + sigma * np.sqrt(dt) * shocks[t])
    annual = np.round(rate, 6)
    daily = np.round(annual / TRADING_DAYS, 10)
    frame = pl.DataFrame({"rate_date": cal.days, "currency_code": "USD", "annual_rate": annual, "daily_rate": daily})
    return frame, daily
