"""The nine use-case queries in analyses/ compile and answer on both engines, and the analysts'
guide shows each of them as it is in analyses/."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import REPO, SparkBuild, dbt
from spark_queries import run_queries

ANALYSES = sorted(path.stem for path in (REPO / "analyses").glob("*.sql"))
GUIDE = REPO / "docs" / "analysts_guide.md"


def compile_analyses(env: dict[str, str], workdir: Path, target: str) -> dict[str, str]:
    result = dbt(["compile", "--select", "path:analyses", "--target", target], env, workdir)
    assert result.returncode == 0, result.stdout[-5000:]
    folder = workdir / "target" / "compiled" / "wealth_warehouse" / "analyses"
    return {path.stem: path.read_text() for path in folder.glob("*.sql")}


@pytest.fixture(scope="module")
def duckdb_answers(raw_dir: Path, duckdb_path: Path) -> dict[str, list[tuple[object, ...]]]:
    compiled = compile_analyses(
        {"WEALTH_RAW_DIR": str(raw_dir), "WEALTH_DUCKDB_PATH": str(duckdb_path)}, duckdb_path.parent, "duckdb"
    )
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        return {name: connection.execute(sql).fetchall() for name, sql in compiled.items()}


@pytest.fixture(scope="module")
def spark_answers(spark_thrift: SparkBuild) -> dict[str, list[list[str | None]]]:
    """The analyses compiled for the spark_thrift target, run through the test build's server."""
    compiled = compile_analyses(spark_thrift.env(spark_thrift.raw_dir), spark_thrift.workdir, "spark_thrift")
    assert sorted(compiled) == ANALYSES
    return run_queries(spark_thrift.server.host, spark_thrift.server.port, compiled)


def test_nine_use_cases() -> None:
    assert len(ANALYSES) == 9
    assert [name[:3] for name in ANALYSES] == [f"uc{n}" for n in range(1, 10)]


@pytest.mark.parametrize("name", ANALYSES)
def test_answers_on_duckdb(name: str, duckdb_answers: dict[str, list[tuple[object, ...]]]) -> None:
    assert duckdb_answers[name], f"analyses/{name}.sql returned no rows"


@pytest.mark.parametrize("name", ANALYSES)
def test_same_answer_size_on_spark(
    name: str,
    duckdb_answers: dict[str, list[tuple[object, ...]]],
    spark_answers: dict[str, list[list[str | None]]],
) -> None:
    assert spark_answers[name], f"analyses/{name}.sql returned no rows on Spark"
    assert len(spark_answers[name]) == len(duckdb_answers[name])
    assert [str(row[0]) for row in spark_answers[name]] == [str(row[0]) for row in duckdb_answers[name]]


@pytest.mark.parametrize("name", ANALYSES)
def test_guide_shows_the_query_as_it_is(name: str) -> None:
    guide = GUIDE.read_text()
    query = (REPO / "analyses" / f"{name}.sql").read_text().strip()
    assert f"analyses/{name}.sql" in guide
    assert query in guide, f"the guide's copy of analyses/{name}.sql is out of date"


def test_readme_links_the_guide() -> None:
    assert "docs/analysts_guide.md" in (REPO / "README.md").read_text()
