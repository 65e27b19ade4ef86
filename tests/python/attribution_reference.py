"""An independent implementation of the attribution marts (models/attribution.md), from the raw
files and the seeds only, with numpy: positions, cash and values rebuilt from the transactions
day by day, each segment's profit as the previous close's positions times the price change
(the warehouse takes close values less the day's trades instead), benchmark universes from the
prices, Brinson-Fachler effects, and Carino's linking with numpy's log1p, in both
segmentations: by asset class and by sector (a sector's benchmark weight its class's times its
share of the class's securities; the cash class, and a security without a sector, whole as
their class). It shares no code with the models; the conventions (segments, the benchmark's
level adjustment, the effects of segments one side does not hold) are the doc blocks'."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl

from generator.schema import read_generated

REPO = Path(__file__).resolve().parents[2]
WEIGHTLESS = ("trading", "fees")
INCOME = ("dividend", "interest")


def raw_frame(raw: dict[str, pl.DataFrame] | Path, table: str) -> pd.DataFrame:
    frame = raw[table] if isinstance(raw, dict) else read_generated(raw, table)
    return frame.to_pandas()


def _seed(name: str) -> pd.DataFrame:
    return pd.read_csv(REPO / "seeds" / f"{name}.csv")


@dataclass
class Segmentation:
    segments: list[str]  # the segments with a value, the cash class last
    sec_segment: np.ndarray  # [security index] -> index in segments
    # benchmark -> weights [segment], returns [day, segment]
    benchmark_segments: dict[str, tuple[np.ndarray, np.ndarray]]


@dataclass
class Market:
    days: np.ndarray  # trading days, datetime64[D]
    close: np.ndarray  # [day, security index] in the security's currency
    usd: dict[str, np.ndarray]  # currency -> usd per unit by day
    sec_index: dict[int, int]  # security_id -> column of close
    sec_currency: np.ndarray  # [security index] currency code
    benchmark_returns: dict[str, np.ndarray]  # benchmark -> level return by day (nan on day 0)
    segmentations: dict[str, Segmentation]  # asset_class, sector

    @property
    def classes(self) -> list[str]:
        """The asset classes, the cash class last."""
        return self.segmentations["asset_class"].segments

    @property
    def cash_class(self) -> str:
        return self.classes[-1]

    @property
    def sec_class(self) -> np.ndarray:
        """[security index] asset class code."""
        by_class = self.segmentations["asset_class"]
        return np.array(by_class.segments)[by_class.sec_segment]

    @property
    def benchmark_segments(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Benchmark -> weights [class], returns [day, class]."""
        return self.segmentations["asset_class"].benchmark_segments


def segment_keys(sec_class: np.ndarray, sec_sector: np.ndarray, cash_class: str) -> dict[str, np.ndarray]:
    """Each security's segment in each segmentation: its class; its sector, or its class for the
    cash class and a security without a sector."""
    whole = (sec_class == cash_class) | (sec_sector == "") | (sec_sector == "nan")
    return {"asset_class": sec_class, "sector": np.where(whole, sec_class, sec_sector)}


def load_market(raw: dict[str, pl.DataFrame] | Path, trading_days_per_year: int) -> Market:
    calendar = raw_frame(raw, "trading_calendar")
    days = np.sort(calendar.loc[calendar["is_trading_day"], "calendar_date"].to_numpy().astype("datetime64[D]"))
    day_of = {d: i for i, d in enumerate(days)}
    securities = raw_frame(raw, "securities").sort_values("security_id").reset_index(drop=True)
    sec_index = {int(s): i for i, s in enumerate(securities["security_id"])}
    prices = raw_frame(raw, "prices")
    close = np.full((len(days), len(securities)), np.nan)
    rows = [day_of[d] for d in prices["price_date"].to_numpy().astype("datetime64[D]")]
    close[rows, [sec_index[int(s)] for s in prices["security_id"]]] = prices["close_price"].astype(float)
    fx = raw_frame(raw, "fx_rates")
    usd: dict[str, np.ndarray] = {}
    for currency, group in fx.groupby("currency_code"):
        series = np.full(len(days), np.nan)
        series[[day_of[d] for d in group["rate_date"].to_numpy().astype("datetime64[D]")]] = group["usd_per_unit"]
        usd[str(currency)] = series
    asset_classes = _seed("asset_classes")
    cash_class = str(asset_classes.loc[asset_classes["is_cash"], "asset_class_code"].iloc[0])
    classes = [str(c) for c in asset_classes["asset_class_code"] if c != cash_class]
    sec_class = securities["asset_class_code"].to_numpy().astype(str)
    keys = segment_keys(sec_class, securities["sector_code"].fillna("").to_numpy().astype(str), cash_class)
    segment_lists = {
        "asset_class": [*classes, cash_class],
        "sector": [*sorted({str(k) for k in keys["sector"] if k != cash_class}), cash_class],
    }
    # benchmark universes: equal-weighted simple price returns plus the mean income yield
    simple = np.vstack([np.full(len(securities), np.nan), close[1:] / close[:-1] - 1])
    income = (securities["dividend_yield"].fillna(0) + securities["coupon_rate"].fillna(0)).to_numpy(float)
    rates = raw_frame(raw, "risk_free_rates")
    levels = raw_frame(raw, "benchmark_levels")
    components = _seed("benchmark_components")
    benchmark_returns: dict[str, np.ndarray] = {}
    benchmark_segments: dict[str, dict[str, tuple[np.ndarray, np.ndarray]]] = {name: {} for name in segment_lists}
    for benchmark in _seed("benchmarks").itertuples():
        level = levels[levels["benchmark_code"] == benchmark.benchmark_code].sort_values("level_date")
        level_return = np.r_[
            np.nan, level["index_level"].to_numpy(float)[1:] / level["index_level"].to_numpy(float)[:-1] - 1
        ]
        benchmark_returns[benchmark.benchmark_code] = level_return
        own_weights = components[components["benchmark_code"] == benchmark.benchmark_code]
        own_rates = rates[rates["currency_code"] == benchmark.currency_code]
        risk_free = np.full(len(days), np.nan)
        risk_free[[day_of[d] for d in own_rates["rate_date"].to_numpy().astype("datetime64[D]")]] = own_rates[
            "daily_rate"
        ]
        for name, segments in segment_lists.items():
            universe, weights = np.empty((len(days), len(segments))), np.empty(len(segments))
            for j, code in enumerate(segments):
                members = keys[name] == code
                owner = cash_class if code == cash_class else str(sec_class[members][0])
                class_weight = own_weights.loc[own_weights["asset_class_code"] == owner, "weight"].sum()
                if code == cash_class:
                    universe[:, j], weights[j] = risk_free, class_weight
                else:  # the segment's share of its class's equal-weighted universe
                    universe[:, j] = simple[:, members].mean(axis=1) + income[members].mean() / trading_days_per_year
                    weights[j] = class_weight * members.sum() / (sec_class == owner).sum()
            adjustment = level_return - universe @ weights  # the rounding of the published levels
            benchmark_segments[name][benchmark.benchmark_code] = (weights, universe + adjustment[:, None])
    segmentations = {
        name: Segmentation(segments, np.array([segments.index(k) for k in keys[name]]), benchmark_segments[name])
        for name, segments in segment_lists.items()
    }
    return Market(days, close, usd, sec_index, securities["currency_code"].to_numpy().astype(str),
                  benchmark_returns, segmentations)  # fmt: skip


@dataclass
class PortfolioDays:
    """A portfolio's days with a return in one segmentation: dates, returns, segment weights and
    contributions [day, segment] (the segmentation's segments in order, then trading and fees)."""

    dates: np.ndarray
    returns: np.ndarray
    weights: np.ndarray
    contributions: np.ndarray
    benchmark: str
    segmentation: str


def portfolio_days(market: Market, portfolio: pd.Series, transactions: pd.DataFrame) -> dict[str, PortfolioDays]:
    """The portfolio's days in each segmentation."""
    days = market.days
    first = int(np.searchsorted(days, np.datetime64(portfolio["inception_date"], "D")))
    span = days[first:]
    day_of = {d: i for i, d in enumerate(span)}
    held = sorted({market.sec_index[int(s)] for s in transactions["security_id"].dropna()})
    column = {s: j for j, s in enumerate(held)}
    base = market.usd[portfolio["base_currency"]][first:]
    price = np.column_stack(
        [market.close[first:, s] * market.usd[market.sec_currency[s]][first:] / base for s in held]
    ) if held else np.zeros((len(span), 0))  # fmt: skip
    traded = np.zeros((len(span), len(held)))
    cash_change, flow, net_purchases, fees = (np.zeros(len(span)) for _ in range(4))
    income = np.zeros((len(span), len(held)))
    for t in transactions.itertuples():
        d, amount = day_of[np.datetime64(t.trade_date, "D")], float(t.amount)
        kind = t.transaction_type
        sign = 1.0 if kind in ("deposit", "sell", *INCOME) else -1.0
        cash_change[d] += sign * amount
        if kind in ("deposit", "withdrawal"):
            flow[d] += sign * amount
        elif kind in ("buy", "sell"):
            j = column[market.sec_index[int(t.security_id)]]
            traded[d, j] += t.quantity if kind == "buy" else -t.quantity
            net_purchases[d] -= sign * amount
        elif kind in INCOME:
            income[d, column[market.sec_index[int(t.security_id)]]] += amount
        else:  # fee
            fees[d] += amount
    quantity = np.cumsum(traded, axis=0)
    cash = np.cumsum(cash_change)
    market_value = (quantity * price).sum(axis=1) + cash
    previous = market_value[:-1]
    returns = (market_value[1:] - previous - flow[1:]) / previous
    trading = (traded[1:] * price[1:]).sum(axis=1) - net_purchases[1:]
    by_segmentation = {}
    for name, segmentation in market.segmentations.items():
        n_segment = len(segmentation.segments)
        members = np.zeros((len(held), n_segment))
        members[np.arange(len(held)), segmentation.sec_segment[held]] = 1.0
        values = (quantity * price) @ members  # [day, segment]
        values[:, n_segment - 1] += cash
        holding = (quantity[:-1] * (price[1:] - price[:-1]) + income[1:]) @ members
        profit = np.column_stack([holding, trading, -fees[1:]])
        weights = np.column_stack([values[:-1], np.zeros((len(previous), len(WEIGHTLESS)))]) / previous[:, None]
        by_segmentation[name] = PortfolioDays(
            span[1:], returns, weights, profit / previous[:, None], portfolio["benchmark_code"], name
        )
    return by_segmentation


def carino(r: np.ndarray, b: np.ndarray | float) -> np.ndarray:
    """(ln(1 + r) - ln(1 + b)) / (r - b), 1 / (1 + r) where r = b."""
    r, b = np.broadcast_arrays(np.asarray(r, float), np.asarray(b, float))
    gap = r - b
    safe = np.where(gap == 0, 1.0, gap)
    return np.where(gap == 0, 1 / (1 + r), np.log1p(safe / (1 + b)) / safe)


@dataclass
class DailyEffects:
    dates: np.ndarray
    portfolio_return: np.ndarray
    benchmark_return: np.ndarray
    portfolio_weight: np.ndarray  # [day, segment]
    benchmark_weight: np.ndarray
    contribution: np.ndarray
    effects: np.ndarray  # [effect (allocation, selection, interaction), day, segment]


def daily_effects(market: Market, days: PortfolioDays) -> DailyEffects:
    index = np.searchsorted(market.days, days.dates)
    total = market.benchmark_returns[days.benchmark][index]
    weights, returns = market.segmentations[days.segmentation].benchmark_segments[days.benchmark]
    n = len(WEIGHTLESS)
    bench_weight = np.tile(np.r_[weights, np.zeros(n)], (len(index), 1))
    # a segment without a benchmark return (trading, fees) is measured against the benchmark's total
    bench_return = np.column_stack([returns[index], np.repeat(total[:, None], n, axis=1)])
    w, c = days.weights, days.contributions
    held = w != 0
    own = np.divide(c, w, out=np.zeros_like(c), where=held)
    allocation = (w - bench_weight) * (bench_return - total[:, None])
    selection = np.where(held, bench_weight * (own - bench_return), c)
    interaction = np.where(held, (w - bench_weight) * (own - bench_return), 0.0)
    return DailyEffects(days.dates, days.returns, total, w, bench_weight, c,
                        np.stack([allocation, selection, interaction]))  # fmt: skip


def linked(values: np.ndarray, factor: np.ndarray, period_factor: float) -> np.ndarray:
    """Carino-linked sums over the days (axis -2) of daily values."""
    return (values * factor[:, None]).sum(axis=-2) / period_factor
