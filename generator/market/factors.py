"""The market factor and the EGARCH(1,1) recursion the stocks' and currencies' noise share.

The market factor: daily log returns with GARCH(1,1) volatility (annual 16%, alpha 0.08,
beta 0.90, the usual estimates for a broad equity index) and Student-t shocks (5 degrees of
freedom), plus a crash regime placed at CRASH_AT of the history (a fall of about a third over
CRASH_DAYS, during which the variance is held at four times its long-run level at least) and a
recovery. Its volatility relative to the long run (`regime`, 1 on average) scales the sector,
region and idiosyncratic noise of every security and the currencies' volatility, so that
volatilities and correlations rise together in a crisis.
"""

from __future__ import annotations

import math

import numpy as np

TRADING_DAYS = 252
MARKET_ANNUAL_VOL = 0.16  # a broad equity index's long-run volatility (S&P 500 since 1950: about 15-16%)
MARKET_ANNUAL_DRIFT = 0.07  # expected log return of the index (equity premium plus rates)
MARKET_GARCH = (0.08, 0.90)  # (alpha, beta): typical GARCH(1,1) estimates for an equity index
MARKET_SHOCK_DF = 5.0
CRASH_AT = 0.45  # fraction of the history where the crash regime starts
CRASH_DAYS = 25
CRASH_LOG_RETURN = -0.40
CRASH_MIN_VARIANCE = 4.0  # the variance during the crash, at least, in multiples of its long-run level
RECOVERY_DAYS = 250
RECOVERY_LOG_RETURN = 0.20


def student_t(rng: np.random.Generator, df: float, shape: tuple[int, ...]) -> np.ndarray:
    """Student-t draws scaled to unit variance."""
    return rng.standard_t(df, size=shape) / np.sqrt(df / (df - 2.0))


def market_factor(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Daily market log returns and the regime: conditional volatility over its long-run level."""
    alpha, beta = MARKET_GARCH
    long_var = MARKET_ANNUAL_VOL**2 / TRADING_DAYS
    omega = long_var * (1 - alpha - beta)
    shocks = student_t(rng, MARKET_SHOCK_DF, (n,))
    drift = np.full(n, MARKET_ANNUAL_DRIFT / TRADING_DAYS - long_var / 2)
    crash = int(CRASH_AT * n)
    crash_end = min(crash + CRASH_DAYS, n)
    drift[crash:crash_end] += CRASH_LOG_RETURN / CRASH_DAYS
    drift[crash_end : crash_end + RECOVERY_DAYS] += RECOVERY_LOG_RETURN / RECOVERY_DAYS
    returns = np.empty(n)
    sigma = np.empty(n)
    var = long_var
    for t in range(n):
        sigma[t] = np.sqrt(var)
        eps = sigma[t] * shocks[t]
        returns[t] = drift[t] + eps
        var = omega + alpha * eps**2 + beta * var
        if crash <= t < crash_end:
            var = max(var, CRASH_MIN_VARIANCE * long_var)
    return returns, sigma / np.sqrt(long_var)


def mean_abs_t(df: float) -> float:
    """E|z| of a unit-variance Student-t with `df` degrees of freedom."""
    log_ratio = math.lgamma((df + 1) / 2) - math.lgamma(df / 2)
    return 2 * math.sqrt(df - 2) * math.exp(log_ratio) / (math.sqrt(math.pi) * (df - 1))


def egarch_noise(shocks: np.ndarray, gamma: np.ndarray, beta: np.ndarray, mean_abs: float) -> np.ndarray:
    """EGARCH(1,1) noise (Nelson 1991) of unit long-run variance, one column per series:

        e[t] = sqrt(h[t]) * z[t],   h[t] = exp(x[t] - v / 2),
        x[t+1] = beta * x[t] + gamma * (|z[t]| - E|z|),   x[0] = 0

    from unit-variance shocks z [day, series] (E|z| = `mean_abs`) and each series' gamma and beta
    (0 < beta < 1). The log variance x is an AR(1) driven by the shocks' size: a large move raises
    the next days' volatility and the rise decays at the rate beta, as in GARCH, but it stays
    stationary whatever the tails of z. v = gamma^2 Var|z| / (1 - beta^2), the stationary variance
    of x, sets the long-run mean of h to 1 (x being near normal, a sum of many small terms).
    A loop over the days with every series as a vector."""
    n = shocks.shape[0]
    size = np.abs(shocks) - mean_abs
    x = np.empty_like(shocks)
    x[0] = 0.0
    for t in range(1, n):
        x[t] = beta * x[t - 1] + gamma * size[t - 1]
    v = gamma**2 * (1 - mean_abs**2) / (1 - beta**2)
    return np.exp((x - v / 2) / 2) * shocks
