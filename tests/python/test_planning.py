"""Financial status and goals are consistent with each other, the clients and the portfolios."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl

from tests.python.conftest import AS_OF, TEST_YEARS


def test_income_and_expense_parts_sum_to_the_cent(raw: dict[str, pl.DataFrame]) -> None:
    status = raw["financial_status"]
    assert status.height > 0
    for row in status.sample(n=min(2000, status.height), seed=1).iter_rows(named=True):
        sources = json.loads(row["income_sources"], parse_float=Decimal)
        spending = json.loads(row["expense_breakdown"], parse_float=Decimal)
        assert sum(sources.values()) == row["monthly_income"]
        assert sum(spending.values()) == row["monthly_expenses"]
        assert row["cashflow_surplus"] == row["monthly_income"] - row["monthly_expenses"]
        assert row["monthly_expenses"] <= row["emergency_fund"] <= 12 * row["monthly_expenses"]
        assert min(sources.values()) >= 0 and min(spending.values()) >= 0


def test_one_snapshot_a_month_from_onboarding_to_as_of(raw: dict[str, pl.DataFrame]) -> None:
    status = raw["financial_status"]
    per_client = status.group_by("client_id").agg(pl.col("last_updated").min().alias("first"), pl.len().alias("n"))
    clients = raw["clients"].join(per_client, on="client_id", how="left")
    assert clients["n"].null_count() == 0  # every client has snapshots
    as_of = date.fromisoformat(AS_OF)
    history_start = as_of.replace(year=as_of.year - TEST_YEARS)
    assert (clients["first"] >= clients["onboarding_date"]).all()
    assert status["last_updated"].max() == as_of
    assert status["last_updated"].min() >= history_start
    assert status.select(pl.struct("client_id", "last_updated").is_unique().all()).item()


def test_goal_dates_follow_the_client(raw: dict[str, pl.DataFrame]) -> None:
    goals = raw["goals"].join(raw["clients"], on="client_id")
    as_of = date.fromisoformat(AS_OF)
    assert (goals["target_date"] > as_of).all()
    retirement = goals.filter(pl.col("goal_type") == "retirement")
    assert retirement.height > 0
    assert ((retirement["target_date"].dt.year() - retirement["birth_date"].dt.year()) == 67).all()
    education = goals.filter(pl.col("goal_type") == "education")
    for row in education.iter_rows(named=True):
        years = [d["birth_year"] for d in json.loads(row["dependents_info"]) if d["relationship"] == "child"]
        assert row["target_date"].year - 18 in years


def test_goal_progress_matches_the_funding_portfolio(raw: dict[str, pl.DataFrame]) -> None:
    goals = raw["goals"].join(
        raw["portfolios"].select("portfolio_id", "client_id", "base_currency"),
        left_on="funding_portfolio_id",
        right_on="portfolio_id",
    )
    assert (goals["client_id"] == goals["client_id_right"]).all()
    assert (goals["currency_code"] == goals["base_currency"]).all()
    achieved = goals.filter(pl.col("status") == "achieved")
    assert (achieved["progress"] == 1).all()
    assert (goals.filter(pl.col("status") != "achieved")["progress"] < 1).all()


def test_goal_progress_is_the_funding_value_on_the_as_of_date(raw: dict[str, pl.DataFrame], duckdb_path: Path) -> None:
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        values = connection.sql(
            "select portfolio_id, market_value from marts.fct_portfolio_valuation_daily"
            " where valuation_date = (select max(valuation_date) from marts.fct_portfolio_valuation_daily)"
        ).pl()
    goals = raw["goals"].with_columns(pl.len().over("funding_portfolio_id").alias("sharing"))
    checked = goals.join(values, left_on="funding_portfolio_id", right_on="portfolio_id").with_columns(
        (pl.col("market_value") / pl.col("sharing") / pl.col("target_amount").cast(pl.Float64))
        .clip(0, 1)
        .alias("expected")
    )
    assert checked.height == goals.height > 0
    assert (checked["progress"].cast(pl.Float64) - checked["expected"]).abs().max() <= 0.00005 + 1e-9
