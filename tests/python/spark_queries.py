"""Run SQL files on the Spark warehouse a dbt build left in a folder and print each file's rows
as JSON: `python tests/python/spark_queries.py SPARK_DIR FILE.sql...`. The session takes the
Spark settings of the project's profile (profiles/profiles.yml), so it opens the same catalog.
Run it in its own process: the embedded Derby catalog admits one JVM at a time."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import yaml

PROFILE = Path(__file__).resolve().parents[2] / "profiles" / "profiles.yml"
SPARK_DIR = re.compile(r"\{\{\s*env_var\('WEALTH_SPARK_DIR',\s*'[^']*'\)\s*\}\}")


def spark_settings(spark_dir: str) -> dict[str, str]:
    """The profile's server-side parameters with the Spark folder filled in."""
    profile = yaml.safe_load(PROFILE.read_text())
    parameters = profile["wealth_warehouse"]["outputs"]["spark"]["server_side_parameters"]
    return {key: SPARK_DIR.sub(spark_dir, str(value)) for key, value in parameters.items()}


def rows(collected: list[object]) -> list[list[str | None]]:
    return [[None if value is None else str(value) for value in row] for row in collected]  # type: ignore[attr-defined]


def main(argv: list[str]) -> int:
    from pyspark.sql import SparkSession

    spark_dir, files = argv[0], argv[1:]
    os.chdir(spark_dir)
    builder = SparkSession.builder.enableHiveSupport()
    for key, value in spark_settings(spark_dir).items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    try:
        results = {
            Path(file).stem: [
                [None if v is None else str(v) for v in row] for row in spark.sql(Path(file).read_text()).collect()
            ]
            for file in files
        }
    finally:
        spark.stop()
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
