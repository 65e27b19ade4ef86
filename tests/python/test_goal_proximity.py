"""Goal proximity (fct_goal_proximity) on the built warehouse: the closed-form probability agrees
with scipy and with a Monte Carlo simulation of the same lognormal model, the projection and
the required return follow their documented formulas, and the statuses follow the seed."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

REPO = Path(__file__).resolve().parents[2]
PATHS = 200_000  # Monte Carlo paths per goal: standard error at most 0.5 / sqrt(PATHS) = 0.0011
SAMPLE = 25
MONTE_CARLO_SEED = 20261124


@pytest.fixture(scope="module")
def goals(duckdb_path: Path) -> pd.DataFrame:
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        frame = connection.execute("select * from marts.fct_goal_proximity order by goal_id").df()
    assert len(frame) > 0
    return frame


def _future_value(rate: float, value: float, contribution: float, years: float) -> float:
    growth = (1 + rate) ** years
    monthly = (1 + rate) ** (1 / 12) - 1
    annuity = 12 * years if abs(monthly) < 1e-12 else (growth - 1) / monthly
    return value * growth + contribution * annuity


def _lognormal(row: pd.Series) -> tuple[float, float, float]:
    """K (current value plus the contributions' present value at mu), a and s^2 of the
    documented model: ln(W_T / K) ~ N(a T, s^2 T)."""
    mu, sigma, years = row.expected_return, row.expected_volatility, row.years_to_target
    invested = row.current_value + _future_value(mu, 0.0, row.monthly_contribution, years) / (1 + mu) ** years
    log_variance = math.log(1 + sigma**2 / (1 + mu) ** 2)
    return invested, math.log(1 + mu) - log_variance / 2, log_variance


def test_probability_is_the_closed_form(goals: pd.DataFrame) -> None:
    uncertain = goals[(goals.years_to_target > 0) & (goals.expected_volatility > 0) & (goals.current_value > 0)]
    assert len(uncertain) > 0
    for row in uncertain.itertuples():
        invested, drift, log_variance = _lognormal(row)  # type: ignore[arg-type]
        years = row.years_to_target
        z = (math.log(invested / row.target_amount) + drift * years) / math.sqrt(log_variance * years)
        assert row.success_probability == pytest.approx(norm.cdf(z), abs=1e-12), row.goal_id


def test_probability_agrees_with_a_monte_carlo_of_the_same_model(goals: pd.DataFrame) -> None:
    """Simulate the model from its primitives: every year's growth factor lognormal with mean
    1 + mu and standard deviation sigma (the last year fractional, a step of the same Brownian
    motion), applied to K. The simulated factors must have the stated moments, and the
    share of paths reaching the target must match the closed form within 4 standard errors."""
    rng = np.random.default_rng(MONTE_CARLO_SEED)
    interesting = goals[(goals.success_probability > 0.02) & (goals.success_probability < 0.98)]
    assert len(interesting) >= 5, "the default data should have goals whose outcome is uncertain"
    sample = interesting.sample(n=min(SAMPLE, len(interesting)), random_state=MONTE_CARLO_SEED)
    for row in sample.itertuples():
        invested, drift, log_variance = _lognormal(row)  # type: ignore[arg-type]
        years = row.years_to_target
        steps = np.ones(math.ceil(years))
        steps[-1] = years - (len(steps) - 1)
        log_growth = np.zeros(PATHS)
        for step in steps:
            log_growth += rng.normal(drift * step, math.sqrt(log_variance * step), PATHS)
        reached = np.mean(invested * np.exp(log_growth) >= row.target_amount)
        p = row.success_probability
        assert abs(reached - p) <= 4 * math.sqrt(p * (1 - p) / PATHS), (row.goal_id, reached, p)

        yearly = np.exp(rng.normal(drift, math.sqrt(log_variance), PATHS))
        mu, sigma = row.expected_return, row.expected_volatility
        assert abs(yearly.mean() - (1 + mu)) <= 4 * sigma / math.sqrt(PATHS)
        assert abs(yearly.std() - sigma) <= 0.02 * sigma


def test_projection_funded_ratio_and_required_return(goals: pd.DataFrame) -> None:
    for row in goals.itertuples():
        years = max(row.years_to_target, 0.0)
        mu = row.expected_return
        projected = (
            _future_value(mu, row.current_value, row.monthly_contribution, years)
            if row.years_to_target > 0
            else row.current_value
        )
        assert row.projected_value == pytest.approx(projected, rel=1e-12), row.goal_id
        assert row.funded_ratio == pytest.approx(row.current_value * (1 + mu) ** years / row.target_amount, rel=1e-12)
        if row.required_return is None or pd.isna(row.required_return):
            continue
        reached = _future_value(row.required_return, row.current_value, row.monthly_contribution, years)
        assert reached == pytest.approx(row.target_amount, rel=1e-9), row.goal_id
    solved = goals.required_return.notna()
    assert solved.mean() > 0.9, "nearly every open goal has a required return"


def test_status_follows_the_seed_thresholds(goals: pd.DataFrame) -> None:
    with open(REPO / "seeds" / "goal_proximity_statuses.csv", newline="") as handle:
        thresholds = sorted(
            ((float(row["min_success_probability"]), row["proximity_status"]) for row in csv.DictReader(handle)),
            reverse=True,
        )
    for row in goals.itertuples():
        expected = next(status for floor, status in thresholds if row.success_probability >= floor)
        assert row.proximity_status == expected, row.goal_id
    assert goals.proximity_status.nunique() == len(thresholds), "every status occurs in the default data"


def test_current_value_matches_the_recorded_progress(goals: pd.DataFrame) -> None:
    """The generator records progress as the goal's share of the funding portfolio's closing
    value over the target (4 decimals); the warehouse's valuation gives the same share."""
    expected = np.clip(goals.current_value / goals.target_amount, 0, 1)
    assert np.abs(expected - goals.progress).max() <= 5e-5 + 1e-9
