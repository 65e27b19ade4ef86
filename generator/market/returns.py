"""Daily log returns of every security, from one factor model:

    r = beta * market + sector + region_loading * region + idiosyncratic (+ jumps, stocks)
        - duration * change in yield (bonds and bond funds)

The market factor (generator/market/factors.py) has GARCH(1,1) volatility with Student-t shocks
and a crash regime. Sector and region factors are Student-t, scaled by the square root of the
market's volatility regime, so correlations and tails rise together in a crisis. Single stocks'
idiosyncratic noise has each stock's own EGARCH(1,1) persistence and a volatility set by its
sector and size, scaled by regime^0.75 (generator/market/stocks.py), and they jump
(generator/market/jumps.py); the funds' and bonds' idiosyncratic noise is Student-t scaled by
the square root of the regime.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from generator.calendar import TradingCalendar
from generator.config import Config
from generator.market.factors import CRASH_AT, CRASH_DAYS, TRADING_DAYS, market_factor, student_t
from generator.market.jumps import Jumps, stock_jumps
from generator.market.stocks import idiosyncratic_noise, stock_parameters
from generator.reference import seed
from generator.rng import stream

FACTOR_SHOCK_DF = 5.0  # sector and region factors' Student-t
FUND_SHOCK_DF = 4.0  # funds' and bonds' idiosyncratic Student-t
YIELD_VOL = 0.0055  # annual volatility of the yield level's changes (55 basis points)
YIELD_MARKET_LOADING = -0.0125  # yields fall when equities fall (flight to quality)
CRASH_YIELD_CHANGE = -0.012  # the fall of yields over the crash
# idiosyncratic volatility of the funds, bonds and alternatives (diversified: small)
# Single stocks' idiosyncratic volatility rises with the market's (its common factor tracks the
# market's volatility: Campbell, Lettau, Malkiel and Xu 2001; Herskovic, Kelly, Lustig and Van
# Nieuwerburgh 2016): regime^0.75, between the factors' square root and proportionality.
STOCK_IDIO_REGIME_ELASTICITY = 0.75
FUND_IDIO_VOL = {"equity": 0.03, "fixed_income": 0.015, "alternatives": 0.06}


@dataclass(frozen=True)
class Returns:
    log_returns: np.ndarray  # [day, security]
    market: np.ndarray  # [day] the market factor's log return
    regime: np.ndarray  # [day] the market's volatility over its long-run level
    jumps: Jumps  # the stocks' jumps (columns: the stocks in security order)
    stock_index: np.ndarray  # [stock] column of each stock among the securities


def security_returns(config: Config, cal: TradingCalendar, sec: pl.DataFrame, rf_daily: np.ndarray) -> Returns:
    """Daily log returns [day, security], the market factor and its regime, and the stocks' jumps."""
    rng = stream(config.seed, "prices")
    n_days, n_sec = cal.n, sec.height
    market, regime = market_factor(rng, n_days)
    clustering = np.sqrt(regime)[:, None]
    sectors = seed("sectors")
    regions = seed("regions")
    sector_codes = sectors.get_column("sector_code").to_list()
    region_codes = regions.get_column("region_code").to_list()
    daily = 1 / np.sqrt(TRADING_DAYS)
    sector_f = student_t(rng, FACTOR_SHOCK_DF, (n_days, len(sector_codes)))
    sector_f *= sectors["sector_volatility"].to_numpy() * daily * clustering
    region_f = student_t(rng, FACTOR_SHOCK_DF, (n_days, len(region_codes)))
    region_f *= regions["region_volatility"].to_numpy() * daily * clustering
    crash = int(CRASH_AT * n_days)
    dy = student_t(rng, 4.0, (n_days,)) * YIELD_VOL * daily + YIELD_MARKET_LOADING * (market - market.mean())
    dy[crash : crash + CRASH_DAYS] += CRASH_YIELD_CHANGE / CRASH_DAYS
    kind = sec.get_column("security_type").to_numpy()
    asset = sec.get_column("asset_class_code").to_numpy()
    sector = sec.get_column("sector_code").to_numpy()
    s_idx = np.array([sector_codes.index(s) for s in sector])
    r_idx = np.array([region_codes.index(r) for r in sec["region_code"]])
    duration = sec.get_column("duration_years").fill_null(0).to_numpy()
    stock = kind == "stock"
    beta = np.select(
        [
            (kind == "etf") & (asset == "equity"),
            asset == "fixed_income",
            sector == "real_assets",
            asset == "alternatives",
        ],
        [np.full(n_sec, 1.0), np.where(sector == "corporate", 0.05, 0.0), np.full(n_sec, 0.6), np.full(n_sec, 0.3)],
        0.0,
    )
    region_loading = np.where(asset == "equity", 1.0, np.where(asset == "alternatives", 0.5, 0.0))
    fund_vol = np.where(stock, 0.0, np.array([FUND_IDIO_VOL.get(a, 0.0) for a in asset]))
    idio = student_t(rng, FUND_SHOCK_DF, (n_days, n_sec)) * fund_vol * daily
    # single stocks: their own beta, volatility, EGARCH noise and jumps
    stock_index = np.flatnonzero(stock)
    params = stock_parameters(rng, sec[stock_index])
    beta[stock_index] = params.beta
    idio *= clustering
    stock_regime = regime[:, None] ** STOCK_IDIO_REGIME_ELASTICITY
    idio[:, stock_index] = idiosyncratic_noise(rng, params, n_days) * params.idio_vol * daily * stock_regime
    jumps = stock_jumps(stream(config.seed, "price_jumps"), params.idio_vol * daily, n_days)
    idio[:, stock_index] += jumps.log_return + jumps.compensator
    returns = beta * market[:, None] + sector_f[:, s_idx] + region_loading * region_f[:, r_idx] + idio
    returns -= duration * dy[:, None]
    mmf = kind == "money_market_fund"
    returns[:, mmf] = np.log1p(rf_daily)[:, None]
    returns[0, :] = 0.0
    return Returns(log_returns=returns, market=market, regime=regime, jumps=jumps, stock_index=stock_index)
