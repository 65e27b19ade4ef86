"""A build whose queries spill to disk goes on: DuckDB spills past its memory limit into the
temporary directory of profiles.yml, which dbt-duckdb must set once, when the database opens
(config_options). As a per-cursor setting it was set again for every node, and DuckDB refuses
that once a query has spilled ("Cannot switch temporary directory after the current one has
been used"), so every node after the first spill failed: a 10,000-client build from Parquet
files did. Here the largest daily models of the test build are rebuilt on two threads under a
memory limit small enough to make them spill (with the old setting this run fails)."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import dbt

from warehouse.files import intermediate_file

SPILLING_LIMIT = "50MB"  # the test data's window queries need more; 30MB is too little to spill into
MODELS = [
    "fct_portfolio_returns_daily",
    "fct_group_returns_daily",
    "fct_portfolio_rolling_risk_daily",
    "int_performance_drawdown_blocks",
    "fct_portfolio_drawdowns",
]


def test_nodes_after_a_spill_still_run(duckdb_path: Path, tmp_path: Path) -> None:
    database = tmp_path / "wealth.duckdb"
    shutil.copy(duckdb_path, database)
    shutil.copy(intermediate_file(duckdb_path), intermediate_file(database))
    env = {
        "WEALTH_DUCKDB_PATH": str(database),
        "WEALTH_DUCKDB_MEMORY_LIMIT": SPILLING_LIMIT,
        "WEALTH_DUCKDB_BLOCK_ALLOCATOR_MEMORY": "10MB",
        "WEALTH_DBT_THREADS": "2",
    }
    result = dbt(["run", "--select", *MODELS, "--vars", "{load_raw: false}"], env, tmp_path)
    assert result.returncode == 0, result.stdout[-3000:]
    assert f"PASS={len(MODELS)}" in result.stdout or f"PASS={len(MODELS) + 1}" in result.stdout, result.stdout[-800:]
    assert "Cannot switch temporary directory" not in result.stdout
