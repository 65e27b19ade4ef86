"""The same project on Spark gives the same daily returns, performance metrics, attribution (of
portfolios and of groups), contribution and risk decomposition as on DuckDB."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest


def test_daily_returns_agree_across_engines(duckdb_path: Path, spark_dir: Path) -> None:
    spark_table = spark_dir / "marts.db" / "fct_portfolio_returns_daily"
    assert spark_table.is_dir(), f"Spark wrote no table at {spark_table}"
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        compared = connection.execute(f"""
            select
                count(*) as rows,
                count(spark.portfolio_id) as matched,
                max(abs(coalesce(spark.daily_return, 0) - coalesce(duck.daily_return, 0))) as worst_return,
                count_if((spark.daily_return is null) != (duck.daily_return is null)) as null_mismatch,
                max(abs(spark.market_value - duck.market_value) / duck.market_value) as worst_value,
                max(abs(coalesce(spark.benchmark_return, 0) - coalesce(duck.benchmark_return, 0))) as worst_benchmark
            from marts.fct_portfolio_returns_daily as duck
            left join read_parquet('{spark_table}/*.parquet') as spark
                on duck.portfolio_id = spark.portfolio_id and duck.return_date = spark.return_date
        """).fetchone()
        spark_rows = connection.execute(f"select count(*) from read_parquet('{spark_table}/*.parquet')").fetchone()
    rows, matched, worst_return, null_mismatch, worst_value, worst_benchmark = compared
    assert rows > 1000 and matched == rows == spark_rows[0]
    assert null_mismatch == 0
    assert worst_return <= 1e-12
    assert worst_value <= 1e-12
    assert worst_benchmark <= 1e-12


def test_performance_metrics_agree_across_engines(duckdb_path: Path, spark_dir: Path) -> None:
    """Every metric of every entity and period, including the IRR and the drawdown dates, to 1e-9."""
    spark_table = spark_dir / "marts.db" / "fct_performance_periods"
    assert spark_table.is_dir(), f"Spark wrote no table at {spark_table}"
    metrics = [
        "time_weighted_return", "annualised_return", "benchmark_return", "excess_return", "money_weighted_return",
        "annualised_money_weighted_return", "annualised_volatility", "downside_deviation", "sharpe_ratio",
        "sortino_ratio", "max_drawdown", "beta", "alpha", "tracking_error", "information_ratio",
        "value_at_risk_historical", "value_at_risk_parametric", "start_value", "end_value", "net_external_flow",
        "up_capture_ratio", "down_capture_ratio",
    ]  # fmt: skip
    dates = ["anchor_date", "period_end_date", "drawdown_peak_date", "drawdown_trough_date", "drawdown_recovery_date"]
    worst = ", ".join(f"max(abs(spark.{m} - duck.{m}) / greatest(abs(duck.{m}), 1e-3)) as {m}" for m in metrics)
    nulls = " + ".join(f"count(*) filter (where (spark.{c} is null) != (duck.{c} is null))" for c in metrics + dates)
    differing_dates = " + ".join(f"count(*) filter (where spark.{c} != duck.{c})" for c in dates)
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        row = connection.execute(f"""
            select count(*), count(spark.entity_id), {nulls}, {differing_dates}, {worst}
            from marts.fct_performance_periods as duck
            left join read_parquet('{spark_table}/*.parquet') as spark
                using (entity_type, entity_id, period_code, period_start_date)
        """).fetchone()
        spark_rows = connection.execute(f"select count(*) from read_parquet('{spark_table}/*.parquet')").fetchone()
    rows, matched, null_mismatch, date_mismatch, *worst_values = row
    assert rows > 1000 and matched == rows == spark_rows[0]
    assert null_mismatch == 0
    assert date_mismatch == 0
    assert all(value is None or value <= 1e-9 for value in worst_values), dict(zip(metrics, worst_values, strict=True))


PORTFOLIO_KEYS = ["portfolio_id", "period_code", "period_start_date", "segment_code"]
GROUP_KEYS = ["entity_type", "entity_id", "period_code", "period_start_date", "segment_code"]
# mart: (its key, the figures compared); a mart with several segmentations adds its segmentation
ATTRIBUTION_MARTS = {
    "fct_performance_attribution": (PORTFOLIO_KEYS, [
        "allocation_effect", "selection_effect", "interaction_effect", "total_effect", "average_portfolio_weight",
        "average_benchmark_weight", "attribution_residual",
    ]),
    "fct_return_contribution": (PORTFOLIO_KEYS, ["contribution", "average_weight", "contribution_residual"]),
    "fct_security_contribution": (PORTFOLIO_KEYS, ["contribution", "average_weight", "contribution_residual"]),
    "fct_risk_decomposition": (PORTFOLIO_KEYS, [
        "average_weight", "mean_contribution", "volatility_contribution", "volatility_share",
        "value_at_risk_contribution", "mean_daily_return", "portfolio_volatility", "portfolio_value_at_risk",
        "volatility_residual", "value_at_risk_residual",
    ]),
    "fct_group_performance_attribution": (GROUP_KEYS, [
        "allocation_effect", "selection_effect", "interaction_effect", "currency_effect", "total_effect",
        "average_group_weight", "average_benchmark_weight", "attribution_residual",
    ]),
    "fct_group_return_contribution": (GROUP_KEYS, [
        "contribution", "currency_contribution", "average_weight", "contribution_residual",
    ]),
}  # fmt: skip
# the segmentations of each mart keyed by one (asset class and sector; asset class and security)
SEGMENTATIONS = {
    "fct_performance_attribution": [("asset_class",), ("sector",)],
    "fct_return_contribution": [("asset_class",), ("sector",)],
    "fct_risk_decomposition": [("asset_class",), ("security",)],
}


@pytest.mark.parametrize("mart", ATTRIBUTION_MARTS)
def test_attribution_agrees_across_engines(duckdb_path: Path, spark_dir: Path, mart: str) -> None:
    """Every effect, contribution and weight of every portfolio (or household, advisor book and the
    firm), period, segmentation (where the mart has several) and segment, to 1e-9."""
    keys, figures = ATTRIBUTION_MARTS[mart]
    keys = [*keys, "segmentation"] if mart in SEGMENTATIONS else keys
    spark_table = spark_dir / "marts.db" / mart
    assert spark_table.is_dir(), f"Spark wrote no table at {spark_table}"
    worst = ", ".join(f"max(abs(spark.{f} - duck.{f})) as {f}" for f in figures)
    nulls = " + ".join(f"count(*) filter (where (spark.{f} is null) != (duck.{f} is null))" for f in figures)
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        row = connection.execute(f"""
            select count(*), count(spark.{keys[0]}), {nulls}, {worst}
            from marts.{mart} as duck
            left join read_parquet('{spark_table}/*.parquet') as spark
                using ({", ".join(keys)})
        """).fetchone()
        segmentations = (
            connection.execute(
                f"select distinct segmentation from read_parquet('{spark_table}/*.parquet') order by 1"
            ).fetchall()
            if mart in SEGMENTATIONS
            else None
        )
        spark_rows = connection.execute(f"select count(*) from read_parquet('{spark_table}/*.parquet')").fetchone()
    rows, matched, null_mismatch, *worst_values = row
    assert rows > 1000 and matched == rows == spark_rows[0]
    assert segmentations == SEGMENTATIONS.get(mart)
    assert null_mismatch == 0
    assert all(value is None or value <= 1e-9 for value in worst_values), dict(zip(figures, worst_values, strict=True))
