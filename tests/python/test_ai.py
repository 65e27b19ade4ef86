"""AI & analytics: model versions, ML insights (ML_INSIGHTS of seed 000) and recommendations are
consistent with each other, the clients, the portfolios' holdings and the market."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest

from tests.python.conftest import AS_OF, TEST_YEARS, generate_into

ML_INSIGHTS_FIELDS = [
    "insight_id",
    "client_id",
    "model_type",
    "prediction_results",
    "confidence_score",
    "generation_date",
    "next_best_actions",
    "churn_risk",
    "investment_suggestions",
]
MODEL_NAMES = {
    "churn_predictor",
    "next_best_action",
    "portfolio_recommender",
    "risk_spike_detector",
    "sentiment_classifier",
}
JSON_KEYS = {
    "prediction_results": {"label", "probability", "horizon_days"},
    "next_best_actions": {"primary", "secondary", "priority"},
    "churn_risk": {"score", "band", "drivers", "withdrawals_180d", "outflow_ratio"},
    "investment_suggestions": {"asset_class", "direction", "weight_change", "theme"},
}


def _unpacked(insights: pl.DataFrame) -> pl.DataFrame:
    """The insights with every JSON object parsed into a Python dict column per field."""
    return insights.with_columns(
        pl.Series(field, [json.loads(text) for text in insights[field]], dtype=pl.Object) for field in JSON_KEYS
    )


def test_ml_insights_carry_every_seed_000_field(raw: dict[str, pl.DataFrame], duckdb_path: Path) -> None:
    insights = raw["ml_insights"]
    assert insights.height > 0
    assert set(ML_INSIGHTS_FIELDS) <= set(insights.columns)
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        staged = connection.sql("select * from staging.stg_ml_insights").pl()
    assert set(ML_INSIGHTS_FIELDS) <= set(staged.columns)
    assert staged.height == insights.height


def test_json_fields_parse_into_objects_with_their_keys(raw: dict[str, pl.DataFrame]) -> None:
    insights = _unpacked(raw["ml_insights"])
    for field, keys in JSON_KEYS.items():
        for value in insights[field]:
            assert isinstance(value, dict) and set(value) == keys, field
    for row in insights.iter_rows(named=True):
        churn, actions = row["churn_risk"], row["next_best_actions"]
        suggestion, prediction = row["investment_suggestions"], row["prediction_results"]
        assert 0 <= churn["score"] <= 1 and 0 <= prediction["probability"] <= 1
        assert churn["band"] == ("low" if churn["score"] < 0.2 else "medium" if churn["score"] < 0.4 else "high")
        assert actions["primary"] != actions["secondary"]
        assert actions["priority"] == churn["band"]
        assert (suggestion["weight_change"] > 0) == (suggestion["direction"] == "increase")
        assert suggestion["weight_change"] != 0
    assert set(insights["model_type"]) == MODEL_NAMES


def test_staging_unpacks_the_json_objects(raw: dict[str, pl.DataFrame], duckdb_path: Path) -> None:
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        staged = connection.sql(
            "select insight_id, churn_risk_score, churn_risk_band, churn_withdrawals_180d, next_best_action_primary,"
            " suggested_weight_change, prediction_probability from staging.stg_ml_insights"
        ).pl()
    expected = _unpacked(raw["ml_insights"]).select(
        "insight_id",
        pl.col("churn_risk").map_elements(lambda v: v["score"], return_dtype=pl.Float64).alias("score"),
        pl.col("churn_risk").map_elements(lambda v: v["band"], return_dtype=pl.String).alias("band"),
        pl.col("next_best_actions").map_elements(lambda v: v["primary"], return_dtype=pl.String).alias("primary"),
    )
    checked = staged.join(expected, on="insight_id")
    assert checked.height == staged.height > 0
    assert (checked["churn_risk_score"] - checked["score"]).abs().max() < 1e-9  # type: ignore[operator]
    assert (checked["churn_risk_band"] == checked["band"]).all()
    assert (checked["next_best_action_primary"] == checked["primary"]).all()
    assert checked["suggested_weight_change"].null_count() == 0
    assert checked["prediction_probability"].null_count() == 0


def test_model_versions_succeed_each_other(raw: dict[str, pl.DataFrame]) -> None:
    versions = raw["ai_model_versions"].sort("model_name", "release_date")
    assert set(versions["model_name"]) == MODEL_NAMES
    checked = versions.with_columns(pl.col("release_date").shift(-1).over("model_name").alias("next_release"))
    assert checked.group_by("model_name").len()["len"].min() >= 2  # type: ignore[operator]
    assert (checked["retired_date"].eq_missing(checked["next_release"])).all()
    assert (checked["is_active"] == checked["retired_date"].is_null()).all()
    assert (versions["training_data_end"] < versions["release_date"]).all()
    history_start = date.fromisoformat(AS_OF).replace(year=date.fromisoformat(AS_OF).year - TEST_YEARS)
    assert (versions.group_by("model_name").agg(pl.col("release_date").min())["release_date"] <= history_start).all()
    assert (versions["release_date"] <= date.fromisoformat(AS_OF)).all()
    semantic = versions.with_columns(pl.col("version").str.split(".").list.eval(pl.element().cast(pl.Int64)))
    for _, group in semantic.group_by("model_name"):
        numbers = [tuple(v) for v in group.sort("release_date")["version"]]
        assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)


def _check_active_version(uses: pl.DataFrame, versions: pl.DataFrame, date_column: str) -> None:
    joined = uses.join(versions, on="model_version_id", how="left")
    assert joined["release_date"].null_count() == 0
    assert (joined[date_column] >= joined["release_date"]).all()
    assert (joined["retired_date"].is_null() | (joined[date_column] < joined["retired_date"])).all()


def test_each_insight_and_recommendation_uses_the_version_active_on_its_date(raw: dict[str, pl.DataFrame]) -> None:
    versions = raw["ai_model_versions"]
    insights = raw["ml_insights"]
    recommendations = raw["ai_recommendations"]
    _check_active_version(insights, versions, "generation_date")
    _check_active_version(recommendations, versions, "recommended_date")
    named = insights.join(versions, on="model_version_id")
    assert (named["model_type"] == named["model_name"]).all()
    recommenders = recommendations.join(versions, on="model_version_id")["model_name"]
    assert (recommenders == "portfolio_recommender").all()


def test_foreign_keys_resolve(raw: dict[str, pl.DataFrame]) -> None:
    insights, recommendations = raw["ml_insights"], raw["ai_recommendations"]
    versions = raw["ai_model_versions"]["model_version_id"]
    assert insights["client_id"].is_in(raw["clients"]["client_id"].implode()).all()
    assert insights["model_version_id"].is_in(versions.implode()).all()
    for column, table in (("portfolio_id", "portfolios"), ("client_id", "clients"), ("security_id", "securities")):
        assert recommendations[column].is_in(raw[table][column].implode()).all(), column
    assert recommendations["model_version_id"].is_in(versions.implode()).all()
    owners = recommendations.join(raw["portfolios"].select("portfolio_id", "client_id"), on="portfolio_id")
    assert (owners["client_id"] == owners["client_id_right"]).all()


def test_dates_are_inside_the_relationship_and_on_trading_days(raw: dict[str, pl.DataFrame]) -> None:
    as_of = date.fromisoformat(AS_OF)
    clients = raw["clients"].select("client_id", "onboarding_date")
    trading = raw["trading_calendar"].filter("is_trading_day")["calendar_date"].implode()
    insights = raw["ml_insights"].join(clients, on="client_id")
    assert (insights["generation_date"] >= insights["onboarding_date"]).all()
    assert (insights["generation_date"] <= as_of).all()
    assert insights["generation_date"].is_in(trading).all()
    inception = raw["portfolios"].select("portfolio_id", "inception_date")
    recommendations = raw["ai_recommendations"].join(clients, on="client_id").join(inception, on="portfolio_id")
    assert (recommendations["recommended_date"] >= recommendations["onboarding_date"]).all()
    assert (recommendations["recommended_date"] >= recommendations["inception_date"]).all()
    assert (recommendations["recommended_date"] <= as_of).all()
    assert recommendations["recommended_date"].is_in(trading).all()
    proposed = recommendations.filter(pl.col("status") == "proposed")
    assert (proposed["recommended_date"] >= as_of - timedelta(days=30)).all()


def test_recommendation_actions_fit_the_holdings(raw: dict[str, pl.DataFrame]) -> None:
    recommendations = raw["ai_recommendations"]
    trades = raw["transactions"].filter(
        pl.col("transaction_type").is_in(["buy", "sell"]) & (pl.col("status") == "settled")
    )
    signed = trades.select(
        "portfolio_id",
        "security_id",
        "trade_date",
        pl.when(pl.col("transaction_type") == "buy").then(pl.col("quantity")).otherwise(-pl.col("quantity")).alias("q"),
    )
    before = (
        recommendations.join(signed, on=["portfolio_id", "security_id"], how="left")
        .filter(pl.col("trade_date").is_null() | (pl.col("trade_date") < pl.col("recommended_date")))
        .group_by("recommendation_id")
        .agg(pl.col("q").sum().alias("position"))
    )
    checked = recommendations.join(before, on="recommendation_id", how="left").with_columns(
        pl.col("position").fill_null(0)
    )
    held_actions = checked.filter(pl.col("action").is_in(["sell", "hold"]))
    assert held_actions.height > 0
    assert (held_actions["position"] > 0).all()
    assert set(checked["action"]) == {"buy", "sell", "hold"}
    # buys stay inside the strategy: no cash, ESG floor of ESG strategies on equities and alternatives
    bought = (
        checked.filter(pl.col("action") == "buy")
        .join(raw["portfolios"].select("portfolio_id", "strategy_type"), on="portfolio_id")
        .join(raw["securities"].select("security_id", "asset_class_code", "esg_score"), on="security_id")
    )
    assert (bought["asset_class_code"] != "cash").all()
    esg = bought.filter(
        (pl.col("strategy_type") == "esg_balanced") & pl.col("asset_class_code").is_in(["equity", "alternatives"])
    )
    assert (esg["esg_score"] >= 60).all()
    signs = checked.select(
        pl.when(pl.col("action") == "buy")
        .then(pl.col("target_weight_change") > 0)
        .when(pl.col("action") == "sell")
        .then(pl.col("target_weight_change") < 0)
        .otherwise(pl.col("target_weight_change") == 0)
    ).to_series()
    assert signs.all()


def test_churn_risk_follows_its_drivers(raw: dict[str, pl.DataFrame]) -> None:
    insights = _unpacked(raw["ml_insights"]).select(
        "insight_id",
        "client_id",
        "generation_date",
        pl.col("churn_risk").map_elements(lambda v: v["score"], return_dtype=pl.Float64).alias("score"),
        pl.col("churn_risk").map_elements(lambda v: v["withdrawals_180d"], return_dtype=pl.Int64).alias("claimed"),
        pl.col("churn_risk").map_elements(lambda v: v["drivers"], return_dtype=pl.String).alias("drivers"),
    )
    withdrawals = (
        raw["transactions"]
        .filter((pl.col("transaction_type") == "withdrawal") & (pl.col("status") == "settled"))
        .join(raw["portfolios"].select("portfolio_id", "client_id"), on="portfolio_id")
        .select("client_id", "trade_date")
    )
    counted = (
        insights.join(withdrawals, on="client_id", how="left")
        .filter(
            (pl.col("trade_date") < pl.col("generation_date"))
            & (pl.col("trade_date") >= pl.col("generation_date") - pl.duration(days=180))
        )
        .group_by("insight_id")
        .agg(pl.len().alias("withdrawals"))
    )
    checked = insights.join(counted, on="insight_id", how="left").with_columns(
        pl.col("withdrawals").fill_null(0).cast(pl.Int64)
    )
    assert (checked["withdrawals"] == checked["claimed"]).all()
    assert ((checked["withdrawals"] > 0) == checked["drivers"].str.contains("recent_withdrawals")).all()
    with_flows = checked.filter(pl.col("withdrawals") > 0)["score"].mean()
    without = checked.filter(pl.col("withdrawals") == 0)["score"].mean()
    assert with_flows is not None and without is not None
    assert with_flows > without + 0.02  # type: ignore[operator]
    no_driver = checked.filter(pl.col("drivers") == "none")["score"].mean()
    some_driver = checked.filter(pl.col("drivers") != "none")["score"].mean()
    assert some_driver > no_driver  # type: ignore[operator]


@pytest.fixture(scope="module")
def larger(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pl.DataFrame]:
    """A larger data set (500 clients, 3 years) for distributional checks."""
    from generator.schema import read_generated

    out = generate_into(tmp_path_factory.mktemp("ai_larger") / "raw", seed=3, scale=500, years=3)
    frames = {}
    for table in ("ai_recommendations", "ml_insights", "securities", "clients", "portfolios"):
        frames[table] = read_generated(out, table)
    return frames


def test_confidence_differs_by_sector(larger: dict[str, pl.DataFrame]) -> None:
    by_sector = (
        larger["ai_recommendations"]
        .join(larger["securities"].select("security_id", "sector_code"), on="security_id")
        .group_by("sector_code")
        .agg(pl.col("confidence").cast(pl.Float64).mean().alias("mean"), pl.len().alias("n"))
        .filter(pl.col("n") >= 50)
    )
    assert by_sector.height >= 8
    assert by_sector["mean"].max() - by_sector["mean"].min() > 0.05  # type: ignore[operator]
    # and it moves from month to month (the heatmap's other axis)
    by_month = (
        larger["ai_recommendations"]
        .group_by(pl.col("recommended_date").dt.truncate("1mo"))
        .agg(pl.col("confidence").cast(pl.Float64).mean().alias("mean"))
    )
    assert by_month["mean"].std() > 0.002  # type: ignore[operator]


def test_volumes_scale_with_the_book(larger: dict[str, pl.DataFrame]) -> None:
    clients = larger["clients"].height
    insights = larger["ml_insights"].height
    recommendations = larger["ai_recommendations"].height
    assert 1.5 * clients <= insights / 3 <= 4 * clients  # about three a client-year
    assert 2 * larger["portfolios"].height <= recommendations / 3 <= 8 * larger["portfolios"].height
    per_client = larger["ml_insights"].group_by("client_id").len()
    assert per_client.height > 0.9 * clients
