"""The warehouse file opens in DuckDB clients older than the DuckDB that writes it: the Node
client 1.5 (@duckdb/node-api, what Evidence and other JavaScript BI tools use), read-only,
reads every table and view with DuckDB 2.0's row counts and values. profiles.yml writes the
file in the storage format of DuckDB 0.10 (storage_compatibility_version); DuckDB 2.0's own
format is refused by every 1.x client."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[2]
NODE_CLIENT = REPO / "tests" / "node"  # package.json, its lock file and read.mjs
TOP_PORTFOLIO = """
    select portfolio_id, time_weighted_return from marts.fct_performance_periods
    where entity_type = 'portfolio' and period_code = 'YTD' and time_weighted_return is not null
    order by time_weighted_return desc, portfolio_id limit 1
"""
CLOSING_VALUE = """
    select client_id, statement_month, closing_value from marts.fct_client_statements_monthly
    where entity_type = 'client' order by statement_month desc, client_id limit 1
"""


@pytest.fixture(scope="module")
def node_client(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Node client installed from its lock file (npm ci) in a folder of its own."""
    folder = tmp_path_factory.mktemp("node_client")
    for name in ("package.json", "package-lock.json", "read.mjs"):
        shutil.copy(NODE_CLIENT / name, folder / name)
    result = subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund"], cwd=folder, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return folder


def node_answers(client: Path, database: Path, queries: dict[str, str]) -> dict[str, list[list[object]]]:
    result = subprocess.run(
        ["node", "read.mjs", str(database)],
        input=json.dumps(queries),
        cwd=client,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def test_the_node_client_reads_every_relation_read_only(duckdb_path: Path, node_client: Path) -> None:
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        relations = connection.execute("""
            select schema_name, table_name from duckdb_tables() where database_name = current_database()
            union all
            select schema_name, view_name from duckdb_views() where database_name = current_database() and not internal
        """).fetchall()
        counts = {
            f"{schema}.{name}": connection.execute(f'select count(*) from "{schema}"."{name}"').fetchone()[0]  # type: ignore[index]
            for schema, name in relations
        }
        top = connection.execute(TOP_PORTFOLIO).fetchone()
        closing = connection.execute(CLOSING_VALUE).fetchone()
    assert {schema for schema, _ in relations} >= {"raw", "staging", "marts", "reports"}
    queries = {name: f"select count(*) from {name}" for name in counts}
    answers = node_answers(node_client, duckdb_path, {**queries, "top": TOP_PORTFOLIO, "closing": CLOSING_VALUE})
    assert {name: int(str(answers[name][0][0])) for name in counts} == counts
    assert top is not None and closing is not None
    node_top, node_closing = answers["top"][0], answers["closing"][0]
    assert (int(str(node_top[0])), float(str(node_top[1]))) == (top[0], top[1])  # the same double
    assert (int(str(node_closing[0])), str(node_closing[1]), str(node_closing[2])) == (
        closing[0],
        str(closing[1]),
        str(closing[2]),
    )
