"""Behaviour and communication: sentiment follows market volatility, and surveys, tickets,
notifications, preferences and chats agree with the clients, their advisors and each other."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import pytest

from generator.schema import read_generated
from tests.python.conftest import AS_OF, TEST_YEARS, generate_into

AS_OF_DATE = date.fromisoformat(AS_OF)
END_OF_AS_OF = datetime.combine(AS_OF_DATE, time(23, 59, 59))
MARKET = "bm_global_equity"


def _market_code() -> str:
    benchmarks = pl.read_csv("seeds/benchmarks.csv").filter(pl.col("is_market_benchmark"))
    return str(benchmarks.get_column("benchmark_code").item())


def _monthly_volatility(levels: pl.DataFrame) -> pl.DataFrame:
    """Realised volatility of the market benchmark per month: stdev of daily returns x sqrt(252)."""
    return (
        levels.filter(pl.col("benchmark_code") == _market_code())
        .sort("level_date")
        .with_columns(
            (pl.col("index_level") / pl.col("index_level").shift(1) - 1).alias("r"),
            pl.col("level_date").dt.truncate("1mo").alias("month"),
        )
        .drop_nulls("r")
        .group_by("month")
        .agg((pl.col("r").std(ddof=1) * np.sqrt(252)).alias("volatility"), pl.len().alias("days"))
        .filter(pl.col("days") >= 10)
    )


def _sentiment_against_volatility(sentiment: pl.DataFrame, levels: pl.DataFrame) -> pl.DataFrame:
    average = sentiment.group_by(pl.col("measured_date").dt.truncate("1mo").alias("month")).agg(
        pl.col("sentiment_score").cast(pl.Float64).mean().alias("sentiment")
    )
    return average.join(_monthly_volatility(levels), on="month").sort("month")


@pytest.fixture(scope="module")
def larger(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pl.DataFrame]:
    """300 clients over 4 years: enough months and clients for the statistical checks."""
    out = generate_into(tmp_path_factory.mktemp("engagement") / "raw", scale=300, years=4)
    schemas = {
        "client_sentiment": {"client_id": pl.Int64, "measured_date": pl.Date, "sentiment_score": pl.Float64},
        "benchmark_levels": {"benchmark_code": pl.String, "level_date": pl.Date, "index_level": pl.Float64},
        "client_surveys": {"client_id": pl.Int64, "survey_date": pl.Date, "nps_score": pl.Int64},
        "support_tickets": {"ticket_id": pl.Int64, "status": pl.String},
    }
    return {name: read_generated(Path(out), name).select(list(schema)).cast(schema) for name, schema in schemas.items()}


def test_market_benchmark_is_the_global_equity_index() -> None:
    assert _market_code() == MARKET


def test_sentiment_falls_when_market_volatility_rises(larger: dict[str, pl.DataFrame]) -> None:
    monthly = _sentiment_against_volatility(larger["client_sentiment"], larger["benchmark_levels"])
    assert monthly.height >= 40  # the months of four years of history
    correlation = monthly.select(pl.corr("sentiment", "volatility")).item()
    assert correlation < -0.3
    calm = monthly.filter(pl.col("volatility") <= pl.col("volatility").median())["sentiment"].mean()
    stormy = monthly.filter(pl.col("volatility") > pl.col("volatility").median())["sentiment"].mean()
    assert stormy < calm  # type: ignore[operator]


def test_sentiment_vs_volatility_in_the_warehouse(duckdb_path: Path) -> None:
    """The same report computed in SQL on the staging models of the small test set."""
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        sentiment = connection.sql("select measured_date, sentiment_score from staging.stg_client_sentiment").pl()
        levels = connection.sql("select benchmark_code, level_date, index_level from staging.stg_benchmark_levels").pl()
    monthly = _sentiment_against_volatility(sentiment, levels)
    assert monthly.height >= 12 * TEST_YEARS - 1
    assert monthly.select(pl.corr("sentiment", "volatility")).item() < -0.3


def test_survey_scores_follow_the_client_sentiment(larger: dict[str, pl.DataFrame]) -> None:
    sentiment = larger["client_sentiment"].with_columns(pl.col("measured_date").dt.truncate("1mo").alias("month"))
    surveys = larger["client_surveys"].with_columns(pl.col("survey_date").dt.truncate("1mo").alias("month"))
    joined = surveys.join(sentiment, on=["client_id", "month"])
    assert joined.height > 500
    assert joined.select(pl.corr("nps_score", "sentiment_score")).item() > 0.2


def test_a_few_tickets_are_open_on_the_as_of_date(larger: dict[str, pl.DataFrame]) -> None:
    tickets = larger["support_tickets"]
    still_open = tickets.filter(pl.col("status").is_in(["open", "in_progress"])).height
    assert 1 <= still_open <= 0.02 * tickets.height


def test_one_sentiment_reading_per_client_month(raw: dict[str, pl.DataFrame]) -> None:
    sentiment = raw["client_sentiment"]
    assert sentiment.select(pl.struct("client_id", "measured_date").is_unique().all()).item()
    ends = sentiment.get_column("measured_date")
    assert ((ends.dt.month_end() == ends) | (ends == AS_OF_DATE)).all()
    scores = sentiment.get_column("sentiment_score").cast(pl.Float64)
    assert scores.min() >= -1 and scores.max() <= 1  # type: ignore[operator]
    label = (
        pl.when(pl.col("sentiment_score") < -0.2)
        .then(pl.lit("negative"))
        .when(pl.col("sentiment_score") > 0.2)
        .then(pl.lit("positive"))
        .otherwise(pl.lit("neutral"))
    )
    assert sentiment.select((pl.col("sentiment_label") == label).all()).item()
    assert set(sentiment["sentiment_label"].unique()) == {"negative", "neutral", "positive"}
    # every client has a reading every month from onboarding (within the history) to the as-of date
    per_client = sentiment.group_by("client_id").agg(pl.len().alias("n"), pl.col("measured_date").max().alias("last"))
    clients = raw["clients"].join(per_client, on="client_id", how="left")
    assert clients["n"].null_count() == 0
    assert (clients["last"] == AS_OF_DATE).all()


def test_nps_category_matches_score(raw: dict[str, pl.DataFrame]) -> None:
    surveys = raw["client_surveys"]
    assert surveys.height > 0
    expected = (
        pl.when(pl.col("nps_score") >= 9)
        .then(pl.lit("promoter"))
        .when(pl.col("nps_score") >= 7)
        .then(pl.lit("passive"))
        .otherwise(pl.lit("detractor"))
    )
    assert surveys.select((pl.col("nps_category") == expected).all()).item()
    assert surveys["nps_score"].is_between(0, 10).all()
    assert surveys["satisfaction_score"].is_between(1, 5).all()
    assert set(surveys["survey_type"].unique()) <= {"nps", "satisfaction", "onboarding"}


def test_ticket_timeline_and_ratings(raw: dict[str, pl.DataFrame]) -> None:
    tickets = raw["support_tickets"]
    assert tickets.height > 0
    closed = tickets.filter(pl.col("closed_at").is_not_null())
    assert (closed["closed_at"] > closed["opened_at"]).all()
    assert (closed["closed_at"] <= END_OF_AS_OF).all()
    open_now = pl.col("status").is_in(["open", "in_progress"])
    assert tickets.select((pl.col("closed_at").is_null() == open_now).all()).item()
    rated = tickets.filter(pl.col("satisfaction_rating").is_not_null())
    assert rated["closed_at"].null_count() == 0
    assert rated["satisfaction_rating"].is_between(1, 5).all()
    assert 0 < rated.height < closed.height  # not every client answers


def test_notifications_only_on_enabled_channels(raw: dict[str, pl.DataFrame]) -> None:
    notifications = raw["notifications"]
    preferences = raw["notification_preferences"]
    assert notifications.height > 0
    keys = ["client_id", "channel", "notification_type"]
    assert preferences.select(pl.struct(keys).is_unique().all()).item()
    checked = notifications.join(preferences.select(*keys, "is_enabled"), on=keys, how="left")
    assert checked.height == notifications.height
    assert checked["is_enabled"].fill_null(False).all()
    assert not preferences["is_enabled"].all()  # some pairs are switched off
    read = notifications.filter(pl.col("is_read"))
    assert (read["read_at"] > read["sent_at"]).all()
    assert notifications.filter(~pl.col("is_read"))["read_at"].is_null().all()


def test_rebalancing_notifications_follow_rebalancing_trades(raw: dict[str, pl.DataFrame]) -> None:
    trades = (
        raw["transactions"]
        .filter((pl.col("status") == "settled") & pl.col("transaction_type").is_in(["buy", "sell"]))
        .join(raw["portfolios"].select("portfolio_id", "client_id"), on="portfolio_id")
        .select("client_id", pl.col("trade_date").alias("day"))
        .unique()
    )
    rebalances = raw["notifications"].filter(pl.col("notification_type") == "rebalance_done")
    assert rebalances.height > 0
    matched = rebalances.with_columns(pl.col("sent_at").dt.date().alias("day")).join(trades, on=["client_id", "day"])
    assert matched.height == rebalances.height


def _advisor_was_assigned(events: pl.DataFrame, day: str, assignments: pl.DataFrame) -> bool:
    """Every event's advisor had an assignment to the client covering the event's day."""
    keyed = events.with_row_index("event").with_columns(pl.col(day).dt.date().alias("day"))
    covered = (
        keyed.join(assignments, on=["client_id", "advisor_id"])
        .filter(
            (pl.col("start_date") <= pl.col("day"))
            & (pl.col("end_date").is_null() | (pl.col("day") <= pl.col("end_date")))
        )
        .get_column("event")
        .n_unique()
    )
    return covered == events.height


def test_advisor_on_tickets_and_chats_was_the_clients_advisor_then(raw: dict[str, pl.DataFrame]) -> None:
    assignments = raw["advisor_assignments"].select("client_id", "advisor_id", "start_date", "end_date")
    assert raw["support_tickets"].height > 0 and raw["chat_messages"].height > 0
    assert _advisor_was_assigned(raw["support_tickets"], "opened_at", assignments)
    assert _advisor_was_assigned(raw["chat_messages"], "sent_at", assignments)
    # a wrong advisor is caught: shift every advisor id by one
    shifted = raw["support_tickets"].with_columns(pl.col("advisor_id") % raw["advisors"].height + 1)
    assert not _advisor_was_assigned(shifted, "opened_at", assignments)


def test_chat_conversations_are_in_time_order(raw: dict[str, pl.DataFrame]) -> None:
    chats = raw["chat_messages"].sort("message_id")
    steps = chats.with_columns(
        pl.col("sent_at").diff().over("conversation_id").alias("step"),
        pl.col("client_id").n_unique().over("conversation_id").alias("clients"),
    )
    assert (steps["clients"] == 1).all()
    assert (steps["step"].drop_nulls() > timedelta(0)).all()
    sizes = chats.group_by("conversation_id").len()["len"]
    assert sizes.min() >= 1 and sizes.max() <= 12  # type: ignore[operator]
    assert set(chats["sender"].unique()) == {"client", "advisor"}


def test_everything_is_inside_the_relationship(raw: dict[str, pl.DataFrame]) -> None:
    history_start = AS_OF_DATE.replace(year=AS_OF_DATE.year - TEST_YEARS)
    onboarding = raw["clients"].select("client_id", "onboarding_date")
    dated = {
        "client_sentiment": ["measured_date"],
        "client_surveys": ["survey_date"],
        "support_tickets": ["opened_at", "closed_at"],
        "notifications": ["sent_at", "read_at"],
        "notification_preferences": ["updated_date"],
        "dashboard_preferences": ["updated_date"],
        "client_preferences": ["updated_date"],
        "chat_messages": ["sent_at"],
    }
    for table, columns in dated.items():
        frame = raw[table].join(onboarding, on="client_id", how="left")
        assert frame.height == raw[table].height > 0, table
        assert frame["onboarding_date"].null_count() == 0, table  # every client_id resolves
        for column in columns:
            day = frame.get_column(column).drop_nulls()
            if isinstance(frame.schema[column], pl.Datetime):
                assert (day <= END_OF_AS_OF).all(), (table, column)
                day = day.dt.date()
            inside = frame.filter(pl.col(column).is_not_null())["onboarding_date"]
            assert (day >= inside).all(), (table, column)
            assert (day <= AS_OF_DATE).all(), (table, column)
            if table not in {"notification_preferences", "dashboard_preferences", "client_preferences"}:
                assert (day >= history_start).all(), (table, column)


def test_preferences_agree_with_the_client(raw: dict[str, pl.DataFrame]) -> None:
    preferences = raw["client_preferences"].join(raw["clients"], on="client_id")
    assert preferences.height == raw["clients"].height == raw["client_preferences"].height
    assert (preferences["language"] == preferences["preferred_language"]).all()
    channel = preferences["cultural_preferences"].str.json_path_match("$.preferred_channel")
    assert (preferences["contact_channel"] == channel).all()
    currencies = raw["portfolios"].group_by("client_id").agg(pl.col("base_currency"))
    checked = raw["client_preferences"].join(currencies, on="client_id")
    assert checked.select(pl.col("base_currency").list.contains(pl.col("reporting_currency")).all()).item()
    layout = raw["dashboard_preferences"]
    positions = layout.group_by("client_id").agg(pl.col("position").sort(), pl.len().alias("n"))
    assert positions.select((pl.col("position") == pl.int_ranges(1, pl.col("n") + 1)).all()).item()
    assert layout.select(pl.struct("client_id", "widget").is_unique().all()).item()
    assert layout.group_by("client_id").agg(pl.col("theme").n_unique())["theme"].max() == 1


def test_volumes_per_client_year(raw: dict[str, pl.DataFrame]) -> None:
    history_start = AS_OF_DATE.replace(year=AS_OF_DATE.year - TEST_YEARS)
    starts = raw["clients"].get_column("onboarding_date").clip(lower_bound=history_start)
    client_years = float(((AS_OF_DATE - starts).dt.total_days() + 1).sum()) / 365.25
    per_year = {name: raw[name].height / client_years for name in raw if name in _EXPECTED_PER_CLIENT_YEAR}
    for name, (low, high) in _EXPECTED_PER_CLIENT_YEAR.items():
        assert low <= per_year[name] <= high, (name, per_year[name])
    assert raw["notification_preferences"].height == 24 * raw["clients"].height


_EXPECTED_PER_CLIENT_YEAR = {
    "client_sentiment": (10.0, 12.5),
    "client_surveys": (0.6, 1.6),
    "support_tickets": (1.2, 3.0),
    "chat_messages": (5.0, 14.0),
    "notifications": (5.0, 20.0),
}
