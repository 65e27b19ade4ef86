"""Prove the project's generic data tests (macros/generic_tests/) on DuckDB.

A copy of the fixture project tests/fixtures/generic_tests_project/ gets the real
macro files from macros/generic_tests/, is built once with ``dbt build`` in-process,
and every test's status and number of failing rows is then read back from
target/run_results.json.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dbt.cli.main import dbtRunner, dbtRunnerResult

REPO_ROOT = Path(__file__).resolve().parents[2]
MACROS_DIR = REPO_ROOT / "macros" / "generic_tests"
FIXTURE_PROJECT = REPO_ROOT / "tests" / "fixtures" / "generic_tests_project"
PROJECT_NAME = "generic_tests_fixture"

# Tests by the `name:` given in the fixture's models/schema.yml.
EXPECTED_PASS: list[str] = [
    "accepted_range__inclusive__pass",
    "accepted_range__min_only__pass",
    "accepted_range__where_excludes_bad__pass",
    "expression_is_true__model_level__pass",
    "expression_is_true__column_level__pass",
    "expression_is_true__where_excludes_bad__pass",
    "unique_combination_of_columns__pass",
    "unique_combination_of_columns__where_excludes_bad__pass",
    "relationships_where__null_child__pass",
    "relationships_where__from_condition__pass",
    "relationships_where__both_conditions__pass",
    "equal_row_count__pass",
    "equal_row_count__compare_where__pass",
    "equal_row_count__where__pass",
    "not_negative__pass",
    "not_negative__tolerance__pass",
    "not_null_columns__pass",
    "dated_within_relationship__portfolio__pass",
    "dated_within_relationship__timestamp__pass",
    "dated_within_relationship__two_columns__pass",
    "dated_within_relationship__where_excludes_bad__pass",
    "advisor_at_the_time__pass",
    "advisor_at_the_time__where_excludes_bad__pass",
    # singular tests in the fixture's tests/: both ways of finding repeated key hashes
    "repeated_key_hashes__portable__pass",
    "repeated_key_hashes__duckdb__pass",
]

# Test name -> expected number of failing rows.
EXPECTED_FAIL: dict[str, int] = {
    # range_ok with strict bounds: 0 and 10 sit on the bounds.
    "accepted_range__exclusive_bounds__fail": 2,
    # range_bad: -1 and 11; the null passes.
    "accepted_range__inclusive__fail": 2,
    # range_bad with strict bounds: -1, 0, 10 and 11.
    "accepted_range__exclusive__fail": 4,
    # range_bad with only max_value=10: 11.
    "accepted_range__max_only__fail": 1,
    # orders_bad: a wrong total and a null quantity (expression is null).
    "expression_is_true__model_level__fail": 2,
    # orders_bad, only the null-quantity order checked.
    "expression_is_true__null_expression__fail": 1,
    # orders_bad `quantity > 0`: 0 and null.
    "expression_is_true__column_level__fail": 2,
    # same, the quantity-0 order filtered out by where_condition: the null remains.
    "expression_is_true__column_level_where__fail": 1,
    # combo_bad: (1, 'a') and (2, 'b').
    "unique_combination_of_columns__fail": 2,
    # combo_bad without key_a = 1: (2, 'b').
    "unique_combination_of_columns__where__fail": 1,
    # combo_nulls: (null, 'a') twice, nulls grouped like values.
    "unique_combination_of_columns__nulls__fail": 1,
    # combo_bad, group by: one row per repeated hash, (1, 'a') and (2, 'b').
    "repeated_key_hashes__portable__fail": 2,
    # combo_bad, sorted: one row per repeat, 2 for the three (1, 'a') and 1 for (2, 'b').
    "repeated_key_hashes__duckdb__fail": 3,
    # customer_orders_bad: customer 4, twice; the null foreign key is ignored.
    "relationships_where__fail": 2,
    # active customers only: customer 3 as well.
    "relationships_where__to_condition__fail": 3,
    # row counts 3 vs 4: one row describing the difference.
    "equal_row_count__fail": 1,
    "equal_row_count__where__fail": 1,
    # amounts_bad: -5 and -0.5.
    "not_negative__fail": 2,
    # tolerance 1: -5 only.
    "not_negative__tolerance__fail": 1,
    # orders_bad: quantity only.
    "not_null_columns__fail": 1,
    # combo_nulls: key_a and key_b.
    "not_null_columns__two_columns__fail": 2,
    # combo_nulls, failures counted as the sum of null_row_count: 3 + 1.
    "not_null_columns__null_rows__fail": 4,
    # combo_nulls, key_b given as a single name.
    "not_null_columns__one_column__fail": 1,
    # client_dates_bad: event 1 before the onboarding, event 4 after the as-of date.
    "dated_within_relationship__fail": 2,
    # and event 2 before its portfolio's inception, event 3 on another client's portfolio.
    "dated_within_relationship__portfolio__fail": 4,
    # and event 5 before the history start.
    "dated_within_relationship__history_start__fail": 3,
    # only the as-of date: event 4.
    "dated_within_relationship__not_from_onboarding__fail": 1,
    # client_date_notes, clients read through client_dates_ok: notes 2 and 3.
    "dated_within_relationship__through__fail": 2,
    # client_date_spans, started_on and ended_on: only ended_on fails, spans 2 and 4.
    "dated_within_relationship__two_columns__fail": 2,
    # the same rows counted by checked_column = 'ended_on'.
    "dated_within_relationship__two_columns_by_name__fail": 2,
    # and span 5 on another client's portfolio, once for each column: 2 + 2.
    "dated_within_relationship__two_columns_portfolio__fail": 4,
    # advised_rows_bad: rows 1 to 3 outside the assignments, row 4 without an advisor.
    "advisor_at_the_time__fail": 4,
    # the row without an advisor left out: rows 1 to 3.
    "advisor_at_the_time__where__fail": 3,
    # advised_row_steps, clients read through advised_rows_ok: step 2.
    "advisor_at_the_time__through__fail": 1,
}


def _test_name(unique_id: str) -> str:
    """`test.<project>.<name>.<hash>` -> `<name>`."""
    return unique_id.split(".")[2]


@pytest.fixture(scope="module")
def test_results(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, dict[str, Any]]]:
    """Build the fixture project once; return its test results by test name."""
    work_dir = tmp_path_factory.mktemp("generic_tests")
    project_dir = work_dir / "project"
    shutil.copytree(
        FIXTURE_PROJECT,
        project_dir,
        ignore=shutil.ignore_patterns("target", "logs", "dbt_packages", "*.duckdb*"),
    )
    shutil.copytree(MACROS_DIR, project_dir / "macros" / "generic_tests")

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GENERIC_TESTS_DUCKDB_PATH", str(work_dir / "generic_tests.duckdb"))
        mp.setenv("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
        result: dbtRunnerResult = dbtRunner().invoke(
            [
                "build",
                "--project-dir",
                str(project_dir),
                "--profiles-dir",
                str(project_dir),
                "--target-path",
                str(project_dir / "target"),
                "--log-path",
                str(project_dir / "logs"),
                "--no-partial-parse",
                "--no-use-colors",
            ]
        )

    # Failing tests make the build unsuccessful, but dbt itself must not have crashed.
    assert result.exception is None, f"dbt build raised: {result.exception!r}"

    run_results = json.loads((project_dir / "target" / "run_results.json").read_text())
    nodes = run_results["results"]
    bad = {r["unique_id"]: r["message"] for r in nodes if r["status"] != "success"}
    bad = {uid: msg for uid, msg in bad.items() if not uid.startswith("test.")}
    assert not bad, f"models errored or were skipped: {bad}"

    yield {_test_name(r["unique_id"]): r for r in nodes if r["unique_id"].startswith(f"test.{PROJECT_NAME}.")}


def test_every_fixture_test_is_expected(
    test_results: dict[str, dict[str, Any]],
) -> None:
    assert sorted(test_results) == sorted([*EXPECTED_PASS, *EXPECTED_FAIL])


def test_macros_come_from_main_project() -> None:
    macro_files = {p.name for p in MACROS_DIR.glob("*.sql")}
    assert macro_files >= {
        "accepted_range.sql",
        "advisor_at_the_time.sql",
        "dated_within_relationship.sql",
        "equal_row_count.sql",
        "expression_is_true.sql",
        "not_negative.sql",
        "relationships_where.sql",
        "unique_combination_of_columns.sql",
    }
    # The fixture must not carry its own copy of the macros.
    assert not (FIXTURE_PROJECT / "macros").exists()


@pytest.mark.parametrize("name", EXPECTED_PASS)
def test_should_pass(test_results: dict[str, dict[str, Any]], name: str) -> None:
    result = test_results[name]
    message = f"{name}: {result['status']} - {result['message']}"
    assert result["status"] == "pass", message
    assert result["failures"] == 0


@pytest.mark.parametrize(("name", "expected_failures"), sorted(EXPECTED_FAIL.items()))
def test_should_fail(test_results: dict[str, dict[str, Any]], name: str, expected_failures: int) -> None:
    result = test_results[name]
    message = f"{name}: {result['status']} - {result['message']}"
    assert result["status"] == "fail", message
    assert result["failures"] == expected_failures
