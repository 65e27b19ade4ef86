"""Every scale builds green, from one client up, whatever the seed: no data test may depend
on the data being large enough to show every case. 1 and 2 clients are built by the fault
injection suite (test_faults.py); here 7 and 30 clients, with other seeds, each checked
against the independent implementation of the performance metrics too."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.python.conftest import dbt, generate_into
from tests.python.test_performance import drawdown_date_mismatches, load_performance, metric_disagreements

SCALES = [(7, 3), (30, 7)]  # (clients, seed)
pytestmark = pytest.mark.slow
YEARS = 10


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("small_scales")


@pytest.mark.parametrize(("scale", "seed"), SCALES, ids=[f"{scale}-clients-seed-{seed}" for scale, seed in SCALES])
def test_small_scale_builds_green(workdir: Path, scale: int, seed: int) -> None:
    # one raw folder, warehouse path and target folder for every scale: dbt parses the project once
    raw, database = workdir / "raw", workdir / "wealth.duckdb"
    shutil.rmtree(raw, ignore_errors=True)
    database.unlink(missing_ok=True)
    generate_into(raw, seed=seed, scale=scale, years=YEARS)
    result = dbt(
        ["build", "--target", "duckdb"], {"WEALTH_RAW_DIR": str(raw), "WEALTH_DUCKDB_PATH": str(database)}, workdir
    )
    assert result.returncode == 0, result.stdout[-5000:]
    assert "ERROR=0" in result.stdout and "SKIP=0" in result.stdout
    periods, series = load_performance(database, calendar_sample=1_000_000)
    compared, failures = metric_disagreements(periods, series)
    assert compared > 1000 and not failures, failures[:5]
    _, mismatches = drawdown_date_mismatches(periods, series)
    assert not mismatches, mismatches[:5]
