"""Run SQL on the Spark warehouse of the test build through the Spark Thrift Server that serves
it, with PyHive (the client of dbt's spark_thrift target) and that target's session settings
(profiles/profiles.yml): no second JVM opens the embedded Derby catalog, which admits one."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import yaml

PROFILE = Path(__file__).resolve().parents[2] / "profiles" / "profiles.yml"


def session_settings() -> dict[str, str]:
    """The spark_thrift target's server-side parameters (set:hiveconf:spark.sql...)."""
    profile = yaml.safe_load(PROFILE.read_text(encoding="utf-8"))
    parameters = profile["wealth_warehouse"]["outputs"]["spark_thrift"]["server_side_parameters"]
    return {str(key): str(value) for key, value in parameters.items()}


def run_queries(host: str, port: int, queries: Mapping[str, str]) -> dict[str, list[list[str | None]]]:
    """Each query's rows, every value as a string (None for null), in one session."""
    from pyhive import hive

    connection = hive.connect(host=host, port=port, configuration=session_settings())
    try:
        cursor = connection.cursor()
        results = {}
        for name, sql in queries.items():
            cursor.execute(sql.strip().rstrip(";"))
            results[name] = [[None if value is None else str(value) for value in row] for row in cursor.fetchall()]
        return results
    finally:
        connection.close()
