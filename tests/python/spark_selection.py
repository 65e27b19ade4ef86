"""What the test suite's Spark build runs (`dbt build --target spark_thrift` alone runs all).

On Spark every data test costs about a second of round trips, and the generic tests of one
kind compile to the same SQL on other columns: what Spark can get wrong there is the shape,
which one instance of each kind proves. So the suite's Spark build runs every model, seed and
unit test (but those of DUCKDB_ONLY_UNIT_TESTS), every singular test, every expression test and
source control total (each its own SQL), and the first test (by id) of every other generic kind;
DuckDB's build runs all of them, and the parity tests compare the Spark marts with DuckDB's.
That saves about 900 s of the Spark build's 2,200 s of thread time at the test scale."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# generic tests whose every instance is SQL of its own, so they all run on Spark
EVERY_INSTANCE = ("expression_is_true", "matches_control_totals")
ALWAYS = ("resource_type:model", "resource_type:seed", "resource_type:unit_test", "test_type:singular")
# models whose unit tests only DuckDB runs in the suite: fct_goal_proximity's two took 95 s and
# 138 s on the Spark Thrift Server (an average unit test about 8 s), one after the other and
# before the model, about four minutes on the critical path of the suite; the model itself still
# builds on Spark from the test data
DUCKDB_ONLY_UNIT_TESTS = ("fct_goal_proximity",)


def generic_tests(manifest: dict[str, Any]) -> dict[str, list[str]]:
    """Each generic test kind (macro name) and the names of its tests, ordered by unique id."""
    kinds: dict[str, list[str]] = {}
    for unique_id in sorted(manifest["nodes"]):
        node = manifest["nodes"][unique_id]
        metadata = node.get("test_metadata")
        if node["resource_type"] == "test" and metadata:
            kinds.setdefault(metadata["name"], []).append(node["name"])
    return kinds


def spark_selection(manifest_path: Path) -> list[str]:
    """dbt --select arguments for the suite's Spark build, from a parsed project's manifest
    (with --indirect-selection empty: by default selecting a model selects its tests)."""
    kinds = generic_tests(json.loads(manifest_path.read_text(encoding="utf-8")))
    every = [f"test_name:{kind}" for kind in EVERY_INSTANCE if kind in kinds]
    one_each = [names[0] for kind, names in sorted(kinds.items()) if kind not in EVERY_INSTANCE]
    return [*ALWAYS, *every, *one_each]


def spark_exclusion(manifest_path: Path) -> list[str]:
    """dbt --exclude arguments for the suite's Spark build: the unit tests of
    DUCKDB_ONLY_UNIT_TESTS by name, never a model."""
    unit_tests = json.loads(manifest_path.read_text(encoding="utf-8"))["unit_tests"].values()
    return sorted(f"unit_test:{test['name']}" for test in unit_tests if test["model"] in DUCKDB_ONLY_UNIT_TESTS)
