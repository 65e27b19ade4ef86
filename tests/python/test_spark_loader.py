"""Through the Spark Thrift Server the loader reads the CSV parts of the test data into the same
raw tables as the Parquet copy the Spark build loaded (the same seed, scale and shards): both
paths of the Spark loader (macros/load/load_raw_sources.sql, spark__) on the spark_thrift target."""

from __future__ import annotations

from pathlib import Path

from conftest import SparkBuild, dbt
from spark_queries import run_queries

from generator.schema import declared_tables


def raw_tables(spark: SparkBuild) -> dict[str, list[str | None]]:
    """Each raw table's row count and the sum of its rows' hashes (every column), and the
    folder raw.load_manifest says they were loaded from."""
    tables = sorted(declared_tables())
    fingerprints = " union all ".join(
        f"select '{table}', count(*), sum(cast(hash(*) as bigint)) from raw.{table}" for table in tables
    )
    found = run_queries(
        spark.server.host,
        spark.server.port,
        {"tables": fingerprints, "manifest": "select raw_dir from raw.load_manifest"},
    )
    return {row[0]: row[1:] for row in found["tables"]} | {"loaded from": found["manifest"][0]}


def test_csv_parts_load_like_the_parquet_copy(spark_thrift: SparkBuild, raw_dir: Path, tmp_path: Path) -> None:
    from_parquet = raw_tables(spark_thrift)
    assert from_parquet.pop("loaded from") == [str(spark_thrift.raw_dir)]  # the build read the Parquet copy
    assert len(from_parquet) == 65
    assert all(int(count or 0) > 0 for count, _ in from_parquet.values()), from_parquet

    # the loader runs at the start of any `dbt run`: the raw tables again, from the CSV parts
    result = dbt(["run", "--select", "stg_clients", "--target", "spark_thrift"], spark_thrift.env(raw_dir), tmp_path)
    assert result.returncode == 0, result.stdout[-5000:]
    assert "loaded raw.transactions from" in result.stdout

    from_csv = raw_tables(spark_thrift)
    assert from_csv.pop("loaded from") == [str(raw_dir)]
    differing = {
        table: (from_parquet[table], from_csv[table])
        for table in from_parquet
        if from_csv[table] != from_parquet[table]
    }
    assert not differing, differing
