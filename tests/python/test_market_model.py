"""The market simulation's building blocks (generator/market/): the EGARCH recursion, the jump
process and the stocks' parameters, on draws large enough for tight tolerances."""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.market.factors import egarch_noise, mean_abs_t, student_t
from generator.market.jumps import JUMP_LOG_MEAN, JUMPS_PER_YEAR, stock_jumps
from generator.market.stocks import IDIO_VOL_MAX, SECTOR_PROFILE, stock_parameters


def test_mean_absolute_value_of_a_unit_student_t() -> None:
    draws = student_t(np.random.default_rng(1), 8.0, (1_000_000,))
    assert abs(np.abs(draws).mean() - mean_abs_t(8.0)) < 0.003
    assert abs(mean_abs_t(1e6) - np.sqrt(2 / np.pi)) < 1e-5  # the normal's


def test_egarch_noise_has_unit_variance_and_clusters() -> None:
    rng = np.random.default_rng(2)
    shocks = student_t(rng, 10.0, (20_000, 50))
    beta, gamma = np.full(50, 0.97), np.full(50, 0.25)
    noise = egarch_noise(shocks, gamma, beta, mean_abs_t(10.0))
    assert abs((noise**2).mean() - 1) < 0.05

    def lag1(x: np.ndarray) -> float:
        size = np.abs(x) - np.abs(x).mean(axis=0)
        return float(np.median((size[1:] * size[:-1]).sum(axis=0) / (size**2).sum(axis=0)))

    assert abs(lag1(shocks)) < 0.03 and lag1(noise) > 0.1
    same = egarch_noise(shocks, np.zeros(50), beta, mean_abs_t(10.0))
    assert np.array_equal(same, shocks)  # without a size coefficient, the shocks themselves


def test_jumps_arrive_at_their_rate_and_are_compensated() -> None:
    daily_vol = np.linspace(0.005, 0.04, 200)
    jumps = stock_jumps(np.random.default_rng(3), daily_vol, 252 * 50)
    per_year = len(jumps.day) / (200 * 50)
    assert abs(per_year - JUMPS_PER_YEAR) < 0.03 * JUMPS_PER_YEAR
    assert 0 not in jumps.day
    sizes = jumps.log_return[jumps.day, jumps.stock]
    assert np.all(sizes != 0) and abs(np.mean(sizes) - JUMP_LOG_MEAN) < 0.005
    # volatile stocks jump further
    assert np.abs(sizes[jumps.stock >= 150]).mean() > 3 * np.abs(sizes[jumps.stock < 50]).mean()
    # the compensator offsets the jumps' mean simple return: each stock's growth is one on average
    growth = np.exp(jumps.log_return + jumps.compensator).mean(axis=0)
    assert abs(growth.mean() - 1) < 2e-4


def test_stock_volatility_follows_sector_and_size() -> None:
    n = 4_000
    sectors = np.resize(np.array(sorted(SECTOR_PROFILE)), n)
    caps = np.exp(np.random.default_rng(4).uniform(np.log(2e8), np.log(1.5e12), n))
    stocks = pl.DataFrame({"sector_code": sectors, "market_cap_usd": caps})
    params = stock_parameters(np.random.default_rng(5), stocks)
    low, high = np.array([SECTOR_PROFILE[s][:2] for s in sectors]).T
    assert np.all((params.beta >= low) & (params.beta <= high))
    assert params.idio_vol.max() <= IDIO_VOL_MAX
    assert np.corrcoef(np.log(caps), np.log(params.idio_vol))[0, 1] < -0.5
    utilities, technology = sectors == "utilities", sectors == "information_technology"
    assert np.median(params.idio_vol[utilities]) < 0.6 * np.median(params.idio_vol[technology])
    assert np.all((params.vol_persistence > 0) & (params.vol_persistence < 1) & (params.vol_gamma > 0))
