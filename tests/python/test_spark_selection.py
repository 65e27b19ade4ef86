"""The suite's Spark build (tests/python/spark_selection.py) runs every kind of generic test at
least once, every instance of the kinds whose SQL is their own, and fewer tests than all."""

from __future__ import annotations

import json
from pathlib import Path

from tests.python.spark_selection import (
    ALWAYS,
    DUCKDB_ONLY_UNIT_TESTS,
    EVERY_INSTANCE,
    generic_tests,
    spark_exclusion,
    spark_selection,
)


def test_every_generic_kind_runs_on_spark(duckdb_path: Path) -> None:
    manifest_path = duckdb_path.parent / "target" / "manifest.json"
    kinds = generic_tests(json.loads(manifest_path.read_text(encoding="utf-8")))
    selection = spark_selection(manifest_path)
    assert selection[: len(ALWAYS)] == list(ALWAYS)
    chosen = set(selection)
    for kind, names in kinds.items():
        if kind in EVERY_INSTANCE:
            assert f"test_name:{kind}" in chosen
        else:
            assert names[0] in chosen, kind
    assert set(EVERY_INSTANCE) <= set(kinds)
    assert len(selection) - len(ALWAYS) < sum(len(names) for names in kinds.values()) / 10


def test_spark_leaves_out_unit_tests_only(duckdb_path: Path) -> None:
    """The exclusion names unit tests of models that have them (the models still build on Spark)."""
    manifest_path = duckdb_path.parent / "target" / "manifest.json"
    unit_tests = json.loads(manifest_path.read_text(encoding="utf-8"))["unit_tests"].values()
    excluded = spark_exclusion(manifest_path)
    models = {test["model"] for test in unit_tests if f"unit_test:{test['name']}" in excluded}
    assert models == set(DUCKDB_ONLY_UNIT_TESTS)  # every one of them has unit tests, and only theirs go
    assert all(item.startswith("unit_test:") for item in excluded)
    assert len(excluded) < len(unit_tests) / 10
