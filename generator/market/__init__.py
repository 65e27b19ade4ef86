"""Market data: security master, factor-model prices with stock jumps, FX, the risk-free rate,
benchmarks and dividends. One module per family:

- securities.py: the security master (with the stocks' market capitalisation);
- factors.py: the market factor (GARCH(1,1), Student-t shocks, a crash regime) and the
  EGARCH(1,1) recursion shared by stocks and currencies;
- stocks.py: single stocks' beta, volatility by sector and size, EGARCH persistence;
- jumps.py: the stocks' jump process (table price_jumps);
- returns.py: every security's daily log returns from the factor model;
- fx.py: FX rates (fat tails, clustering, volatility rising with the market's);
- rates.py: the risk-free rate; dividends.py: dividends and coupons;
- benchmarks.py: benchmark levels from the same prices.

Every family draws from its own random stream (generator/rng.py), keyed by its table, so the
market data depend on the seed and the history's dates only, never on the scale.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from generator.calendar import TradingCalendar
from generator.config import Config
from generator.market.benchmarks import benchmark_levels
from generator.market.dividends import PAY_LAG_DAYS, distributions
from generator.market.factors import CRASH_AT, TRADING_DAYS
from generator.market.fx import fx_rates
from generator.market.rates import risk_free
from generator.market.returns import Returns, security_returns
from generator.market.securities import build_securities
from generator.pools import Pools
from generator.reference import seed
from generator.rng import stream

__all__ = ["CRASH_AT", "PAY_LAG_DAYS", "TRADING_DAYS", "Market", "build_market"]

MIN_CLOSE = 0.5  # a floor under simulated closes (a listed stock's price stays positive)


@dataclass
class Market:
    securities: pl.DataFrame
    close: np.ndarray  # [day, security] close in the security's currency, rounded to 6 dp
    usd_per_unit: np.ndarray  # [day, currency] rounded to 8 dp
    currencies: list[str]
    sec_currency: np.ndarray  # [security] index into currencies
    sec_type: np.ndarray  # [security] security_type code
    sec_asset_class: np.ndarray  # [security] asset_class_code
    max_half_spread: np.ndarray  # [security]
    settlement_days: np.ndarray  # [security]
    events: pl.DataFrame  # dividend and coupon events with day indices
    tables: dict[str, pl.DataFrame]


def _start_prices(config: Config, kind: np.ndarray) -> np.ndarray:
    """The first day's close: stocks log-normal around 60, ETFs 25-400, bonds near par."""
    rng = stream(config.seed, "price_levels")
    return np.select(
        [kind == "stock", kind == "etf", kind == "bond"],
        [
            np.clip(np.exp(rng.normal(np.log(60), 0.8, len(kind))), 5, 900),
            rng.uniform(25, 400, len(kind)),
            rng.uniform(94, 106, len(kind)),
        ],
        1.0,
    )


def _price_jumps(cal: TradingCalendar, securities: pl.DataFrame, returns: Returns) -> pl.DataFrame:
    """One row per jump of a stock: its day and the jump's own return (the day's return adds the
    diffusion's)."""
    jumps = returns.jumps
    ids = securities.get_column("security_id").to_numpy()[returns.stock_index[jumps.stock]]
    return pl.DataFrame(
        {
            "security_id": ids,
            "jump_date": cal.days[jumps.day],
            "jump_return": np.round(np.expm1(jumps.log_return[jumps.day, jumps.stock]), 6),
        }
    ).sort("jump_date", "security_id")


def build_market(config: Config, cal: TradingCalendar, pools: Pools) -> Market:
    securities = build_securities(config, pools)
    rf_frame, rf_daily = risk_free(config, cal)
    returns = security_returns(config, cal, securities, rf_daily)
    kind = securities.get_column("security_type").to_numpy()
    start = _start_prices(config, kind)
    close = np.round(np.maximum(start * np.exp(np.cumsum(returns.log_returns, axis=0)), MIN_CLOSE), 6)
    currencies, usd, fx_frame = fx_rates(config, cal, returns.market, returns.regime)
    events = distributions(config, cal, securities, close)
    types = seed("security_types")
    spread = dict(zip(types["security_type"], types["max_half_spread"], strict=True))
    settle = dict(zip(types["security_type"], types["settlement_days"], strict=True))
    n_sec = securities.height
    securities = securities.with_columns(pl.Series("price_start", close[0]))
    prices = pl.DataFrame(
        {
            "security_id": np.tile(np.arange(1, n_sec + 1, dtype=np.int64), cal.n),
            "price_date": np.repeat(cal.days, n_sec),
            "close_price": close.reshape(-1),
        }
    )
    day = pl.Series(cal.days)
    dividends = events.with_columns(
        (pl.col("security_index") + 1).alias("security_id"),
        day.gather(events["ex_index"]).alias("ex_date"),
        day.gather(events["pay_index"]).alias("pay_date"),
        pl.Series("currency_code", securities["currency_code"].gather(events["security_index"])),
    ).drop("security_index", "ex_index", "pay_index")
    return Market(
        securities=securities,
        close=close,
        usd_per_unit=usd,
        currencies=currencies,
        sec_currency=np.array([currencies.index(c) for c in securities["currency_code"]]),
        sec_type=kind,
        sec_asset_class=securities.get_column("asset_class_code").to_numpy(),
        max_half_spread=np.array([spread[k] for k in kind]),
        settlement_days=np.array([settle[k] for k in kind]),
        events=events,
        tables={
            "securities": securities,
            "prices": prices,
            "price_jumps": _price_jumps(cal, securities, returns),
            "fx_rates": fx_frame,
            "risk_free_rates": rf_frame,
            "benchmark_levels": benchmark_levels(cal, securities, close, rf_daily),
            "dividends": dividends,
        },
    )
