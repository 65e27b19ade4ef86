"""Jumps of single stocks: the rare large one-day moves (earnings surprises, profit warnings,
takeover bids, litigation) on top of the diffusion, as in Merton's (1976) jump-diffusion.

Arrivals: on every trading day after the first, each stock jumps with probability
JUMPS_PER_YEAR / 252, independently of other stocks and days (a Poisson process of
JUMPS_PER_YEAR a year in discrete time). Size: the jump's log return J ~ N(JUMP_LOG_MEAN,
(JUMP_SIZE_IN_DAILY_VOL x the stock's daily idiosyncratic volatility)^2), so a volatile small cap
jumps further than a utility. The drift is compensated, lambda (E[exp J] - 1) a year, so the jumps
leave each stock's expected return unchanged. Every jump is a row of the table price_jumps.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from generator.market.factors import TRADING_DAYS

# News a jump test tells from the diffusion (profit warnings, earnings surprises, bids, rulings)
# moves a single stock about once a year (Lee and Mykland 2008 find jumps on a few days a year
# in individual stocks; most earnings days are ordinary days): 240 stocks, 240 jumps a year.
JUMPS_PER_YEAR = 1.0
# Jumps are negative on average (bad news comes in larger moves: the negative skew of single
# stocks' returns around announcements); a typical jump (one standard deviation) is six of the
# stock's ordinary daily idiosyncratic standard deviations, beyond the four or five at which
# jump tests tell a jump from the diffusion, so the largest moves of the history are jumps.
JUMP_LOG_MEAN = -0.01
JUMP_SIZE_IN_DAILY_VOL = 6.0


@dataclass(frozen=True)
class Jumps:
    log_return: np.ndarray  # [day, stock] the jumps' log returns, 0 on days without
    compensator: np.ndarray  # [stock] daily drift that offsets the jumps' expected return
    day: np.ndarray  # [jump] day index, ascending (then by stock)
    stock: np.ndarray  # [jump] column of the stock


def stock_jumps(rng: np.random.Generator, daily_idio_vol: np.ndarray, n_days: int) -> Jumps:
    """Jump days and sizes of every stock (columns of `daily_idio_vol`)."""
    n_stocks = len(daily_idio_vol)
    arrives = rng.random((n_days, n_stocks)) < JUMPS_PER_YEAR / TRADING_DAYS
    arrives[0] = False  # the first day is the base of the history: no return
    day, stock = np.nonzero(arrives)
    size_sd = JUMP_SIZE_IN_DAILY_VOL * daily_idio_vol
    jump = JUMP_LOG_MEAN + size_sd[stock] * rng.standard_normal(len(day))
    log_return = np.zeros((n_days, n_stocks))
    log_return[day, stock] = jump
    expected = np.exp(JUMP_LOG_MEAN + size_sd**2 / 2) - 1
    return Jumps(
        log_return=log_return,
        compensator=-JUMPS_PER_YEAR / TRADING_DAYS * expected,
        day=day,
        stock=stock,
    )
