"""Statistical realism of the generated market and clients, with honest tolerances."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from generator.market.jumps import JUMPS_PER_YEAR
from tests.python.conftest import generate_into

TRADING_DAYS = 252


@pytest.fixture(scope="module")
def market(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pl.DataFrame]:
    out = generate_into(tmp_path_factory.mktemp("realism") / "raw", seed=2024, scale=3000, years=5)
    frames = {
        name: pl.concat(
            [pl.read_csv(part, infer_schema_length=None) for part in sorted((Path(out) / name).glob("part-*.csv"))],
            how="vertical_relaxed",
        )
        for name in ("prices", "securities", "benchmark_levels", "clients", "price_jumps", "fx_rates")
    }
    return {**frames, "benchmarks": pl.read_csv("seeds/benchmarks.csv")}


@pytest.fixture(scope="module")
def stock_returns(market: dict[str, pl.DataFrame]) -> tuple[np.ndarray, np.ndarray]:
    returns, stocks, _ = _stock_panel(market)
    return returns, stocks["sector_code"].to_numpy()


def _stock_panel(market: dict[str, pl.DataFrame]) -> tuple[np.ndarray, pl.DataFrame, np.ndarray]:
    """Daily log returns [day, stock] (from the second day), the stocks in column order and the days."""
    stocks = market["securities"].filter(pl.col("security_type") == "stock").sort("security_id")
    wide = (
        market["prices"]
        .filter(pl.col("security_id").is_in(stocks["security_id"].implode()))
        .pivot(on="security_id", index="price_date", values="close_price", sort_columns=True)
        .sort("price_date")
    )
    days = wide["price_date"].cast(pl.String).str.to_date().to_numpy()
    closes = wide.drop("price_date").select(str(i) for i in stocks["security_id"]).to_numpy()
    return np.diff(np.log(closes), axis=0), stocks, days[1:]


def _lag1_autocorrelation_of_absolute(returns: np.ndarray) -> np.ndarray:
    size = np.abs(returns) - np.abs(returns).mean(axis=0)
    return (size[1:] * size[:-1]).sum(axis=0) / (size**2).sum(axis=0)


def _kurtosis(returns: np.ndarray) -> np.ndarray:
    centred = returns - returns.mean(axis=0)
    return (centred**4).mean(axis=0) / (centred**2).mean(axis=0) ** 2  # Pearson: 3 for a normal


def test_single_stocks_cluster_volatility(stock_returns: tuple[np.ndarray, np.ndarray]) -> None:
    """Real single stocks: a lag-1 autocorrelation of absolute daily returns of about 0.1-0.3."""
    acf = _lag1_autocorrelation_of_absolute(stock_returns[0])
    assert 0.10 <= np.median(acf) <= 0.30
    assert np.mean(acf >= 0.1) >= 0.6  # most stocks, not a few (before their own EGARCH: 24 of 240)


def test_volatility_cross_section_is_set_by_sector_and_size(market: dict[str, pl.DataFrame]) -> None:
    """Defensive large caps near 15-20% a year, speculative small caps above 50%."""
    returns, stocks, _ = _stock_panel(market)
    vol = returns.std(axis=0, ddof=1) * np.sqrt(TRADING_DAYS)
    assert np.mean(vol < 0.20) >= 0.05 and vol.min() < 0.17
    assert np.mean(vol >= 0.50) >= 0.02
    sector = stocks["sector_code"].to_numpy()
    defensive = np.median(vol[np.isin(sector, ["utilities", "consumer_staples"])])
    cyclical = np.median(vol[np.isin(sector, ["information_technology", "energy", "consumer_discretionary"])])
    assert defensive < 0.22 and cyclical > 0.32
    # smaller companies are more volatile: within a sector, volatility falls with capitalisation
    cap = np.log(stocks["market_cap_usd"].cast(pl.Float64).to_numpy())
    within = []
    for code in np.unique(sector):
        if (sector == code).sum() > 8:
            within.append(np.corrcoef(cap[sector == code], np.log(vol[sector == code]))[0, 1])
    assert np.median(within) < -0.5


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


def _jump_mask(market: dict[str, pl.DataFrame], stocks: pl.DataFrame, days: np.ndarray) -> np.ndarray:
    jumps = market["price_jumps"].with_columns(pl.col("jump_date").cast(pl.String).str.to_date())
    column = np.searchsorted(stocks["security_id"].to_numpy(), jumps["security_id"].to_numpy())
    day = np.searchsorted(days, jumps["jump_date"].to_numpy())
    mask = np.zeros((len(days), stocks.height), dtype=bool)
    mask[day, column] = True
    return mask


def test_jumps_arrive_at_the_documented_frequency_and_make_the_largest_moves(market: dict[str, pl.DataFrame]) -> None:
    returns, stocks, days = _stock_panel(market)
    jumps = market["price_jumps"]
    assert jumps.join(stocks, on="security_id", how="anti").is_empty()  # only stocks jump
    stock_years = stocks.height * len(days) / TRADING_DAYS
    assert abs(jumps.height / stock_years - JUMPS_PER_YEAR) <= 0.1 * JUMPS_PER_YEAR  # Poisson sd: about 2.5%
    mask = _jump_mask(market, stocks, days)
    assert mask.sum() == jumps.height  # every jump is on a trading day of the history
    # the most extreme days for their stock (in its own standard deviations) are jumps, not draws
    scaled = np.abs(returns / returns.std(axis=0)).reshape(-1)
    largest = np.argsort(-scaled)[:50]
    assert mask.reshape(-1)[largest].mean() >= 0.8
    # and a jump stands out: typically three of its stock's daily standard deviations or more
    size = np.abs(np.log1p(jumps["jump_return"].to_numpy()))
    ordinary = returns.std(axis=0)[np.searchsorted(stocks["security_id"].to_numpy(), jumps["security_id"].to_numpy())]
    assert np.median(size / ordinary) > 2.5


@pytest.fixture(scope="module")
def fx_returns(market: dict[str, pl.DataFrame]) -> np.ndarray:
    """Daily log returns [day, currency] of every currency but the US dollar."""
    wide = (
        market["fx_rates"]
        .filter(pl.col("currency_code") != "USD")
        .pivot(on="currency_code", index="rate_date", values="usd_per_unit", sort_columns=True)
        .sort("rate_date")
        .drop("rate_date")
    )
    return np.diff(np.log(wide.to_numpy()), axis=0)


def test_fx_returns_are_fat_tailed_and_cluster(fx_returns: np.ndarray) -> None:
    assert _kurtosis(fx_returns).min() > 4.0  # a normal's is 3 (before: 2.9-3.1)
    acf = _lag1_autocorrelation_of_absolute(fx_returns)
    assert acf.min() > 0.05 and np.median(acf) > 0.10  # before: -0.03 to 0.02


def test_fx_volatility_rises_with_the_equity_market_in_stress(
    market: dict[str, pl.DataFrame], fx_returns: np.ndarray
) -> None:
    """On the days the market benchmark's 21-day volatility is in its top decile (the crash and
    the other storms), every currency moves more than on the other days."""
    code = market["benchmarks"].filter(pl.col("is_market_benchmark"))["benchmark_code"].item()
    level = (
        market["benchmark_levels"].filter(pl.col("benchmark_code") == code).sort("level_date")["index_level"].to_numpy()
    )
    equity = np.diff(np.log(level))
    window = 21
    squares = np.r_[0.0, np.cumsum(equity**2)]
    rolling = np.r_[np.full(window - 1, np.nan), np.sqrt((squares[window:] - squares[:-window]) / window)]
    stress = rolling >= np.nanquantile(rolling, 0.9)
    calm = ~stress & ~np.isnan(rolling)
    ratio = fx_returns[stress].std(axis=0) / fx_returns[calm].std(axis=0)
    assert ratio.min() > 1.2
