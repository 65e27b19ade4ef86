"""KYC verifications, regulatory flags and compliance checks follow the clients, portfolios and
transactions they describe, and carry the as-of realism the risk alerts rely on."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest

from generator.reference import seed
from tests.python.conftest import AS_OF, generate_into

AS_OF_DATE = date.fromisoformat(AS_OF)
SOON = AS_OF_DATE + timedelta(days=30)
TABLES = ("clients", "portfolios", "transactions", "fx_rates", "kyc_verifications", "regulatory_flags")


@pytest.fixture(scope="module")
def larger(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pl.DataFrame]:
    """A larger generated set (400 clients) for the shares, which are fragile at 60 clients."""
    from generator.schema import read_generated

    folder = generate_into(tmp_path_factory.mktemp("compliance") / "raw", scale=400, years=3)
    return {table: read_generated(folder, table) for table in TABLES}


def _latest_expiry(kyc: pl.DataFrame) -> pl.DataFrame:
    """Per client, the expiry of the latest verified check on the as-of date."""
    return kyc.filter(pl.col("status") == "verified").group_by("client_id").agg(pl.col("expiry_date").max())


def _kyc_shares(raw: dict[str, pl.DataFrame]) -> tuple[int, int, int]:
    latest = _latest_expiry(raw["kyc_verifications"])
    expired = latest.filter(pl.col("expiry_date") < AS_OF_DATE).height
    soon = latest.filter(pl.col("expiry_date").is_between(AS_OF_DATE, SOON)).height
    return expired, soon, raw["clients"].height


def test_every_client_is_verified_at_onboarding(raw: dict[str, pl.DataFrame]) -> None:
    kyc = raw["kyc_verifications"]
    onboarding = (
        kyc.filter(pl.col("status") == "verified")
        .join(raw["clients"].select("client_id", "onboarding_date"), on="client_id")
        .filter(pl.col("verified_date") == pl.col("onboarding_date"))
    )
    for kind in ("identity", "address", "source_of_funds"):
        verified = set(onboarding.filter(pl.col("verification_type") == kind)["client_id"])
        assert verified == set(raw["clients"]["client_id"]), kind
    high = set(kyc.filter(pl.col("risk_rating") == "high")["client_id"])
    assert set(onboarding.filter(pl.col("verification_type") == "enhanced_due_diligence")["client_id"]) == high
    assert kyc.group_by("client_id").agg(pl.col("risk_rating").n_unique())["risk_rating"].max() == 1


def test_kyc_dates_are_ordered_and_inside_the_relationship(raw: dict[str, pl.DataFrame]) -> None:
    kyc = raw["kyc_verifications"].join(raw["clients"].select("client_id", "onboarding_date"), on="client_id")
    assert kyc.height > raw["clients"].height
    assert (kyc["verified_date"] >= kyc["onboarding_date"]).all()
    assert (kyc["verified_date"] <= AS_OF_DATE).all()
    verified = kyc.filter(pl.col("status") == "verified")
    assert verified["expiry_date"].null_count() == 0
    assert kyc.filter(pl.col("status") != "verified")["expiry_date"].null_count() == kyc.height - verified.height
    years = verified["risk_rating"].replace_strict({"low": 3, "medium": 2, "high": 1}, return_dtype=pl.Int64)
    expected = verified.select(pl.col("verified_date").dt.offset_by(pl.format("{}y", years)))["verified_date"]
    assert (verified["expiry_date"] == expected).all()
    assert verified["expiry_date"].max() > AS_OF_DATE  # a validity end may lie in the future
    assert kyc.filter(pl.col("status") == "pending")["verified_by"].null_count() == kyc["verified_by"].null_count()


def test_some_kyc_expired_and_some_expiring_on_the_as_of_date(
    raw: dict[str, pl.DataFrame], larger: dict[str, pl.DataFrame]
) -> None:
    expired, soon, _ = _kyc_shares(raw)
    assert expired >= 1 and soon >= 1
    expired, soon, clients = _kyc_shares(larger)
    assert 0.01 <= expired / clients <= 0.1
    assert 0.01 <= soon / clients <= 0.1


def test_pending_verifications_are_recent_renewals_of_due_clients(raw: dict[str, pl.DataFrame]) -> None:
    kyc = raw["kyc_verifications"]
    pending = kyc.filter(pl.col("status") == "pending")
    assert pending.height > 0
    assert (pending["verified_date"] >= AS_OF_DATE - timedelta(days=30)).all()
    due = _latest_expiry(kyc).filter(pl.col("expiry_date") <= SOON)
    assert set(pending["client_id"]) <= set(due["client_id"])
    rejected = kyc.filter(pl.col("status") == "rejected")
    replaced = rejected.join(
        kyc.filter(pl.col("status") == "verified"), on=["client_id", "verification_type"], suffix="_ok"
    ).filter(pl.col("verified_date_ok") > pl.col("verified_date"))
    assert replaced["verification_id"].n_unique() == rejected.height  # every rejection is replaced later


def test_open_flags_exist_and_are_a_minority(raw: dict[str, pl.DataFrame], larger: dict[str, pl.DataFrame]) -> None:
    for data in (raw, larger):
        flags = data["regulatory_flags"]
        unresolved = flags.filter(pl.col("resolved_date").is_null())
        assert unresolved.height >= 1
        assert set(unresolved["status"]) <= {"open", "under_review"}
        assert (unresolved["flag_type"] == "aml").any()
    flags = larger["regulatory_flags"]
    assert flags.filter(pl.col("resolved_date").is_null()).height < 0.25 * flags.height
    flagged = flags["client_id"].n_unique() / larger["clients"].height
    assert 0.01 <= flagged <= 0.15
    assert set(flags["flag_type"]) == {"aml", "pep", "sanctions", "adverse_media"}


def test_flag_dates_are_ordered_and_inside_the_relationship(raw: dict[str, pl.DataFrame]) -> None:
    flags = raw["regulatory_flags"].join(raw["clients"].select("client_id", "onboarding_date"), on="client_id")
    assert flags.height > 0
    assert (flags["raised_date"] >= flags["onboarding_date"]).all()
    assert (flags["raised_date"] <= AS_OF_DATE).all()
    closed = flags.filter(pl.col("status").is_in(["resolved", "false_positive"]))
    assert closed["resolved_date"].null_count() == 0
    assert (closed["resolved_date"] >= closed["raised_date"]).all()
    assert (closed["resolved_date"] <= AS_OF_DATE).all()
    assert flags.filter(pl.col("status").is_in(["open", "under_review"]))["resolved_date"].null_count() == (
        flags.height - closed.height
    )


def test_aml_flags_follow_a_large_cash_movement_of_the_client(raw: dict[str, pl.DataFrame]) -> None:
    aml = raw["regulatory_flags"].filter(pl.col("flag_type") == "aml")
    assert aml.height > 0
    moves = (
        aml.join(raw["transactions"].rename({"status": "transaction_status"}), on="transaction_id")
        .join(raw["portfolios"].select("portfolio_id", pl.col("client_id").alias("owner")), on="portfolio_id")
        .join(raw["fx_rates"], left_on=["trade_date", "currency_code"], right_on=["rate_date", "currency_code"])
    )
    assert moves.height == aml.height
    assert (moves["owner"] == moves["client_id"]).all()
    assert moves["transaction_type"].is_in(["deposit", "withdrawal"]).all()
    assert (moves["transaction_status"] == "settled").all()
    usd = moves["amount_local"].cast(pl.Float64) * moves["usd_per_unit"].cast(pl.Float64)
    assert (usd >= 100_000 - 0.01).all()
    lag = (moves["raised_date"] - moves["trade_date"]).dt.total_days()
    assert lag.min() >= 0 and lag.max() <= 7
    assert (moves["source"] == "transaction_monitoring").all()


def _portfolio_checks(raw: dict[str, pl.DataFrame]) -> pl.DataFrame:
    return raw["compliance_checks"].join(
        raw["portfolios"].select("portfolio_id", pl.col("client_id").alias("owner"), "strategy_type", "inception_date"),
        on="portfolio_id",
    )


def test_suitability_outcomes_follow_strategy_and_risk_profile(raw: dict[str, pl.DataFrame]) -> None:
    strategies = seed("strategies").select(
        pl.col("strategy_code").alias("strategy_type"),
        pl.col("risk_level").alias("strategy_level"),
        "suitable_risk_profile_code",
    )
    profiles = seed("risk_profiles").select(
        pl.col("risk_profile_code").alias("risk_profile"), pl.col("risk_level").alias("profile_level")
    )
    checks = (
        _portfolio_checks(raw)
        .filter(pl.col("check_type") == "suitability")
        .join(raw["clients"].select("client_id", "risk_profile"), on="client_id")
        .join(strategies, on="strategy_type")
        .join(profiles, on="risk_profile")
    )
    expected = (
        pl.when(pl.col("suitable_risk_profile_code") == pl.col("risk_profile"))
        .then(pl.lit("pass"))
        .when(pl.col("strategy_level") > pl.col("profile_level"))
        .then(pl.lit("fail"))
        .otherwise(pl.lit("warning"))
    )
    assert checks.height == raw["compliance_checks"].filter(pl.col("check_type") == "suitability").height > 0
    assert checks.select((pl.col("outcome") == expected).all()).item()
    assert (checks["outcome"] == "pass").mean() > 0.8  # type: ignore[operator]
    at_inception = checks.filter(pl.col("check_date") == pl.col("inception_date"))
    assert set(at_inception["portfolio_id"]) == set(raw["portfolios"]["portfolio_id"])


def test_checks_are_dated_inside_the_portfolio_life(raw: dict[str, pl.DataFrame]) -> None:
    checks = _portfolio_checks(raw)
    assert (checks["client_id"] == checks["owner"]).all()
    assert (checks["check_date"] >= checks["inception_date"]).all()
    assert (checks["check_date"] <= AS_OF_DATE).all()
    assert set(checks["check_type"]) == {"suitability", "concentration", "kyc_refresh", "trade_surveillance"}
    for kind in ("concentration", "trade_surveillance"):
        outcomes = checks.filter(pl.col("check_type") == kind)["outcome"]
        assert 0.5 < (outcomes == "pass").mean() < 1  # type: ignore[operator]


def test_kyc_refresh_checks_read_the_clients_kyc(raw: dict[str, pl.DataFrame]) -> None:
    verified = (
        raw["kyc_verifications"]
        .filter((pl.col("status") == "verified") & (pl.col("verification_type") == "identity"))
        .select("client_id", pl.col("verified_date").alias("check_date"), "expiry_date")
        .sort("check_date")
    )
    checks = (
        raw["compliance_checks"]
        .filter(pl.col("check_type") == "kyc_refresh")
        .sort("check_date")
        .join_asof(verified, on="check_date", by="client_id", strategy="backward", check_sortedness=False)
    )
    assert checks.height > 0 and checks["expiry_date"].null_count() == 0
    expected = (
        pl.when(pl.col("expiry_date") < pl.col("check_date"))
        .then(pl.lit("fail"))
        .when(pl.col("expiry_date") <= pl.col("check_date") + pl.duration(days=30))
        .then(pl.lit("warning"))
        .otherwise(pl.lit("pass"))
    )
    assert checks.select((pl.col("outcome") == expected).all()).item()
    on_as_of = checks.filter(pl.col("check_date") == AS_OF_DATE)
    assert set(on_as_of["outcome"]) == {"pass", "warning", "fail"}


def test_trade_surveillance_warns_on_cancelled_trades(raw: dict[str, pl.DataFrame]) -> None:
    checks = raw["compliance_checks"].filter(pl.col("check_type") == "trade_surveillance")
    cancelled = raw["transactions"].filter(pl.col("status") == "cancelled")
    warned = checks.filter(pl.col("outcome") == "warning")
    assert warned.height > 0 and set(checks["outcome"]) <= {"pass", "warning"}
    quarter = pl.col("trade_date").dt.truncate("1q").dt.offset_by("1q").dt.offset_by("-1d")
    expected = set(cancelled.select("portfolio_id", quarter.alias("check_date")).iter_rows())
    expected = {row for row in expected if row[1] <= AS_OF_DATE}
    assert set(warned.select("portfolio_id", "check_date").iter_rows()) == expected


def test_staging_keeps_every_row_and_parses_the_verifier(raw: dict[str, pl.DataFrame], duckdb_path: Path) -> None:
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        counts = {
            table: connection.execute(f"select count(*) from staging.stg_{table}").fetchone()[0]  # type: ignore[index]
            for table in ("kyc_verifications", "regulatory_flags", "compliance_checks")
        }
        advisors = connection.execute(
            "select count(verifier_advisor_id), count(verified_by) from staging.stg_kyc_verifications"
        ).fetchone()
    assert counts == {table: raw[table].height for table in counts}
    verified_by = raw["kyc_verifications"]["verified_by"].drop_nulls()
    assert advisors == (verified_by.str.contains(r"^\d+$").sum(), verified_by.len())
    assert 0 < advisors[0] < advisors[1]  # type: ignore[index]
