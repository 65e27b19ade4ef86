"""Session fixtures: one small generated data set, built once on DuckDB and once on Spark
(through a local Spark Thrift Server, the spark_thrift target)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from generator.cli import main as generate
from generator.interrupts import die_with_parent
from tests.python.spark_selection import spark_exclusion, spark_selection
from warehouse.manifests import raw_format

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
    fmt: str = "csv",
) -> Path:
    code = generate(
        [
            *(["--shard-size", str(shard_size)] if shard_size else []),
            "--format",
            fmt,
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
WANTS_SMALL_SCALES = pytest.StashKey[bool]()
SMALL_SCALES = [(7, 3), (30, 7)]  # (clients, seed): test_small_scales.py
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


def pytest_collection_finish(session: pytest.Session) -> None:
    """What the selected tests need started in the background (after -m and -k deselected)."""

    def wanted(fixture: str) -> bool:
        return any(fixture in getattr(item, "fixturenames", ()) for item in session.items)

    session.config.stash[WANTS_SPARK] = wanted("spark_dir")
    session.config.stash[WANTS_SMALL_SCALES] = wanted("small_scale_builds")


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


@dataclass
class SparkBuild:
    """The Spark build of the test data, going on in the background, and the server it runs on."""

    process: subprocess.Popen[bytes]
    workdir: Path
    server: Any  # warehouse.thrift_server.ThriftServer (pyspark is imported only for Spark tests)
    raw_dir: Path  # the Parquet copy of the test data it loads

    def env(self, raw_dir: Path) -> dict[str, str]:
        return spark_env(raw_dir, self.server.host, self.server.port)


def spark_env(raw_dir: Path, host: str, port: int) -> dict[str, str]:
    """Environment of a dbt run on the spark_thrift target: the raw files and the server."""
    return {
        "WEALTH_RAW_DIR": str(raw_dir),
        "WEALTH_RAW_FORMAT": raw_format(raw_dir),
        "WEALTH_SPARK_HOST": host,
        "WEALTH_SPARK_PORT": str(port),
    }


@pytest.fixture(scope="session", autouse=True)
def spark_build(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """When Spark tests are selected, a local Spark Thrift Server starts at once (its catalog,
    tables and log in the pytest folder spark*/), and the build of the test data on it as soon
    as the data is generated and the server listens: it goes on in the background, the engines
    sharing the two cores instead of taking turns. spark_dir waits for it. The build loads a
    Parquet copy of the test data (the same seed, scale and shards; the CSV parts load on Spark
    in test_spark_loader.py) and runs the data tests spark_selection.py chooses. Whatever
    happens, the build and the server are stopped when the session ends (and the kernel kills
    both if pytest is killed)."""
    if not request.config.stash.get(WANTS_SPARK, False):
        yield None
        return
    from warehouse.thrift_server import ThriftServer

    workdir = tmp_path_factory.mktemp("spark")
    server = ThriftServer(workdir)
    server.start()  # from the main thread, which outlives it
    process: subprocess.Popen[bytes] | None = None
    log = (workdir / "build.out").open("w", encoding="utf-8")
    try:
        request.getfixturevalue("raw_dir")  # the CSV parts, generated while the server starts
        parquet = generate_into(
            tmp_path_factory.mktemp("generated_parquet") / "raw", shard_size=TEST_SHARD_SIZE, fmt="parquet"
        )
        server.wait_ready()
        env = {**os.environ, **spark_env(parquet, server.host, server.port)}
        parsed = subprocess.run(
            dbt_command(["parse", "--target", "spark_thrift"], workdir), env=env, stdout=log, stderr=log, cwd=REPO
        )
        assert parsed.returncode == 0, f"dbt parse on the spark_thrift target failed: see {workdir / 'build.out'}"
        manifest = workdir / "target" / "manifest.json"
        selection = ["--select", *spark_selection(manifest), "--exclude", *spark_exclusion(manifest)]
        process = subprocess.Popen(
            dbt_command(["build", "--target", "spark_thrift", "--indirect-selection", "empty", *selection], workdir),
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=REPO,
            start_new_session=True,
            preexec_fn=die_with_parent,
        )
        yield SparkBuild(process, workdir, server, parquet)
    finally:
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        server.stop()
        log.close()


@pytest.fixture(scope="session")
def spark_dir(spark_build: SparkBuild | None) -> Path:
    """The Spark warehouse's folder of tables (Parquet folders, readable without Spark), once
    the build has passed."""
    assert spark_build is not None, "the Spark build starts only when a collected test is marked spark"
    returncode = spark_build.process.wait()
    output = (spark_build.workdir / "build.out").read_text(encoding="utf-8")
    assert returncode == 0, output[-5000:]
    return spark_build.workdir / "warehouse"


@pytest.fixture(scope="session")
def spark_thrift(spark_dir: Path, spark_build: SparkBuild) -> SparkBuild:
    """The passed Spark build and the server that still serves its warehouse."""
    assert spark_build.server.alive(), f"the Spark Thrift Server stopped: see {spark_build.server.log}"
    return spark_build


@pytest.fixture(scope="session", autouse=True)
def small_scale_runs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """When test_small_scales.py is selected, its scales are generated and built one after the
    other in a background process from the start of the session (small_scale_build.py), while
    the other tests run; small_scale_builds waits for them. Stopped when the session ends."""
    if not request.config.stash.get(WANTS_SMALL_SCALES, False):
        yield None
        return
    workdir = tmp_path_factory.mktemp("small_scales")
    pairs = [f"{scale}:{seed}" for scale, seed in SMALL_SCALES]
    with (workdir / "background.out").open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.python.small_scale_build", str(workdir), *pairs],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=REPO,
            start_new_session=True,
            preexec_fn=die_with_parent,
        )
    try:
        yield process, workdir
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture(scope="session")
def small_scale_builds(small_scale_runs: tuple[subprocess.Popen[bytes], Path] | None) -> Path:
    """The folder of the small scales' builds, once all are done (each says how it went)."""
    assert small_scale_runs is not None, "the small scales start only when test_small_scales.py is selected"
    process, workdir = small_scale_runs
    code = process.wait()
    assert code == 0, (workdir / "background.out").read_text(encoding="utf-8")[-5000:]
    return workdir
