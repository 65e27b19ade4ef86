"""The same project on Spark gives the same daily returns as on DuckDB."""

from __future__ import annotations

from pathlib import Path

import duckdb


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
