"""Single stocks' own parameters: market beta and idiosyncratic volatility set by sector and size,
and each stock's own volatility persistence (EGARCH(1,1)).

A stock's daily log return (generator/market/returns.py) is

    r[t] = beta * m[t] + s[t] + g[t] + regime[t]^0.75 * sigma / sqrt(252) * e[t] + J[t] + c

with m the market factor, s and g its sector's and region's factors, regime the market's
volatility over its long run, e the stock's own EGARCH(1,1) noise (unit long-run variance,
Student-t shocks: generator/market/factors.py), J its jumps and c their compensator
(generator/market/jumps.py). Per stock:

- beta ~ uniform on its sector's range (SECTOR_PROFILE: utilities 0.35-0.65, technology 1.1-1.5);
- sigma (idiosyncratic, annual) = its sector's level at the reference size x (market cap /
  MARKET_CAP_REFERENCE_USD) ^ -SIZE_ELASTICITY x exp(N(0, IDIO_VOL_DISPERSION^2)), at most
  IDIO_VOL_MAX: large utilities and staples end near 15% of total volatility, small technology,
  energy or consumer stocks above 50%;
- the EGARCH persistence beta ~ uniform VOL_PERSISTENCE_RANGE (a shock to volatility halves in
  14-46 trading days) and the stationary standard deviation of the log volatility ~ uniform
  LOG_VOL_SD_RANGE, which set the size coefficient gamma = 2 sd sqrt((1 - beta^2) / Var|z|)
  (0.2-0.45).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from generator.market.factors import egarch_noise, mean_abs_t, student_t

# (beta low, beta high, idiosyncratic volatility at the reference size) by sector. The betas are
# the usual ranges of sector betas against a broad index (utilities and staples about 0.4-0.7,
# technology and consumer discretionary 1.1-1.4); the idiosyncratic levels are set so that the
# sectors' median total volatilities order as in the data (utilities and staples about 20%,
# health care and industrials about 30%, technology and energy about 35-40%).
SECTOR_PROFILE: dict[str, tuple[float, float, float]] = {
    "utilities": (0.35, 0.65, 0.14),
    "consumer_staples": (0.45, 0.75, 0.15),
    "real_estate": (0.70, 1.00, 0.19),
    "health_care": (0.70, 1.00, 0.24),
    "financials": (0.90, 1.30, 0.20),
    "industrials": (0.90, 1.20, 0.20),
    "communication_services": (0.80, 1.20, 0.25),
    "materials": (0.90, 1.20, 0.24),
    "consumer_discretionary": (1.00, 1.40, 0.27),
    "energy": (0.90, 1.30, 0.30),
    "information_technology": (1.10, 1.50, 0.30),
}
# Idiosyncratic volatility falls with size: across size deciles, the smallest stocks' is about
# four times the largest's over a thousandfold range of capitalisation (Ang, Hodrick, Xing and
# Zhang 2006; Bali and Cakici 2008), an elasticity of about -0.2.
MARKET_CAP_REFERENCE_USD = 8e9  # the median of the security master's capitalisations
SIZE_ELASTICITY = 0.2
IDIO_VOL_DISPERSION = 0.15  # log standard deviation of sigma within a sector and size
IDIO_VOL_MAX = 0.8  # the most volatile small caps a wealth manager's clients hold: about 80-90% in all
# EGARCH(1,1) of single stocks' daily returns: the persistence of the log variance about 0.95-0.99
# in the estimates (Nelson 1991; the GARCH family's survey by Bollerslev, Chou and Kroner 1992).
VOL_PERSISTENCE_RANGE = (0.95, 0.985)
# A single stock's volatility is about twice as high in its busy years as in its calm ones: a
# stationary standard deviation of 0.35-0.45 of the log volatility. With the persistence above it
# puts the lag-1 autocorrelation of absolute daily returns at about 0.1-0.25 (Cont 2001 lists
# 0.1-0.3 among the stylized facts of single stocks).
LOG_VOL_SD_RANGE = (0.35, 0.45)
# Student-t shocks with 20 degrees of freedom (kurtosis 3.6): the EGARCH and the regime fatten the
# tails further, and the largest moves are the jumps', not an artefact of the draws.
STOCK_SHOCK_DF = 20.0


@dataclass(frozen=True)
class StockParameters:
    beta: np.ndarray  # [stock] loading on the market factor
    idio_vol: np.ndarray  # [stock] annual idiosyncratic volatility at the long-run level
    vol_gamma: np.ndarray  # [stock] EGARCH size coefficient
    vol_persistence: np.ndarray  # [stock] EGARCH persistence of the log variance


def stock_parameters(rng: np.random.Generator, stocks: pl.DataFrame) -> StockParameters:
    """Each stock's beta, idiosyncratic volatility and EGARCH parameters (from its sector and its
    market_cap_usd)."""
    n = stocks.height
    profile = np.array([SECTOR_PROFILE[s] for s in stocks.get_column("sector_code")]).reshape(n, 3)
    beta = rng.uniform(profile[:, 0], profile[:, 1])
    size = stocks.get_column("market_cap_usd").to_numpy().astype(float) / MARKET_CAP_REFERENCE_USD
    idio_vol = profile[:, 2] * size**-SIZE_ELASTICITY * np.exp(rng.normal(0.0, IDIO_VOL_DISPERSION, n))
    idio_vol = np.minimum(idio_vol, IDIO_VOL_MAX)
    persistence = rng.uniform(*VOL_PERSISTENCE_RANGE, n)
    log_vol_sd = rng.uniform(*LOG_VOL_SD_RANGE, n)
    var_abs = 1 - mean_abs_t(STOCK_SHOCK_DF) ** 2
    gamma = 2 * log_vol_sd * np.sqrt((1 - persistence**2) / var_abs)
    return StockParameters(beta=beta, idio_vol=idio_vol, vol_gamma=gamma, vol_persistence=persistence)


def idiosyncratic_noise(rng: np.random.Generator, params: StockParameters, n_days: int) -> np.ndarray:
    """[day, stock] EGARCH(1,1) noise of unit long-run variance with Student-t shocks."""
    shocks = student_t(rng, STOCK_SHOCK_DF, (n_days, len(params.beta)))
    return egarch_noise(shocks, params.vol_gamma, params.vol_persistence, mean_abs_t(STOCK_SHOCK_DF))
