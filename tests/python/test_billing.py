"""Invoices are the fees debited; most recompute exactly from the warehouse's month-end values and
the tiered schedule, and the deliberately wrong share is near its documented rate. Tax records and
subscriptions follow the transactions and the clients."""

from __future__ import annotations

import math
from collections import defaultdict

import polars as pl
import pytest

from generator.simulation import WRONG_INVOICE_RATE
from tests.python.conftest import generate_into
from warehouse.files import read_with_intermediate

SETTLED = pl.col("status") == "settled"


def _tiered(value: float, tiers: list[tuple[float, float, float]]) -> float:
    return sum(rate * min(max(value - floor, 0.0), ceiling - floor) for floor, ceiling, rate in tiers)


def test_every_fee_is_invoiced_with_its_amount(raw: dict[str, pl.DataFrame]) -> None:
    fees = raw["transactions"].filter(SETTLED & (pl.col("transaction_type") == "fee"))
    invoices = raw["billing_invoices"]
    joined = fees.join(invoices, on="transaction_id", how="full", coalesce=True)
    assert joined.height == fees.height == invoices.height > 0
    assert (joined["amount"] == joined["amount_right"]).all()
    assert (joined["portfolio_id"] == joined["portfolio_id_right"]).all()


@pytest.fixture(scope="module")
def reconciled(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    """Invoices of a larger run, with the fee recomputed from the warehouse's month-end values."""
    from tests.python.conftest import dbt

    workdir = tmp_path_factory.mktemp("billing")
    raw_dir = generate_into(workdir / "raw", seed=5, scale=250, years=3)
    env = {"WEALTH_RAW_DIR": str(raw_dir), "WEALTH_DUCKDB_PATH": str(workdir / "wealth.duckdb")}
    # the models and the seeds they read (dbt run would leave the seeds out)
    result = dbt(
        [
            "build", "--select", "+fct_portfolio_valuation_daily", "stg_billing_invoices",
            "--resource-type", "model", "--resource-type", "seed", "--target", "duckdb",
        ],
        env,
        workdir,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:]
    with read_with_intermediate(workdir / "wealth.duckdb") as connection:
        month_ends = connection.sql("""
            select v.portfolio_id, v.valuation_date, v.market_value
            from marts.fct_portfolio_valuation_daily as v
            inner join intermediate.int_trading_days as d on v.valuation_date = d.trading_date
            where d.is_month_end
        """).pl()
        invoices = connection.sql("select * from staging.stg_billing_invoices").pl()
    tiers: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    for row in pl.read_csv("seeds/fee_tiers.csv").sort("tier_number").iter_rows(named=True):
        ceiling = math.inf if row["aum_ceiling"] is None else row["aum_ceiling"]
        tiers[row["fee_schedule_code"]].append((row["aum_floor"], ceiling, row["annual_rate"]))
    basis = (
        invoices.join(month_ends, on="portfolio_id")
        .filter(pl.col("valuation_date").is_between("billing_period_start", "billing_period_end"))
        .group_by("invoice_id")
        .agg(pl.col("market_value").mean().alias("true_average"), pl.len().alias("months"))
    )
    out = invoices.join(basis, on="invoice_id")
    expected = [
        round(_tiered(avg, tiers[schedule]) / 4 * months / 3, 2)
        for avg, schedule, months in zip(out["true_average"], out["fee_schedule_code"], out["months"], strict=True)
    ]
    return out.with_columns(pl.Series("expected", expected), pl.col("amount").cast(pl.Float64))


def test_invoices_recompute_from_month_end_values(reconciled: pl.DataFrame) -> None:
    assert (reconciled["months"] == reconciled["months_billed"]).all()
    wrong = (reconciled["amount"] - reconciled["expected"]).abs() > 0.011
    n, found = reconciled.height, int(wrong.sum())
    sigma = math.sqrt(n * WRONG_INVOICE_RATE * (1 - WRONG_INVOICE_RATE))
    assert n > 1000
    assert abs(found - n * WRONG_INVOICE_RATE) <= 4 * sigma, (found, n)
    right = reconciled.filter(~wrong)
    assert ((right["average_aum"] - right["true_average"]).abs() <= 0.01).all()


def test_tax_records_match_an_independent_replay(raw: dict[str, pl.DataFrame]) -> None:
    settled = raw["transactions"].filter(SETTLED).sort("transaction_id")
    quantity: dict[tuple[int, int], int] = defaultdict(int)
    cost: dict[tuple[int, int], float] = defaultdict(float)
    gains: dict[tuple[int, int], float] = defaultdict(float)
    for row in settled.filter(pl.col("transaction_type").is_in(["buy", "sell"])).iter_rows(named=True):
        key = (row["portfolio_id"], row["security_id"])
        amount = float(row["amount"])
        if row["transaction_type"] == "buy":
            quantity[key] += row["quantity"]
            cost[key] += amount
        else:
            share = row["quantity"] / quantity[key]
            gains[(row["portfolio_id"], row["trade_date"].year)] += amount - cost[key] * share
            cost[key] *= 1 - share
            quantity[key] -= row["quantity"]
    records = raw["tax_records"]
    for row in records.iter_rows(named=True):
        assert abs(float(row["realised_gains"]) - gains.get((row["portfolio_id"], row["tax_year"]), 0.0)) <= 0.02
    dividends = (
        settled.filter(pl.col("transaction_type") == "dividend")
        .group_by("portfolio_id", pl.col("trade_date").dt.year().alias("tax_year"))
        .agg(pl.col("amount").sum().alias("expected"))
    )
    checked = records.join(dividends, on=["portfolio_id", "tax_year"], how="left")
    assert (checked["dividends"] == checked["expected"].fill_null(0)).all()


def test_subscriptions_cover_the_relationship(raw: dict[str, pl.DataFrame]) -> None:
    subs = raw["subscriptions"].sort(["client_id", "start_date"])
    first = subs.group_by("client_id").agg(pl.col("start_date").min()).join(raw["clients"], on="client_id")
    assert first.height == raw["clients"].height
    assert (first["start_date"] == first["onboarding_date"]).all()
    active = subs.filter(pl.col("status") == "active").group_by("client_id").len()
    assert (active["len"] == 1).all() and active.height == raw["clients"].height
    gaps = subs.with_columns(pl.col("start_date").shift(-1).over("client_id").alias("next")).drop_nulls("next")
    assert ((gaps["next"] - gaps["end_date"]).dt.total_days() == 1).all()
