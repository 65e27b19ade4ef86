"""The independent implementation of the performance metrics: what an analyst would write
with pandas and empyrical-reloaded (numpy and scipy where empyrical has no function). The
test suite checks the warehouse against it and the benchmark times it."""

from __future__ import annotations

import math
from collections.abc import Sequence

import empyrical
import numpy as np
import pandas as pd
from scipy.optimize import brentq
from scipy.stats import norm

TRADING_DAYS = 252
TAIL = 0.05
DAYS_PER_YEAR = 365


def _none_if_not_finite(value: float) -> float | None:
    return float(value) if value is not None and math.isfinite(value) else None


def return_metrics(returns: pd.Series, benchmark: pd.Series, risk_free: pd.Series) -> dict[str, float | None]:
    """Every return and risk statistic of one period's daily series (indexed by date, no nulls).
    Statistics that are undefined (a constant series, too few days) come back as None."""
    count = len(returns)
    metrics: dict[str, float | None] = {
        "time_weighted_return": float(empyrical.cum_returns_final(returns)),
        "annualised_return": float(empyrical.annual_return(returns)) if count >= TRADING_DAYS else None,
        "annualised_volatility": _none_if_not_finite(empyrical.annual_volatility(returns)),
        "downside_deviation": float(empyrical.downside_risk(returns, required_return=risk_free)),
        "max_drawdown": float(empyrical.max_drawdown(returns)),
        "value_at_risk_historical": float(empyrical.value_at_risk(returns, cutoff=TAIL)),
        "best_day_return": float(returns.max()),
        "worst_day_return": float(returns.min()),
    }
    excess = returns - risk_free
    constant_excess = excess.max() == excess.min()
    metrics["sharpe_ratio"] = (
        None if constant_excess else _none_if_not_finite(empyrical.sharpe_ratio(returns, risk_free=risk_free))
    )
    metrics["sortino_ratio"] = _none_if_not_finite(empyrical.sortino_ratio(returns, required_return=risk_free))
    # parametric VaR: empyrical has none, so numpy and scipy (normal quantile of the tail)
    metrics["value_at_risk_parametric"] = (
        float(returns.mean() + norm.ppf(TAIL) * returns.std(ddof=1)) if count >= 2 else None
    )
    metrics.update(_benchmark_metrics(returns, benchmark, risk_free))
    return metrics


def _benchmark_metrics(returns: pd.Series, benchmark: pd.Series, risk_free: pd.Series) -> dict[str, float | None]:
    paired = benchmark.notna()
    result: dict[str, float | None] = {
        "benchmark_return": float(empyrical.cum_returns_final(benchmark)) if bool(paired.all()) else None
    }
    result["excess_return"] = (
        float(empyrical.cum_returns_final(returns)) - result["benchmark_return"]
        if result["benchmark_return"] is not None
        else None
    )
    r, b, rf = returns[paired], benchmark[paired], risk_free[paired]
    # empyrical's capture ratios take the days the benchmark rose (fell); none: undefined
    result["up_capture_ratio"] = _none_if_not_finite(empyrical.up_capture(r, b)) if bool((b > 0).any()) else None
    result["down_capture_ratio"] = _none_if_not_finite(empyrical.down_capture(r, b)) if bool((b < 0).any()) else None
    if len(r) < 2:
        return {**result, "beta": None, "alpha": None, "tracking_error": None, "information_ratio": None}
    beta = _none_if_not_finite(empyrical.beta(r, b))
    result["beta"] = beta
    result["alpha"] = _none_if_not_finite(empyrical.alpha(r, b, risk_free=rf)) if beta is not None else None
    # tracking error: empyrical has none, so numpy (sample deviation of the active return)
    active = (r - b).to_numpy()
    result["tracking_error"] = float(np.std(active, ddof=1) * np.sqrt(TRADING_DAYS))
    constant_active = active.max() == active.min()
    result["information_ratio"] = (
        None if constant_active else float(empyrical.excess_sharpe(r, b) * np.sqrt(TRADING_DAYS))
    )
    return result


def money_weighted_return(start_value: float, flows: Sequence[tuple[float, float]], end_value: float) -> float | None:
    """The period IRR m: start_value (1 + m) + sum cf (1 + m)^(1 - t) = end_value, with
    (t, cf) the flows at their time fraction of the period; brentq on a wide bracket."""

    def surplus(rate: float) -> float:
        grown = start_value * (1 + rate) + sum(cf * (1 + rate) ** (1 - t) for t, cf in flows)
        return grown - end_value

    low, high = -1 + 1e-9, 1.0
    while surplus(high) * surplus(low) > 0 and high < 1e6:
        high *= 4
    if surplus(high) * surplus(low) > 0:
        return None
    return float(brentq(surplus, low, high, xtol=1e-15, rtol=1e-15, maxiter=500))


def drawdown_dates(returns: pd.Series, anchor: object) -> tuple[object, object, object]:
    """Peak (last day at the peak before the trough, the anchor if the peak is the start),
    trough (first day of the deepest point) and recovery (first day back at the peak)."""
    wealth = np.cumprod(1 + returns.to_numpy())
    peaks = np.maximum.accumulate(np.concatenate([[1.0], wealth]))[1:]
    drawdown = wealth / peaks - 1
    trough = int(np.argmin(drawdown))
    if drawdown[trough] >= 0:
        return None, None, None
    peak_value = peaks[trough]
    before = np.nonzero(np.isclose(wealth[: trough + 1], peak_value, rtol=1e-12, atol=0))[0]
    peak = returns.index[before[-1]] if len(before) else anchor
    after = np.nonzero(wealth[trough + 1 :] >= peak_value * (1 - 1e-12))[0]
    recovery = returns.index[trough + 1 + after[0]] if len(after) else None
    return peak, returns.index[trough], recovery
