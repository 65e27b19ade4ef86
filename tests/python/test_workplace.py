"""Workplace tables (tasks, workflows, documents, reports, tags, referrals, marketing, vendors,
markets) are consistent with the clients, advisors, accounts, portfolios and transactions."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import polars as pl
import pytest

from tests.python.conftest import AS_OF, TEST_YEARS

AS_OF_DATE = date.fromisoformat(AS_OF)
END_OF_AS_OF = datetime.combine(AS_OF_DATE, datetime.max.time())
STATEMENT_LAG_DAYS = 10  # statements are issued at most this many days after the quarter end


def _expected_advisor(raw: dict[str, pl.DataFrame], events: pl.DataFrame, day: str) -> pl.Series:
    """The client's advisor on the `day` column of each event (the assignment covering it; null
    when none does)."""
    assignments = (
        raw["advisor_assignments"]
        .select("client_id", pl.col("advisor_id").alias("_expected"), pl.col("start_date").alias("_start"), "end_date")
        .rename({"end_date": "_end"})
        .sort("_start")
    )
    keyed = events.select("client_id", pl.col(day).cast(pl.Date).alias("_day")).with_row_index("_row").sort("_day")
    joined = keyed.join_asof(
        assignments, left_on="_day", right_on="_start", by="client_id", strategy="backward", check_sortedness=False
    )
    return (
        joined.sort("_row")
        .select(pl.when(pl.col("_end").is_null() | (pl.col("_day") <= pl.col("_end"))).then("_expected"))
        .to_series()
    )


def _steps(raw: dict[str, pl.DataFrame]) -> pl.DataFrame:
    return (
        raw["workflow_steps"]
        .join(
            raw["workflow_instances"].select(
                "workflow_instance_id",
                "workflow_type",
                "client_id",
                pl.col("started_at").alias("instance_started_at"),
                pl.col("completed_at").alias("instance_completed_at"),
                pl.col("status").alias("instance_status"),
            ),
            on="workflow_instance_id",
        )
        .sort("workflow_instance_id", "step_order")
    )


def test_every_table_has_rows_in_proportion_to_the_clients(raw: dict[str, pl.DataFrame]) -> None:
    clients = raw["clients"].height
    years = TEST_YEARS
    assert 2.5 * clients * years * 0.4 < raw["tasks"].height < 6 * clients * years
    assert 1.5 * clients * years * 0.4 < raw["marketing_interactions"].height < 4.5 * clients * years
    assert raw["workflow_instances"].height > clients
    assert raw["workflow_steps"].height > 3 * raw["workflow_instances"].height
    assert raw["documents"].height > 3 * clients
    assert raw["versioned_documents"].height >= raw["documents"].height
    assert raw["portfolio_reports"].height > raw["portfolios"].height
    assert raw["tag_assignments"].height >= clients
    assert raw["scheduled_tasks"].height >= 10
    assert raw["third_party_vendors"].height >= 10
    assert raw["security_listings"].height == raw["securities"].height
    assert raw["tags"].height >= 20


FOREIGN_KEYS = (
    ("tasks", "advisor_id", "advisors", "advisor_id"),
    ("tasks", "client_id", "clients", "client_id"),
    ("workflow_instances", "client_id", "clients", "client_id"),
    ("workflow_instances", "portfolio_id", "portfolios", "portfolio_id"),
    ("workflow_steps", "workflow_instance_id", "workflow_instances", "workflow_instance_id"),
    ("workflow_steps", "assigned_advisor_id", "advisors", "advisor_id"),
    ("documents", "client_id", "clients", "client_id"),
    ("documents", "account_id", "accounts", "account_id"),
    ("versioned_documents", "document_id", "documents", "document_id"),
    ("versioned_documents", "created_by_advisor_id", "advisors", "advisor_id"),
    ("portfolio_reports", "portfolio_id", "portfolios", "portfolio_id"),
    ("portfolio_reports", "client_id", "clients", "client_id"),
    ("portfolio_reports", "document_id", "documents", "document_id"),
    ("tag_assignments", "tag_id", "tags", "tag_id"),
    ("tag_assignments", "client_id", "clients", "client_id"),
    ("tag_assignments", "assigned_by_advisor_id", "advisors", "advisor_id"),
    ("portfolio_tags", "portfolio_id", "portfolios", "portfolio_id"),
    ("portfolio_tags", "tag_id", "tags", "tag_id"),
    ("referral_programs", "referrer_client_id", "clients", "client_id"),
    ("referral_programs", "referred_client_id", "clients", "client_id"),
    ("marketing_interactions", "client_id", "clients", "client_id"),
    ("security_listings", "security_id", "securities", "security_id"),
    ("security_listings", "market_id", "global_markets", "market_id"),
)


@pytest.mark.parametrize(("table", "column", "parent", "key"), FOREIGN_KEYS)
def test_foreign_keys_resolve(raw: dict[str, pl.DataFrame], table: str, column: str, parent: str, key: str) -> None:
    values = raw[table].get_column(column).drop_nulls()
    assert values.len() > 0, f"{table}.{column} is empty"
    missing = values.filter(~values.is_in(raw[parent].get_column(key).implode()))
    assert missing.len() == 0, f"{table}.{column}: {missing.unique().head(5).to_list()}"


def test_client_records_are_dated_inside_the_relationship(raw: dict[str, pl.DataFrame]) -> None:
    steps = _steps(raw)
    versions = raw["versioned_documents"].join(raw["documents"].select("document_id", "client_id"), on="document_id")
    portfolio_tags = raw["portfolio_tags"].join(
        raw["portfolios"].select("portfolio_id", "client_id"), on="portfolio_id"
    )
    dated = [
        ("tasks", raw["tasks"], "client_id", ["created_at", "completed_at"]),
        ("workflow_instances", raw["workflow_instances"], "client_id", ["started_at", "completed_at"]),
        ("workflow_steps", steps, "client_id", ["started_at", "completed_at"]),
        ("documents", raw["documents"], "client_id", ["created_date"]),
        ("versioned_documents", versions, "client_id", ["created_at"]),
        ("portfolio_reports", raw["portfolio_reports"], "client_id", ["period_start", "period_end", "issued_date"]),
        ("tag_assignments", raw["tag_assignments"], "client_id", ["assigned_date"]),
        ("portfolio_tags", portfolio_tags, "client_id", ["tagged_date"]),
        ("referral_programs", raw["referral_programs"], "referrer_client_id", ["referral_date"]),
        ("referral_programs", raw["referral_programs"], "referred_client_id", ["referral_date"]),
        ("marketing_interactions", raw["marketing_interactions"], "client_id", ["occurred_at"]),
    ]
    onboarding = raw["clients"].select("client_id", "onboarding_date")
    for name, frame, client, columns in dated:
        joined = frame.join(onboarding, left_on=client, right_on="client_id")
        assert joined.height == frame.height > 0, name
        for column in columns:
            day = joined.get_column(column).cast(pl.Date)
            present = day.is_not_null()
            assert present.any(), f"{name}.{column} is always null"
            assert ((day >= joined["onboarding_date"]) | ~present).all(), f"{name}.{column} before onboarding"
            assert ((day <= AS_OF_DATE) | ~present).all(), f"{name}.{column} after the as-of date"


def test_tasks_belong_to_the_advisor_at_the_time(raw: dict[str, pl.DataFrame]) -> None:
    tasks = raw["tasks"]
    expected = _expected_advisor(raw, tasks, "created_at")
    assert expected.null_count() == 0
    assert (tasks["advisor_id"] == expected).all()
    done = tasks.filter(pl.col("completed_at").is_not_null())
    assert done.height > 0
    assert (done["completed_at"] > done["created_at"]).all()
    assert (tasks["due_date"] >= tasks["created_at"].dt.date()).all()
    assert ((tasks["status"] == "completed") == tasks["completed_at"].is_not_null()).all()
    overdue = tasks.filter(pl.col("status") == "overdue")
    assert (overdue["due_date"] < AS_OF_DATE).all()


def test_workflow_steps_run_in_order_inside_their_instance(raw: dict[str, pl.DataFrame]) -> None:
    steps = _steps(raw)
    per_instance = steps.group_by("workflow_instance_id").agg(
        pl.len().alias("n"),
        pl.col("step_order").min().alias("first"),
        pl.col("step_order").max().alias("last"),
        pl.col("completed_at").max().alias("last_completed"),
        pl.col("completed_at").null_count().alias("open_steps"),
    )
    assert (per_instance["first"] == 1).all() and (per_instance["last"] == per_instance["n"]).all()
    assert per_instance.height == raw["workflow_instances"].height
    ordered = steps.with_columns(
        pl.col("completed_at").shift(1).over("workflow_instance_id").alias("previous_completed"),
        pl.col("status").shift(1).over("workflow_instance_id").alias("previous_status"),
    )
    started = ordered.filter(pl.col("started_at").is_not_null())
    later = started.filter(pl.col("step_order") > 1)
    assert (later["started_at"] >= later["previous_completed"]).all()
    assert (later["previous_status"] == "completed").all()
    first = steps.filter(pl.col("step_order") == 1)
    assert (first["started_at"] == first["instance_started_at"]).all()
    assert (started["started_at"] >= started["instance_started_at"]).all()
    done = steps.filter(pl.col("completed_at").is_not_null())
    assert (done["completed_at"] > done["started_at"]).all()
    assert (done["completed_at"] <= END_OF_AS_OF).all()
    instances = raw["workflow_instances"].join(per_instance, on="workflow_instance_id")
    completed = instances.filter(pl.col("status") == "completed")
    assert (completed["open_steps"] == 0).all()
    assert (completed["completed_at"] == completed["last_completed"]).all()
    in_progress = instances.filter(pl.col("status") == "in_progress")
    assert (in_progress["open_steps"] > 0).all() and in_progress["completed_at"].null_count() == in_progress.height
    pending = steps.filter(pl.col("status") == "pending")
    assert pending["started_at"].null_count() == pending.height


def test_workflow_steps_are_assigned_to_the_advisor_at_the_time(raw: dict[str, pl.DataFrame]) -> None:
    steps = _steps(raw).with_columns(
        pl.coalesce(pl.col("started_at").cast(pl.Date), pl.lit(AS_OF_DATE)).alias("advisor_day")
    )
    expected = _expected_advisor(raw, steps, "advisor_day")
    assert expected.null_count() == 0
    assert (steps["assigned_advisor_id"] == expected).all()


def test_workflows_follow_the_clients_accounts_and_trades(raw: dict[str, pl.DataFrame]) -> None:
    instances = raw["workflow_instances"].with_columns(pl.col("started_at").dt.date().alias("day"))
    onboarding = instances.filter(pl.col("workflow_type") == "onboarding").join(
        raw["clients"].select("client_id", "onboarding_date"), on="client_id"
    )
    assert onboarding.height == raw["clients"].height
    assert (onboarding["day"] == onboarding["onboarding_date"]).all()
    opening = instances.filter(pl.col("workflow_type") == "account_opening").join(
        raw["portfolios"].select("portfolio_id", "account_id", pl.col("client_id").alias("owner")), on="portfolio_id"
    )
    opening = opening.join(raw["accounts"].select("account_id", "opened_date"), on="account_id")
    assert opening.height == raw["accounts"].height
    assert (opening["day"] == opening["opened_date"]).all() and (opening["client_id"] == opening["owner"]).all()
    trades = raw["transactions"].filter(
        (pl.col("status") == "settled") & pl.col("transaction_type").is_in(["buy", "sell"])
    )
    days = (
        trades.group_by("portfolio_id", "trade_date")
        .agg(pl.col("transaction_type").n_unique().alias("kinds"))
        .filter(pl.col("kinds") == 2)
        .select("portfolio_id", pl.col("trade_date").alias("day"))
        .sort("portfolio_id", "day")
    )
    rebalancing = (
        instances.filter(pl.col("workflow_type") == "rebalancing")
        .select("portfolio_id", "day")
        .sort("portfolio_id", "day")
    )
    assert rebalancing.height > 0
    assert rebalancing.equals(days)
    history_start = AS_OF_DATE.replace(year=AS_OF_DATE.year - TEST_YEARS)
    reviews = instances.filter(pl.col("workflow_type") == "periodic_review").join(
        raw["clients"].select("client_id", "onboarding_date"), on="client_id"
    )
    assert reviews.height > 0 and reviews["portfolio_id"].null_count() == reviews.height
    assert (reviews["day"] >= history_start).all()
    # a review starts up to two weeks before an anniversary of the onboarding
    years = pl.col("day").dt.year() - pl.col("onboarding_date").dt.year()
    near = [pl.col("onboarding_date").dt.offset_by(pl.format("{}y", years + k)) for k in (0, 1)]
    ahead = pl.col("day") + pl.duration(days=14)
    inside = reviews.select(
        pl.any_horizontal(((anniversary >= pl.col("day")) & (anniversary <= ahead)) for anniversary in near)
    ).to_series()
    assert inside.all()


def test_document_versions_are_consistent(raw: dict[str, pl.DataFrame]) -> None:
    documents = raw["documents"]
    versions = raw["versioned_documents"].sort("document_id", "version_number")
    per_document = versions.group_by("document_id").agg(
        pl.len().alias("n"),
        pl.col("version_number").min().alias("first"),
        pl.col("version_number").max().alias("last"),
        pl.col("created_at").min().alias("first_at"),
        (pl.col("created_at").diff().dt.total_seconds() < 0).any().alias("backwards"),
    )
    joined = documents.join(per_document, on="document_id", how="left")
    assert joined["n"].null_count() == 0  # every document has a version
    assert (joined["current_version"] == joined["n"]).all()
    assert (joined["first"] == 1).all() and (joined["last"] == joined["n"]).all()
    assert not joined["backwards"].any()
    assert (joined["created_date"] == joined["first_at"].dt.date()).all()
    assert (versions["created_at"] <= END_OF_AS_OF).all()
    assert (joined["current_version"] > 1).any()


def test_kyc_document_versions_follow_completed_kyc_refresh_tasks(raw: dict[str, pl.DataFrame]) -> None:
    refreshes = (
        raw["tasks"]
        .filter((pl.col("task_type") == "kyc_refresh") & pl.col("completed_at").is_not_null())
        .group_by("client_id")
        .agg(pl.len().alias("refreshes"))
    )
    kyc = raw["documents"].filter(pl.col("document_type") == "kyc_document")
    assert kyc.height == raw["clients"].height
    checked = kyc.join(refreshes, on="client_id", how="left").with_columns(pl.col("refreshes").fill_null(0))
    assert (checked["current_version"] == checked["refreshes"] + 1).all()
    assert (checked["refreshes"] > 0).any()


def test_document_versions_are_made_by_the_advisor_at_the_time(raw: dict[str, pl.DataFrame]) -> None:
    versions = raw["versioned_documents"].join(
        raw["documents"].select("document_id", "client_id", "document_type"), on="document_id"
    )
    system = versions["document_type"].is_in(["quarterly_statement", "tax_form"]) & (versions["version_number"] == 1)
    assert versions.filter(system)["created_by_advisor_id"].null_count() == int(system.sum())
    by_advisor = versions.filter(~system)
    expected = _expected_advisor(raw, by_advisor, "created_at")
    assert by_advisor.height > 0 and expected.null_count() == 0
    assert (by_advisor["created_by_advisor_id"] == expected).all()


def _quarter_index(column: str) -> pl.Expr:
    return pl.col(column).dt.year() * 4 + pl.col(column).dt.quarter() - 1


def _last_closed_quarter() -> int:
    """Index (year * 4 + quarter - 1) of the last quarter that ended STATEMENT_LAG_DAYS or more
    before the as-of date."""
    day = AS_OF_DATE - timedelta(days=STATEMENT_LAG_DAYS)
    index = day.year * 4 + (day.month - 1) // 3
    following = day + timedelta(days=1)
    ended = following.day == 1 and following.month in (1, 4, 7, 10)
    return index if ended else index - 1


def test_one_quarterly_statement_per_portfolio_per_quarter_held(raw: dict[str, pl.DataFrame]) -> None:
    reports = raw["portfolio_reports"]
    statements = reports.filter(pl.col("report_type") == "quarterly_statement").join(
        raw["portfolios"].select("portfolio_id", "inception_date"), on="portfolio_id"
    )
    assert statements.height > 0
    assert statements.select(pl.struct("portfolio_id", "period_end").is_unique().all()).item()
    assert (statements["period_end"] == statements["period_end"].dt.month_end()).all()
    assert statements["period_end"].dt.month().is_in([3, 6, 9, 12]).all()
    quarter_start = pl.col("period_end").dt.offset_by("-2mo").dt.month_start()
    expected_start = pl.max_horizontal(quarter_start, "inception_date")
    assert statements.select((pl.col("period_start") == expected_start).all()).item()
    lag = (statements["issued_date"] - statements["period_end"]).dt.total_days()
    assert ((lag > 0) & (lag <= STATEMENT_LAG_DAYS)).all()
    # every quarter from the inception's to the last one that ended STATEMENT_LAG_DAYS before the as-of date
    expected = (
        raw["portfolios"]
        .select("portfolio_id", _quarter_index("inception_date").alias("first"))
        .with_columns(pl.int_ranges("first", _last_closed_quarter() + 1).alias("quarter"))
        .explode("quarter")
        .drop_nulls("quarter")
        .select("portfolio_id", "quarter")
    )
    issued = statements.select("portfolio_id", _quarter_index("period_end").alias("quarter"))
    missing = expected.join(issued, on=["portfolio_id", "quarter"], how="anti")
    assert missing.height == 0, missing.head()
    # nothing for a quarter that had not ended on the as-of date, or before the inception
    as_of_quarter = AS_OF_DATE.year * 4 + (AS_OF_DATE.month - 1) // 3
    assert (issued["quarter"] < as_of_quarter).all()
    assert (statements["period_end"] >= statements["inception_date"]).all()


def test_reports_cover_the_portfolio_life_and_link_their_documents(raw: dict[str, pl.DataFrame]) -> None:
    reports = raw["portfolio_reports"].join(
        raw["portfolios"].select("portfolio_id", "inception_date", pl.col("client_id").alias("owner")),
        on="portfolio_id",
    )
    assert (reports["client_id"] == reports["owner"]).all()
    assert (reports["period_start"] >= reports["inception_date"]).all()
    assert (reports["period_start"] <= reports["period_end"]).all()
    assert (reports["period_end"] < reports["issued_date"]).all()
    assert (reports["issued_date"] <= AS_OF_DATE).all()
    assert set(reports["report_type"].unique()) >= {"quarterly_statement", "annual_review"}
    linked = reports.filter(pl.col("document_id").is_not_null()).join(
        raw["documents"].select(
            "document_id", pl.col("client_id").alias("document_client"), "account_id", "document_type", "created_date"
        ),
        on="document_id",
    )
    with_documents = reports.filter(pl.col("report_type").is_in(["quarterly_statement", "tax_report"]))
    assert linked.height == with_documents.height == reports["document_id"].drop_nulls().n_unique()
    kinds = {"quarterly_statement": "quarterly_statement", "tax_report": "tax_form"}
    assert linked["report_type"].is_in(list(kinds)).all()
    assert (linked["document_type"] == linked["report_type"].replace_strict(kinds)).all()
    assert (linked["document_client"] == linked["client_id"]).all()
    assert (linked["created_date"] == linked["issued_date"]).all()
    accounts = linked.join(
        raw["portfolios"].select("portfolio_id", pl.col("account_id").alias("own")), on="portfolio_id"
    )
    assert (accounts["account_id"] == accounts["own"]).all()
    taxes = reports.filter(pl.col("report_type") == "tax_report").join(
        raw["portfolios"].select("portfolio_id", "account_id"), on="portfolio_id"
    )
    taxes = taxes.join(raw["accounts"].select("account_id", "tax_treatment"), on="account_id")
    assert (taxes["tax_treatment"] == "taxable").all()


def test_referred_clients_were_onboarded_after_their_referrer(raw: dict[str, pl.DataFrame]) -> None:
    referrals = raw["referral_programs"]
    onboarding = raw["clients"].select("client_id", "onboarding_date")
    joined = referrals.join(onboarding, left_on="referrer_client_id", right_on="client_id").join(
        onboarding, left_on="referred_client_id", right_on="client_id", suffix="_referred"
    )
    assert joined.height == referrals.height > 0
    assert (joined["onboarding_date_referred"] > joined["onboarding_date"]).all()
    assert (joined["referral_date"] == joined["onboarding_date_referred"]).all()
    assert referrals["referred_client_id"].is_unique().all()
    assert (referrals["reward_amount"] > 0).all()
    assert referrals.height < 0.3 * raw["clients"].height


def test_tags_follow_the_data(raw: dict[str, pl.DataFrame]) -> None:
    tags = raw["tags"]
    assignments = raw["tag_assignments"].join(tags, on="tag_id")
    assert assignments.select(pl.struct("client_id", "tag_id").is_unique().all()).item()
    segments = assignments.filter(pl.col("tag_category") == "client_segment").join(
        raw["clients"].select("client_id", "segment_code", "onboarding_date"), on="client_id"
    )
    assert segments.height == raw["clients"].height  # one segment tag per client
    assert (segments["tag_name"] == segments["segment_code"]).all()
    assert (segments["assigned_date"] == segments["onboarding_date"]).all()
    expected = _expected_advisor(raw, assignments, "assigned_date")
    assert (assignments["assigned_by_advisor_id"] == expected).all()
    referrers = set(raw["referral_programs"]["referrer_client_id"].to_list())
    tagged = set(assignments.filter(pl.col("tag_name") == "referral_source")["client_id"].to_list())
    assert tagged == referrers
    goal_clients = set(raw["goals"].filter(pl.col("goal_type") == "retirement")["client_id"].to_list())
    retirement = set(assignments.filter(pl.col("tag_name") == "retirement_planning")["client_id"].to_list())
    assert retirement == goal_clients


def test_portfolio_tags_follow_strategies_and_holdings(raw: dict[str, pl.DataFrame]) -> None:
    tagged = (
        raw["portfolio_tags"]
        .join(raw["tags"], on="tag_id")
        .join(raw["portfolios"].select("portfolio_id", "strategy_type", "inception_date"), on="portfolio_id")
    )
    assert tagged.select(pl.struct("portfolio_id", "tag_id").is_unique().all()).item()
    assert (tagged["tagged_date"] >= tagged["inception_date"]).all()
    esg = set(tagged.filter(pl.col("tag_name") == "esg")["portfolio_id"].to_list())
    esg_strategy = set(
        raw["portfolios"].filter(pl.col("strategy_type").str.starts_with("esg"))["portfolio_id"].to_list()
    )
    assert esg == esg_strategy and esg
    currencies = (
        raw["transactions"]
        .filter((pl.col("status") == "settled") & (pl.col("transaction_type") == "buy"))
        .group_by("portfolio_id")
        .agg(pl.col("currency_code").n_unique().alias("n"))
    )
    several = set(currencies.filter(pl.col("n") >= 2)["portfolio_id"].to_list())
    multi = set(tagged.filter(pl.col("tag_name") == "multi_currency")["portfolio_id"].to_list())
    assert multi == several and multi


def test_every_security_trades_on_a_market_of_its_currency(raw: dict[str, pl.DataFrame]) -> None:
    listings = (
        raw["security_listings"]
        .join(raw["securities"].select("security_id", "region_code", "currency_code"), on="security_id")
        .join(raw["global_markets"], on="market_id", suffix="_market")
    )
    assert listings.height == raw["securities"].height
    assert (listings["currency_code"] == listings["currency_code_market"]).all()
    home = listings.filter(pl.col("region_code") != "emerging_markets")
    assert (home["region_code"] == home["region_code_market"]).all()
    assert set(raw["global_markets"]["market_id"].to_list()) == set(listings["market_id"].to_list())
    assert raw["global_markets"]["market_code"].is_unique().all()


def test_scheduled_jobs_run_around_the_as_of_date(raw: dict[str, pl.DataFrame]) -> None:
    jobs = raw["scheduled_tasks"]
    assert jobs["job_name"].is_unique().all()
    assert (jobs["last_run_at"] <= END_OF_AS_OF).all()
    enabled = jobs.filter(pl.col("is_enabled"))
    assert enabled.height > 0 and (enabled["next_run_at"] > END_OF_AS_OF).all()
    assert (enabled["next_run_at"] - enabled["last_run_at"] <= timedelta(days=366)).all()
    assert jobs.filter(~pl.col("is_enabled"))["next_run_at"].null_count() == jobs.height - enabled.height


def test_vendor_contracts_are_ordered(raw: dict[str, pl.DataFrame]) -> None:
    vendors = raw["third_party_vendors"]
    assert (vendors["contract_end"] > vendors["contract_start"]).all()
    assert (vendors["contract_start"] <= AS_OF_DATE).all()
    active = vendors["contract_end"] >= AS_OF_DATE
    assert ((vendors["contract_status"] == "active") == active).all()
    assert vendors["vendor_name"].is_unique().all()
    assert (vendors["annual_cost"] > 0).all()


def test_marketing_interactions_fit_their_type(raw: dict[str, pl.DataFrame]) -> None:
    interactions = raw["marketing_interactions"]
    years = interactions["occurred_at"].dt.year().cast(pl.String)
    assert interactions["campaign"].str.ends_with(years).all()
    rates = interactions.group_by("interaction_type").agg(pl.col("converted").mean())
    rate = dict(zip(rates["interaction_type"], rates["converted"], strict=True))
    assert rate["email_open"] < rate["event_attendance"]
    assert 0 < interactions["converted"].mean() < 0.2  # type: ignore[operator]
