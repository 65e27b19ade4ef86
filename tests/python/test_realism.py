"""Statistical realism of the generated market and clients, with honest tolerances."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from tests.python.conftest import generate_into


@pytest.fixture(scope="module")
def market(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pl.DataFrame]:
    out = generate_into(tmp_path_factory.mktemp("realism") / "raw", seed=2024, scale=3000, years=5)
    frames = {
        name: pl.concat(
            [pl.read_csv(part, infer_schema_length=None) for part in sorted((Path(out) / name).glob("part-*.csv"))],
            how="vertical_relaxed",
        )
        for name in ("prices", "securities", "benchmark_levels", "clients")
    }
    return {**frames, "benchmarks": pl.read_csv("seeds/benchmarks.csv")}


@pytest.fixture(scope="module")
def stock_returns(market: dict[str, pl.DataFrame]) -> tuple[np.ndarray, np.ndarray]:
    stocks = market["securities"].filter(pl.col("security_type") == "stock").select("security_id", "sector_code")
    wide = (
        market["prices"]
        .join(stocks, on="security_id")
        .pivot(on="security_id", index="price_date", values="close_price", sort_columns=True)
        .sort("price_date")
        .drop("price_date")
    )
    closes = wide.to_numpy()
    returns = np.diff(np.log(closes), axis=0)
    sectors = (
        stocks.sort("security_id")
        .filter(pl.col("security_id").cast(pl.String).is_in(wide.columns))["sector_code"]
        .to_numpy()
    )
    return returns, sectors


def test_daily_returns_are_fat_tailed(stock_returns: tuple[np.ndarray, np.ndarray]) -> None:
    returns, _ = stock_returns
    centred = returns - returns.mean(axis=0)
    kurtosis = (centred**4).mean(axis=0) / (centred**2).mean(axis=0) ** 2  # Pearson: 3 for a normal
    assert np.median(kurtosis) > 4.0


def test_correlation_within_sector_exceeds_across(stock_returns: tuple[np.ndarray, np.ndarray]) -> None:
    returns, sectors = stock_returns
    corr = np.corrcoef(returns, rowvar=False)
    same = sectors[:, None] == sectors[None, :]
    off_diagonal = ~np.eye(len(sectors), dtype=bool)
    within, across = corr[same & off_diagonal].mean(), corr[~same].mean()
    assert across > 0
    assert within > across + 0.05


def test_market_benchmark_has_a_drawdown_of_at_least_20_percent(market: dict[str, pl.DataFrame]) -> None:
    code = market["benchmarks"].filter(pl.col("is_market_benchmark"))["benchmark_code"].item()
    level = (
        market["benchmark_levels"].filter(pl.col("benchmark_code") == code).sort("level_date")["index_level"].to_numpy()
    )
    drawdown = 1 - level / np.maximum.accumulate(level)
    assert drawdown.max() >= 0.20


def test_wealth_is_heavy_tailed_and_follows_income(market: dict[str, pl.DataFrame]) -> None:
    clients = market["clients"]
    worth = np.sort(clients["net_worth"].to_numpy())[::-1]
    top_share = worth[: len(worth) // 100].sum() / worth.sum()
    assert top_share > 0.15  # the richest 1% hold more than 15% of all wealth
    assert worth.mean() > 1.5 * np.median(worth)
    log_worth, log_income = np.log(clients["net_worth"].to_numpy()), np.log(clients["annual_income"].to_numpy())
    assert np.corrcoef(log_worth, log_income)[0, 1] > 0.3
    shares = clients["segment_code"].value_counts(normalize=True)
    share = dict(zip(shares["segment_code"], shares["proportion"], strict=True))
    assert share["mass_affluent"] > 0.6 and 0.001 < share["uhnw"] < 0.06


def test_risk_profile_follows_age(market: dict[str, pl.DataFrame]) -> None:
    clients = market["clients"].with_columns(pl.col("birth_date").str.to_date())
    ages = clients.group_by("risk_profile").agg((2025 - pl.col("birth_date").dt.year()).mean().alias("age"))
    age = dict(zip(ages["risk_profile"], ages["age"], strict=True))
    assert age["conservative"] > age["moderate"] > age["aggressive"]
