"""A build whose queries spill to disk goes on: DuckDB spills past its memory limit into the
temporary directory of profiles.yml, which dbt-duckdb must set once, when the database opens
(config_options). As a per-cursor setting it was set again for every node, and DuckDB refuses
that once a query has spilled ("Cannot switch temporary directory after the current one has
been used"), so every node after the first spill failed: a 10,000-client build from Parquet
files did.

The fixture project (tests/fixtures/spill_project) uses the warehouse's own profile: a sort
several times larger than the memory limit, which spills for certain, then four models on new
cursors after it. The warehouse's models are not used here: how much memory their window
queries need unspilled varies between machines, so a limit that makes them spill on one
machine runs them out of memory on another."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
from conftest import REPO

FIXTURE = REPO / "tests" / "fixtures" / "spill_project"
MEMORY_LIMIT = "100MB"
AFTER_SPILL = 4


def run_fixture(tmp_path: Path, temp_dir: str) -> subprocess.CompletedProcess[str]:
    project = tmp_path / "project"
    if not project.exists():
        shutil.copytree(FIXTURE, project)
    env = {
        **os.environ,
        "WEALTH_TARGET": "duckdb",
        "WEALTH_DUCKDB_PATH": str(tmp_path / "spill.duckdb"),
        "WEALTH_DUCKDB_TEMP_DIR": temp_dir,
        "WEALTH_DUCKDB_MEMORY_LIMIT": MEMORY_LIMIT,
        "WEALTH_DUCKDB_BLOCK_ALLOCATOR_MEMORY": "8MB",
        "WEALTH_DBT_THREADS": "2",
    }
    command = [
        str(Path(sys.executable).parent / "dbt"),
        "run",
        "--profiles-dir",
        str(REPO / "profiles"),
        "--project-dir",
        str(project),
        "--log-path",
        str(tmp_path / "logs"),
    ]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False, cwd=project)


def test_nodes_after_a_spill_still_run(tmp_path: Path) -> None:
    result = run_fixture(tmp_path, str(tmp_path / "spill"))
    assert result.returncode == 0, result.stdout[-3000:]
    assert f"PASS={AFTER_SPILL + 1}" in result.stdout, result.stdout[-800:]
    assert "Cannot switch temporary directory" not in result.stdout
    with duckdb.connect(str(tmp_path / "spill.duckdb"), read_only=True) as con:
        counts = [con.execute(f"select hash_count from after_spill_{i}").fetchall() for i in range(1, AFTER_SPILL + 1)]
    assert sum(rows[0][0] for rows in counts) == 6_000_000


def test_the_fixture_cannot_run_without_spilling(tmp_path: Path) -> None:
    """The limit is small enough that the first model must spill: with spilling turned off
    (an empty temporary directory) it runs out of memory, so the test above did spill."""
    result = run_fixture(tmp_path, "")
    assert result.returncode != 0
    assert "Out of Memory" in result.stdout, result.stdout[-2000:]
