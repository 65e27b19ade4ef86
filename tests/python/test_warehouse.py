"""The built warehouse agrees with an independent recomputation from the raw files."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import pytest

INFLOWS = ("deposit", "sell", "dividend", "interest")


def _query(path: Path, sql: str) -> pl.DataFrame:
    with duckdb.connect(str(path), read_only=True) as connection:
        return connection.sql(sql).pl()


@pytest.fixture(scope="module")
def recomputed(raw: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Market value per portfolio and trading day, recomputed with Polars from the CSVs:
    positions replayed from settled trades, x close x FX (via dollar rates), plus cash."""
    days = (
        raw["trading_calendar"]
        .filter(pl.col("is_trading_day"))
        .select(pl.col("calendar_date").alias("day"))
        .sort("day")
    )
    settled = raw["transactions"].filter(pl.col("status") == "settled")
    portfolios = raw["portfolios"].select("portfolio_id", "base_currency", "inception_date")
    grid = portfolios.join(days, how="cross").filter(pl.col("day") >= pl.col("inception_date")).sort("day")
    trades = (
        settled.filter(pl.col("transaction_type").is_in(["buy", "sell"]))
        .with_columns(
            pl.when(pl.col("transaction_type") == "buy")
            .then(pl.col("quantity"))
            .otherwise(-pl.col("quantity"))
            .alias("change")
        )
        .group_by(["portfolio_id", "security_id", "trade_date"])
        .agg(pl.col("change").sum())
        .sort("trade_date")
        .with_columns(
            pl.col("change").cum_sum().over(["portfolio_id", "security_id"], order_by="trade_date").alias("quantity")
        )
    )
    pairs = trades.select("portfolio_id", "security_id").unique()
    positions = (
        grid.select("portfolio_id", "day")
        .join(pairs, on="portfolio_id")
        .sort("day")
        .join_asof(
            trades.select("portfolio_id", "security_id", "trade_date", "quantity").sort("trade_date"),
            left_on="day",
            right_on="trade_date",
            by=["portfolio_id", "security_id"],
            strategy="backward",
        )
        .drop_nulls("quantity")
    )
    fx = raw["fx_rates"].with_columns(pl.col("usd_per_unit").cast(pl.Float64))
    prices = raw["prices"].join(raw["securities"].select("security_id", "currency_code"), on="security_id")
    prices = prices.join(fx, left_on=["currency_code", "price_date"], right_on=["currency_code", "rate_date"])
    valued = (
        positions.join(prices, left_on=["security_id", "day"], right_on=["security_id", "price_date"])
        .join(portfolios, on="portfolio_id")
        .join(
            fx.rename({"usd_per_unit": "base_usd"}),
            left_on=["base_currency", "day"],
            right_on=["currency_code", "rate_date"],
        )
        .with_columns(
            (
                pl.col("quantity")
                * pl.col("close_price").cast(pl.Float64)
                * pl.col("usd_per_unit")
                / pl.col("base_usd")
            ).alias("value")
        )
        .group_by(["portfolio_id", "day"])
        .agg(pl.col("value").sum().alias("securities"))
    )
    cash = (
        settled.with_columns(
            pl.when(pl.col("transaction_type").is_in(INFLOWS))
            .then(pl.col("amount"))
            .otherwise(-pl.col("amount"))
            .cast(pl.Float64)
            .alias("cash_change"),
            pl.when(pl.col("transaction_type") == "deposit")
            .then(pl.col("amount"))
            .when(pl.col("transaction_type") == "withdrawal")
            .then(-pl.col("amount"))
            .otherwise(0)
            .cast(pl.Float64)
            .alias("flow"),
        )
        .group_by(["portfolio_id", "trade_date"])
        .agg(pl.col("cash_change").sum(), pl.col("flow").sum())
    )
    out = (
        grid.select("portfolio_id", "day")
        .join(valued, on=["portfolio_id", "day"], how="left")
        .join(cash, left_on=["portfolio_id", "day"], right_on=["portfolio_id", "trade_date"], how="left")
        .with_columns(
            pl.col("securities").fill_null(0.0), pl.col("cash_change").fill_null(0.0), pl.col("flow").fill_null(0.0)
        )
        .sort(["portfolio_id", "day"])
        .with_columns(pl.col("cash_change").cum_sum().over("portfolio_id").alias("cash"))
        .with_columns((pl.col("securities") + pl.col("cash")).alias("market_value"))
    )
    previous = pl.col("market_value").shift(1).over("portfolio_id")
    return out.with_columns(((pl.col("market_value") - previous - pl.col("flow")) / previous).alias("daily_return"))


def test_valuation_reconciles_on_every_day(duckdb_path: Path, recomputed: pl.DataFrame) -> None:
    mart = _query(
        duckdb_path,
        "select portfolio_id, valuation_date as day, securities_value, cast(cash_balance as double) as cash_balance,"
        " market_value from marts.fct_portfolio_valuation_daily",
    )
    joined = recomputed.join(mart, on=["portfolio_id", "day"], how="full", coalesce=True)
    assert joined.height == recomputed.height == mart.height
    assert np.allclose(joined["market_value_right"], joined["market_value"], rtol=1e-12, atol=1e-6)
    assert np.allclose(joined["cash_balance"], joined["cash"], rtol=0, atol=1e-6)
    assert np.allclose(joined["securities_value"], joined["securities"], rtol=1e-12, atol=1e-6)
    assert joined["cash_balance"].min() >= 0


def test_daily_twr_matches_independent_recomputation(duckdb_path: Path, recomputed: pl.DataFrame) -> None:
    sample = recomputed.select("portfolio_id").unique().sort("portfolio_id").sample(fraction=0.5, seed=3)
    ours = recomputed.join(sample, on="portfolio_id").drop_nulls("daily_return")
    mart = _query(
        duckdb_path,
        "select portfolio_id, return_date as day, daily_return as mart_return"
        " from marts.fct_portfolio_returns_daily where daily_return is not null",
    )
    joined = ours.join(mart, on=["portfolio_id", "day"], how="left")
    assert joined.height > 1000
    assert joined["mart_return"].null_count() == 0
    assert (joined["mart_return"] - joined["daily_return"]).abs().max() <= 1e-12


def test_inception_day_has_no_return_and_later_days_do(duckdb_path: Path) -> None:
    counts = _query(
        duckdb_path,
        """
        select
            count_if(r.return_date = p.inception_date and r.daily_return is not null) as bad_first,
            count_if(r.return_date > p.inception_date and r.daily_return is null) as missing
        from marts.fct_portfolio_returns_daily as r
        inner join marts.dim_portfolios as p using (portfolio_id)
    """,
    )
    assert counts.row(0) == (0, 0)


def test_holdings_are_the_last_day_of_the_valuation(duckdb_path: Path) -> None:
    check = _query(
        duckdb_path,
        """
        select max(abs(h.total - v.securities_value)) as gap, count(*) as n
        from (select portfolio_id, as_of_date, sum(market_value) as total from marts.fct_holdings group by all) as h
        inner join marts.fct_portfolio_valuation_daily as v
            on h.portfolio_id = v.portfolio_id and h.as_of_date = v.valuation_date
    """,
    )
    gap, n = check.row(0)
    assert n > 0 and gap < 1e-6


def test_benchmark_return_beside_every_later_day(duckdb_path: Path) -> None:
    missing = _query(
        duckdb_path,
        "select count(*) from marts.fct_portfolio_returns_daily"
        " where daily_return is not null and benchmark_return is null",
    )
    assert missing.item() == 0


def test_portfolio_profile_has_seed_fields_and_consistent_allocations(duckdb_path: Path) -> None:
    import json

    profile = _query(duckdb_path, "select * from marts.dim_portfolio_profile")
    fields = [
        "portfolio_id",
        "client_id",
        "total_value",
        "last_rebalance",
        "strategy_type",
        "target_return",
        "current_return",
        "risk_score",
        "esg_preferences",
        "sector_allocation",
        "geographic_allocation",
    ]
    assert profile.columns == fields
    for column in ("sector_allocation", "geographic_allocation"):
        for text in profile[column]:
            weights = json.loads(text)
            assert abs(sum(weights.values()) - 1) <= 0.0005 * len(weights)
            assert list(weights) == sorted(weights)
    linked = _query(
        duckdb_path,
        """
        select portfolio_id, product(1 + daily_return) - 1 as linked
        from marts.fct_portfolio_returns_daily where daily_return is not null group by portfolio_id
    """,
    )
    joined = profile.join(linked, on="portfolio_id")
    assert joined.height > 0
    assert ((joined["current_return"] - joined["linked"]).abs() <= 1e-9).all()


def test_dependents_unpacked_one_row_per_array_item(raw: dict[str, pl.DataFrame], duckdb_path: Path) -> None:
    import json

    expected = sum(len(json.loads(text)) for text in raw["clients"]["dependents_info"])
    unpacked = _query(duckdb_path, "select count(*) as n from staging.stg_client_dependents").item()
    assert expected > 0 and unpacked == expected


def test_rebalancing_logs_follow_the_portfolios(duckdb_path: Path) -> None:
    checked = _query(
        duckdb_path,
        """
        select
            count(*) as portfolios,
            count_if(logs.first_day != p.inception_date) as first_not_inception,
            count_if(logs.last_day > p.last_rebalance_date) as after_last_rebalance,
            count_if(targets.total is null or abs(targets.total - 1) > 1e-9) as targets_not_summing_to_one
        from marts.dim_portfolios as p
        left join (
            select portfolio_id, min(rebalance_date) as first_day, max(rebalance_date) as last_day
            from marts.fct_rebalancing_logs group by portfolio_id
        ) as logs using (portfolio_id)
        left join (
            select portfolio_id, sum(target_weight) as total
            from marts.fct_asset_allocation_targets group by portfolio_id
        ) as targets using (portfolio_id)
    """,
    )
    portfolios, first_not_inception, after_last, not_one = checked.row(0)
    assert portfolios > 0
    assert (first_not_inception, after_last, not_one) == (0, 0, 0)
