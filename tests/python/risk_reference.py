"""An independent implementation of the security contribution and risk decomposition marts
(models/risk_decomposition.md), from the raw files and the seeds only, with numpy: each
portfolio's positions and cash rebuilt from its transactions day by day (attribution_reference's
Market for the prices), each security's daily profit as the previous close's quantity times the
change of its close value plus its income, Carino's linking with numpy's log1p, and the Euler
risk contributions from numpy's sample covariances over the period's days. It shares no code
with the models."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from attribution_reference import INCOME, WEIGHTLESS, Market, carino


@dataclass
class SecurityDays:
    """A portfolio's days with a return and its segments: the securities it ever traded (by
    security_id as a string), the cash balance (the cash class's code), trading and fees."""

    dates: np.ndarray
    returns: np.ndarray
    segments: list[str]
    classes: list[str]  # each segment's asset class; the segment itself for trading and fees
    weights: np.ndarray  # [day, segment]
    contributions: np.ndarray  # [day, segment]


def security_days(market: Market, portfolio: pd.Series, transactions: pd.DataFrame) -> SecurityDays:
    days = market.days
    first = int(np.searchsorted(days, np.datetime64(portfolio["inception_date"], "D")))
    span = days[first:]
    day_of = {d: i for i, d in enumerate(span)}
    ids = sorted({int(s) for s in transactions["security_id"].dropna()})
    column = {s: j for j, s in enumerate(ids)}
    base = market.usd[portfolio["base_currency"]][first:]
    price = np.zeros((len(span), len(ids)))
    for s, j in column.items():
        k = market.sec_index[s]
        price[:, j] = market.close[first:, k] * market.usd[market.sec_currency[k]][first:] / base
    traded = np.zeros((len(span), len(ids)))
    income = np.zeros((len(span), len(ids)))
    cash_change, flow, net_purchases, fees = (np.zeros(len(span)) for _ in range(4))
    for t in transactions.itertuples():
        d, amount, kind = day_of[np.datetime64(t.trade_date, "D")], float(t.amount), t.transaction_type
        sign = 1.0 if kind in ("deposit", "sell", *INCOME) else -1.0
        cash_change[d] += sign * amount
        if kind in ("deposit", "withdrawal"):
            flow[d] += sign * amount
        elif kind in ("buy", "sell"):
            traded[d, column[int(t.security_id)]] += t.quantity if kind == "buy" else -t.quantity
            net_purchases[d] -= sign * amount
        elif kind in INCOME:
            income[d, column[int(t.security_id)]] += amount
        else:  # fee
            fees[d] += amount
    quantity = np.cumsum(traded, axis=0)
    cash = np.round(np.cumsum(cash_change), 6)  # the balance in cents, free of the running sum's noise
    held_value = np.where(quantity != 0, quantity * np.nan_to_num(price), 0.0)
    market_value = held_value.sum(axis=1) + cash
    previous = market_value[:-1]
    returns = (market_value[1:] - previous - flow[1:]) / previous
    held = quantity[:-1] != 0
    holding = np.where(held, quantity[:-1] * (price[1:] - price[:-1]), 0.0) + income[1:]
    trading = (traded[1:] * np.nan_to_num(price[1:])).sum(axis=1) - net_purchases[1:]
    profit = np.column_stack([holding, np.zeros(len(previous)), trading, -fees[1:]])
    beginning = np.column_stack([held_value[:-1], cash[:-1], np.zeros((len(previous), len(WEIGHTLESS)))])
    segments = [*(str(s) for s in ids), market.cash_class, *WEIGHTLESS]
    classes = [*(str(market.sec_class[market.sec_index[s]]) for s in ids), market.cash_class, *WEIGHTLESS]
    return SecurityDays(span[1:], returns, segments, classes, beginning / previous[:, None], profit / previous[:, None])


@dataclass
class PeriodFigures:
    """One period's figures by segment (those with a weight or a contribution on one of its days)."""

    segments: list[str]
    average_weight: np.ndarray
    contribution: np.ndarray  # Carino-linked
    volatility: np.ndarray  # Euler contributions to the annualised volatility
    value_at_risk: np.ndarray  # Euler contributions to the daily parametric VaR
    total_volatility: float
    total_value_at_risk: float


def period_figures(
    days: SecurityDays, inside: np.ndarray, segmentation: str, trading_days_per_year: int, z: float
) -> PeriodFigures:
    weights, contributions = days.weights[inside], days.contributions[inside]
    if segmentation == "asset_class":
        codes = list(dict.fromkeys(days.classes))
        members = np.array([[c == code for code in codes] for c in days.classes], dtype=float)
        present = (weights != 0) | (contributions != 0)
        listed = (present.any(axis=0).astype(float) @ members) > 0
        weights, contributions = weights @ members, contributions @ members
    else:
        codes = days.segments
        listed = ((weights != 0) | (contributions != 0)).any(axis=0)
    r = days.returns[inside]
    n = len(r)
    growth = float(np.prod(1 + r) - 1)
    linked = (contributions * carino(r, 0.0)[:, None]).sum(axis=0) / float(carino(growth, 0.0))
    sigma = float(np.std(r, ddof=1)) if n >= 2 else float("nan")
    covariance = ((contributions - contributions.mean(axis=0)) * (r - r.mean())[:, None]).sum(axis=0) / max(n - 1, 1)
    scale = np.sqrt(trading_days_per_year)
    volatility = covariance / sigma * scale
    value_at_risk = contributions.mean(axis=0) + z * covariance / sigma
    pick = np.flatnonzero(listed)
    return PeriodFigures(
        [codes[i] for i in pick],
        weights.mean(axis=0)[pick],
        linked[pick],
        volatility[pick],
        value_at_risk[pick],
        sigma * scale,
        float(r.mean() + z * sigma),
    )
