"""Session fixtures: one small generated data set, built once on DuckDB and once on Spark."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from generator.cli import main as generate

REPO = Path(__file__).resolve().parents[2]
TEST_SCALE = int(os.environ.get("WEALTH_TEST_SCALE", "60"))
TEST_YEARS = int(os.environ.get("WEALTH_TEST_YEARS", "3"))
# a seed whose test data holds every case the tests look for (every risk alert type among them:
# test_risk_alerts.py)
TEST_SEED = 11
# the test data spans three shards: a shard size the tests may set (the generator's is larger)
TEST_SHARD_SIZE = int(os.environ.get("WEALTH_TEST_SHARD_SIZE", "20"))
AS_OF = "2025-12-31"


def dbt(args: list[str], env: dict[str, str], workdir: Path) -> subprocess.CompletedProcess[str]:
    """Run dbt from the project's virtual environment with its own target and log folders."""
    command = dbt_command(args, workdir)
    return subprocess.run(command, env={**os.environ, **env}, capture_output=True, text=True, check=False, cwd=REPO)


def generate_into(
    out: Path,
    *,
    seed: int = TEST_SEED,
    scale: int = TEST_SCALE,
    years: int = TEST_YEARS,
    shard_size: int | None = None,
    jobs: int = 1,
) -> Path:
    code = generate(
        [
            *(["--shard-size", str(shard_size)] if shard_size else []),
            "--jobs",
            str(jobs),
            "--seed",
            str(seed),
            "--scale",
            str(scale),
            "--years",
            str(years),
            "--as-of",
            AS_OF,
            "--out",
            str(out),
            "--progress",
            "off",
        ]
    )
    assert code == 0
    return out


def dbt_command(args: list[str], workdir: Path) -> list[str]:
    return [
        str(Path(sys.executable).parent / "dbt"),
        *args,
        "--profiles-dir",
        str(REPO / "profiles"),
        "--project-dir",
        str(REPO),
        "--target-path",
        str(workdir / "target"),
        "--log-path",
        str(workdir / "logs"),
    ]


WANTS_SPARK = pytest.StashKey[bool]()
# lines to print under the test results (the fault-injection summary)
SUMMARY = pytest.StashKey[list[str]]()


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    for line in config.stash.get(SUMMARY, []):
        terminalreporter.write_line(line)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test that uses the Spark build is a `spark` test (`make test-fast` leaves them out),
    and runs last: the Spark build goes on in the background while the others run."""
    spark, others = [], []
    for item in items:
        if "spark_dir" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.spark)
            spark.append(item)
        else:
            others.append(item)
    items[:] = others + spark
    config.stash[WANTS_SPARK] = bool(spark)


@pytest.fixture(scope="session")
def raw_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_into(tmp_path_factory.mktemp("generated") / "raw", shard_size=TEST_SHARD_SIZE)


@pytest.fixture(scope="session")
def raw(raw_dir: Path) -> dict[str, pl.DataFrame]:
    """Every generated table read back with the declared types."""
    from generator.schema import declared_tables, read_generated

    return {table: read_generated(raw_dir, table) for table in declared_tables()}


@pytest.fixture(scope="session")
def duckdb_path(raw_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    workdir = tmp_path_factory.mktemp("duckdb")
    path = workdir / "wealth.duckdb"
    result = dbt(
        ["build", "--target", "duckdb"], {"WEALTH_RAW_DIR": str(raw_dir), "WEALTH_DUCKDB_PATH": str(path)}, workdir
    )
    assert result.returncode == 0, result.stdout[-5000:]
    return path


def spark_env(raw_dir: Path, workdir: Path) -> dict[str, str]:
    """Environment of a dbt run on Spark whose catalog and tables live in `workdir`."""
    return {
        "WEALTH_RAW_DIR": str(raw_dir),
        "WEALTH_SPARK_DIR": str(workdir),
        "PYSPARK_SUBMIT_ARGS": (
            f"--driver-memory 4g --conf spark.driver.extraJavaOptions=-Dderby.system.home={workdir}/derby pyspark-shell"
        ),
    }


@pytest.fixture(scope="session", autouse=True)
def spark_build(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """When Spark tests are selected, their build of the test data starts as soon as the data
    is generated and goes on in the background: the engines share the two cores instead of
    taking turns. spark_dir waits for it; it is stopped if the session ends first."""
    if not request.config.stash.get(WANTS_SPARK, False):
        yield None
        return
    raw_dir = request.getfixturevalue("raw_dir")
    workdir = tmp_path_factory.mktemp("spark")
    log = (workdir / "build.out").open("w", encoding="utf-8")
    process = subprocess.Popen(
        dbt_command(["build", "--target", "spark"], workdir),
        env={**os.environ, **spark_env(raw_dir, workdir)},
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=REPO,
    )
    yield process, workdir
    if process.poll() is None:
        process.kill()
        process.wait()
    log.close()


@pytest.fixture(scope="session")
def spark_dir(spark_build: Any) -> Path:
    assert spark_build is not None, "the Spark build starts only when a collected test is marked spark"
    process, workdir = spark_build
    returncode = process.wait()
    output = (workdir / "build.out").read_text(encoding="utf-8")
    assert returncode == 0, output[-5000:]
    return workdir / "warehouse"
