"""Wealth planning: liabilities amortise, insurance and estate plans follow the client, tax profiles
follow the residence, income and marital status, market views react to the market's worst drawdown,
and each bond's rating history ends at the security master's rating with downgrades after the crash."""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date, timedelta
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import pytest

from generator.market import CRASH_AT
from generator.modules.wealth_planning.estate import ESTATE_TAX, ESTATE_TO_NET_WORTH, TRUST_FACTOR
from generator.modules.wealth_planning.ratings import RATING_SCALE
from generator.modules.wealth_planning.tax import JOINT_TAXATION, TAX_BANDS
from tests.python.conftest import AS_OF, generate_into

TABLES = ("liabilities", "insurance_policies", "estate_plans", "tax_profiles", "market_views", "security_ratings")
AS_OF_DATE = date.fromisoformat(AS_OF)
MARRIED_STATUSES = {"married_filing_jointly", "married_filing_separately", "joint"}


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pl.DataFrame]:
    """A larger run (300 clients, six years) for the rates and shares that need volume."""
    from generator.schema import declared_tables, read_generated

    raw_dir = generate_into(tmp_path_factory.mktemp("wealth_planning") / "raw", seed=1, scale=300, years=6)
    wanted = (*TABLES, "clients", "securities", "benchmark_levels", "trading_calendar", "advisors")
    return {table: read_generated(raw_dir, table) for table in declared_tables() if table in wanted}


def _float(frame: pl.DataFrame, *names: str) -> pl.DataFrame:
    return frame.with_columns(pl.col(name).cast(pl.Float64) for name in names)


def _months(later: pl.Expr, earlier: pl.Expr) -> pl.Expr:
    return (later.dt.year() - earlier.dt.year()) * 12 + later.dt.month().cast(pl.Int32) - earlier.dt.month()


# --- liabilities -----------------------------------------------------------------------------


def test_payments_match_an_amortising_loan(raw: dict[str, pl.DataFrame]) -> None:
    loans = _float(raw["liabilities"], "original_amount", "outstanding_balance", "interest_rate", "monthly_payment")
    assert loans.height > 0
    amortising = loans.filter(pl.col("repayment_type") == "amortising")
    assert amortising.height > 0
    original = amortising["original_amount"].to_numpy()
    r = amortising["interest_rate"].to_numpy() / 12
    n = amortising.select(_months(pl.col("maturity_date"), pl.col("start_date")))[:, 0].to_numpy()
    assert (n == amortising["term_months"].to_numpy()).all()
    annuity = original * r / (1 - (1 + r) ** -n.astype(float))
    payment = amortising["monthly_payment"].to_numpy()
    assert np.all(np.abs(payment - annuity) <= 0.005 * annuity + 0.01)
    interest_only = loans.filter(pl.col("repayment_type") == "interest_only")
    assert set(interest_only["liability_type"]) <= {"credit_line", "margin_loan"}
    monthly_interest = interest_only["outstanding_balance"] * interest_only["interest_rate"] / 12
    assert ((interest_only["monthly_payment"] - monthly_interest).abs() <= 0.01).all()


def test_balances_follow_the_schedule(raw: dict[str, pl.DataFrame]) -> None:
    loans = _float(raw["liabilities"], "original_amount", "outstanding_balance", "interest_rate", "monthly_payment")
    assert (loans["outstanding_balance"] > 0).all()
    assert (loans["outstanding_balance"] <= loans["original_amount"]).all()
    amortising = loans.filter(pl.col("repayment_type") == "amortising")
    elapsed = amortising.select(_months(pl.lit(AS_OF_DATE), pl.col("start_date")))[:, 0].to_numpy()
    r = amortising["interest_rate"].to_numpy() / 12
    original = amortising["original_amount"].to_numpy()
    grown = (1 + r) ** elapsed
    n = amortising["term_months"].to_numpy()
    annuity = original * r / (1 - (1 + r) ** -n.astype(float))
    scheduled = original * grown - annuity * (grown - 1) / r
    ratio = amortising["outstanding_balance"].to_numpy() / scheduled
    assert ratio.min() >= 0.9 - 1e-4 and ratio.max() <= 1 + 1e-4  # a few percent prepaid at most


def test_liability_dates(raw: dict[str, pl.DataFrame]) -> None:
    loans = raw["liabilities"].join(raw["clients"], on="client_id")
    assert loans.height == raw["liabilities"].height
    assert (loans["start_date"] <= AS_OF_DATE).all()
    assert (loans["maturity_date"] > loans["start_date"]).all()
    assert (loans["maturity_date"] > AS_OF_DATE).all()  # outstanding on the as-of date
    assert (loans["start_date"] >= loans["birth_date"].dt.offset_by("18y")).all()
    assert loans.select(pl.struct("client_id", "liability_type").is_unique().all()).item()


def test_liabilities_follow_the_client(large: dict[str, pl.DataFrame]) -> None:
    clients = large["clients"].with_columns(
        ((pl.lit(AS_OF_DATE) - pl.col("birth_date")).dt.total_days() / 365.25).alias("age"),
        (pl.col("marital_status") == "married").alias("married"),
    )
    mortgages = large["liabilities"].filter(pl.col("liability_type") == "mortgage").select("client_id", "liability_id")
    flagged = clients.join(mortgages, on="client_id", how="left").with_columns(
        pl.col("liability_id").is_not_null().alias("mortgage")
    )
    young = flagged.filter(pl.col("age") < 65)
    married_rate = young.filter("married")["mortgage"].mean()
    single_rate = young.filter(~pl.col("married"))["mortgage"].mean()
    older_rate = flagged.filter(pl.col("age") >= 65)["mortgage"].mean()
    assert married_rate > single_rate > older_rate  # type: ignore[operator]
    debt = (
        _float(large["liabilities"], "outstanding_balance")
        .group_by("client_id")
        .agg(pl.col("outstanding_balance").sum())
        .join(clients, on="client_id")
    )
    ratio = debt["outstanding_balance"] / debt["net_worth"]
    assert ratio.median() < 0.5  # type: ignore[operator]
    assert (ratio < 1).mean() >= 0.85


# --- insurance -------------------------------------------------------------------------------


def test_policies_are_dated_inside_the_relationship(raw: dict[str, pl.DataFrame]) -> None:
    policies = raw["insurance_policies"].join(raw["clients"], on="client_id")
    assert policies.height == raw["insurance_policies"].height > 0
    assert (policies["start_date"] >= policies["onboarding_date"]).all()
    assert (policies["start_date"] <= AS_OF_DATE).all()
    whole = policies["policy_type"] == "whole_life"
    assert (policies["end_date"].is_null() == whole).all()
    ended = policies.filter(~whole)
    assert (ended["end_date"] > ended["start_date"]).all()
    active = policies.filter(pl.col("status") == "active")
    assert (active["end_date"].is_null() | (active["end_date"] > AS_OF_DATE)).all()
    closed = policies.filter(pl.col("status") != "active")
    assert (closed["end_date"] <= AS_OF_DATE).all()


def test_cover_follows_income_and_premium_follows_age(large: dict[str, pl.DataFrame]) -> None:
    policies = _float(large["insurance_policies"], "coverage_amount", "annual_premium").join(
        large["clients"], on="client_id"
    )
    term = policies.filter(pl.col("policy_type") == "term_life")
    assert term.height > 30
    multiple = term["coverage_amount"] / term["annual_income"]
    assert multiple.min() >= 4.9 and multiple.max() <= 15.1  # type: ignore[operator]
    disability = policies.filter(pl.col("policy_type") == "disability")
    assert ((disability["coverage_amount"] / disability["annual_income"] - 0.6).abs() <= 0.01).all()
    priced = term.with_columns(
        (pl.col("annual_premium") / pl.col("coverage_amount")).rank().alias("price"),
        (pl.col("start_date") - pl.col("birth_date")).dt.total_days().rank().alias("age_at_start"),
    )
    assert np.corrcoef(priced["price"].to_numpy(), priced["age_at_start"].to_numpy())[0, 1] > 0.6
    life = policies.filter(pl.col("policy_type").is_in(["term_life", "whole_life"]))
    married = life.filter(pl.col("marital_status") == "married")
    assert (married["beneficiary_relationship"] == "spouse").all()


# --- estate plans ----------------------------------------------------------------------------


def test_estate_plans_follow_net_worth(raw: dict[str, pl.DataFrame]) -> None:
    plans = _float(raw["estate_plans"], "estimated_estate_value", "estate_tax_exposure").join(
        raw["clients"], on="client_id"
    )
    assert plans.height == raw["estate_plans"].height > 0
    assert plans["client_id"].is_unique().all()
    low, high = ESTATE_TO_NET_WORTH
    value, worth = plans["estimated_estate_value"], plans["net_worth"]
    assert ((value >= low * worth - 500) & (value <= high * worth + 500)).all()
    assert (
        (plans["last_reviewed_date"] >= plans["onboarding_date"]) & (plans["last_reviewed_date"] <= AS_OF_DATE)
    ).all()
    allowance = plans["residence_country"].replace_strict({c: v[0] for c, v in ESTATE_TAX.items()})
    rate = plans["residence_country"].replace_strict({c: v[1] for c, v in ESTATE_TAX.items()})
    doubled = pl.Series(np.where(plans["marital_status"] == "married", 2.0, 1.0))
    trust = pl.Series(np.where(plans["has_trust"], TRUST_FACTOR, 1.0))
    expected = (value - allowance * doubled).clip(lower_bound=0) * rate * trust
    assert ((plans["estate_tax_exposure"] - expected).abs() <= 0.01).all()


def test_estate_plans_are_more_common_when_older_and_wealthier(large: dict[str, pl.DataFrame]) -> None:
    clients = large["clients"].join(
        large["estate_plans"].select("client_id", pl.lit(True).alias("plan")), on="client_id", how="left"
    )
    clients = clients.with_columns(
        pl.col("plan").fill_null(False),
        ((pl.lit(AS_OF_DATE) - pl.col("birth_date")).dt.total_days() / 365.25).alias("age"),
    )
    assert clients.filter(pl.col("age") >= 65)["plan"].mean() > clients.filter(pl.col("age") < 45)["plan"].mean()  # type: ignore[operator]
    wealthy = clients.filter(pl.col("segment_code") != "mass_affluent")["plan"].mean()
    assert wealthy > clients.filter(pl.col("segment_code") == "mass_affluent")["plan"].mean()  # type: ignore[operator]


# --- tax profiles ----------------------------------------------------------------------------


def _band_rate(country: str, status: str, income: float) -> float:
    """The marginal rate of the documented band table, read independently (first band above income)."""
    bands = TAX_BANDS[(country, status)]
    return bands[max(bisect_left([start for start, _ in bands], income) - 1, 0)][1]


@pytest.mark.parametrize("data_set", ["raw", "large"])
def test_tax_profiles_follow_the_client(data_set: str, request: pytest.FixtureRequest) -> None:
    frames: dict[str, pl.DataFrame] = request.getfixturevalue(data_set)
    profiles = _float(frames["tax_profiles"], "marginal_tax_rate", "capital_gains_rate").join(
        frames["clients"], on="client_id", how="right"
    )
    assert profiles["tax_profile_id"].null_count() == 0 and profiles["client_id"].is_unique().all()
    assert (profiles["tax_residency"] == profiles["residence_country"]).all()
    for row in profiles.iter_rows(named=True):
        status, marital, country = row["filing_status"], row["marital_status"], row["residence_country"]
        assert (status in MARRIED_STATUSES) == (marital == "married" and (country == "US" or country in JOINT_TAXATION))
        if status == "qualifying_surviving_spouse":
            assert marital == "widowed"
        assert (status == "individual") == (country != "US" and status != "joint")
        assert abs(row["marginal_tax_rate"] - _band_rate(country, status, row["annual_income"])) < 1e-9
        assert 0 <= row["capital_gains_rate"] <= 0.45
        assert row["tax_year_start_month"] == (4 if country == "GB" else 1)
        assert row["onboarding_date"] <= row["updated_date"] <= AS_OF_DATE


def test_tax_ids_are_unique_synthetic_identifiers(raw: dict[str, pl.DataFrame]) -> None:
    profiles = raw["tax_profiles"]
    assert profiles["tax_id"].is_unique().all()
    formats = {
        "US": r"9\d{2}-\d{2}-\d{4}",
        "GB": r"[A-Z]{2}\d{6}[A-D]",
        "CA": r"0\d{2} \d{3} \d{3}",
        "DE": r"\d{11}",
        "FR": r"\d{13}",
        "CH": r"756\.\d{4}\.\d{4}\.\d{2}",
        "NL": r"\d{9}",
        "IT": r"[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]",
        "ES": r"\d{8}[A-Z]",
    }
    for country, tax_id in profiles.select("tax_residency", "tax_id").iter_rows():
        assert re.fullmatch(formats[country], tax_id), (country, tax_id)


def test_marginal_rates_rise_with_income(large: dict[str, pl.DataFrame]) -> None:
    profiles = _float(large["tax_profiles"], "marginal_tax_rate").join(large["clients"], on="client_id")
    ordered = profiles.sort("tax_residency", "filing_status", "annual_income")
    steps = ordered.select(
        pl.col("marginal_tax_rate").diff().over("tax_residency", "filing_status").drop_nulls().alias("step")
    )["step"]
    assert steps.len() > 100 and (steps >= 0).all() and (steps > 0).any()


# --- market views ----------------------------------------------------------------------------


def test_one_view_per_asset_class_and_quarter(raw: dict[str, pl.DataFrame]) -> None:
    views = raw["market_views"]
    classes = set(pl.read_csv("seeds/asset_classes.csv")["asset_class_code"])
    per_date = views.group_by("view_date").agg(pl.col("asset_class_code").sort())
    assert all(set(codes) == classes and len(codes) == len(classes) for codes in per_date["asset_class_code"])
    dates = per_date["view_date"].sort()
    assert (dates.dt.month() % 3 == 1).all() and (dates.dt.day() <= 7).all()
    assert dates.diff().drop_nulls().dt.total_days().max() <= 95  # type: ignore[operator]
    trading = raw["trading_calendar"].filter("is_trading_day")["calendar_date"]
    assert dates.is_in(trading.implode()).all()
    authors = raw["advisors"].filter(pl.col("title").is_in(["Managing Director", "Senior Wealth Advisor"]))
    assert views["author_advisor_id"].is_in(authors["advisor_id"].implode()).all()


def _drawdowns(levels: pl.DataFrame) -> pl.DataFrame:
    """The global-equity benchmark's drawdown from its running high, per day."""
    equity = levels.filter(pl.col("benchmark_code") == "bm_global_equity").sort("level_date")
    level = pl.col("index_level").cast(pl.Float64)
    return equity.select("level_date", (level / level.cum_max() - 1).alias("drawdown"))


def test_equity_views_turn_overweight_after_the_worst_drawdown(large: dict[str, pl.DataFrame]) -> None:
    drawdowns = _drawdowns(large["benchmark_levels"])
    trough = drawdowns.sort("drawdown")["level_date"][0]
    equity = _float(large["market_views"], "expected_return_12m").filter(pl.col("asset_class_code") == "equity")
    after = equity.filter((pl.col("view_date") > trough) & (pl.col("view_date") <= trough + timedelta(days=365)))
    overweight = pl.col("view") == "overweight"
    assert after.height >= 3
    assert after.select(overweight.mean()).item() > equity.select(overweight.mean()).item() + 0.1
    by_view = dict(equity.group_by("view").agg(pl.col("expected_return_12m").mean()).iter_rows())
    assert by_view["overweight"] > by_view["neutral"] > by_view.get("underweight", -1.0)


def test_views_react_to_the_drawdown_before_them(large: dict[str, pl.DataFrame]) -> None:
    """Read on the close before the view date: deep drawdowns bring overweight equity and underweight cash."""
    views = (
        large["market_views"]
        .sort("view_date")
        .join_asof(
            _drawdowns(large["benchmark_levels"]).with_columns(
                (pl.col("level_date") + timedelta(days=1)).alias("seen")
            ),
            left_on="view_date",
            right_on="seen",
            strategy="backward",
        )
        .with_columns(pl.col("drawdown").fill_null(0.0))
    )
    deep, calm = pl.col("drawdown") < -0.2, pl.col("drawdown") > -0.05
    equity = views.filter(pl.col("asset_class_code") == "equity")
    cash = views.filter(pl.col("asset_class_code") == "cash")
    assert equity.filter(deep).height >= 2 and equity.filter(calm).height >= 2
    share = pl.col("view") == "overweight"
    assert equity.filter(deep).select(share.mean()).item() >= equity.filter(calm).select(share.mean()).item() + 0.5
    assert (equity.filter(deep)["view"] != "underweight").all()
    assert cash.filter(deep).select((pl.col("view") == "overweight").mean()).item() == 0.0


# --- security ratings ------------------------------------------------------------------------


def test_latest_rating_is_the_security_master_rating(raw: dict[str, pl.DataFrame]) -> None:
    ratings = raw["security_ratings"]
    bonds = raw["securities"].filter(pl.col("security_type") == "bond")
    assert set(ratings["security_id"]) == set(bonds["security_id"])
    latest = ratings.sort("rating_date").group_by("security_id", "agency").agg(pl.col("rating").last())
    checked = latest.join(bonds.select("security_id", "credit_rating"), on="security_id")
    assert checked.height == latest.height
    assert (checked["rating"] == checked["credit_rating"]).all()


def test_rating_histories_chain(raw: dict[str, pl.DataFrame]) -> None:
    ratings = (
        raw["security_ratings"]
        .join(raw["securities"].select("security_id", "listing_date"), on="security_id")
        .sort("security_id", "agency", "rating_date")
    )
    ratings = ratings.with_columns(pl.col("rating").shift(1).over("security_id", "agency").alias("before"))
    assert (ratings["previous_rating"].fill_null("-") == ratings["before"].fill_null("-")).all()
    assert ((ratings["rating_action"] == "initial") == ratings["previous_rating"].is_null()).all()
    assert ((ratings["rating_date"] >= ratings["listing_date"]) & (ratings["rating_date"] <= AS_OF_DATE)).all()
    notch = {rating: i for i, rating in enumerate(RATING_SCALE)}
    changes = ratings.filter(pl.col("rating_action") != "initial").with_columns(
        (pl.col("rating").replace_strict(notch) - pl.col("previous_rating").replace_strict(notch)).alias("move")
    )
    assert changes.height > 0
    assert ((changes["move"] > 0) == (changes["rating_action"] == "downgrade")).all()
    assert (changes["move"] != 0).all()


def test_downgrades_cluster_after_the_crash(large: dict[str, pl.DataFrame]) -> None:
    days = large["trading_calendar"].filter("is_trading_day")["calendar_date"].sort()
    crash = days[int(CRASH_AT * days.len())]
    years = (days[-1] - days[0]).days / 365.25
    downgrades = large["security_ratings"].filter(pl.col("rating_action") == "downgrade")
    inside = downgrades.filter(pl.col("rating_date").is_between(crash, crash + timedelta(days=364))).height
    outside = downgrades.height - inside
    assert inside / 1.0 > 3 * outside / (years - 1)  # a year after the crash against an average other year


# --- warehouse -------------------------------------------------------------------------------


def test_staging_keeps_every_row(raw: dict[str, pl.DataFrame], duckdb_path: Path) -> None:
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        for table in TABLES:
            count = connection.execute(f"select count(*) from staging.stg_{table}").fetchone()
            assert count is not None and count[0] == raw[table].height, table
        payments = connection.execute(
            "select max(abs(monthly_payment - original_amount * (interest_rate / 12)"
            " / (1 - power(1 + interest_rate / 12, -term_months)))) from staging.stg_liabilities"
            " where repayment_type = 'amortising'"
        ).fetchone()
    assert payments is not None and payments[0] <= 0.01
