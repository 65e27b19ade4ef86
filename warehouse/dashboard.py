"""`python -m warehouse dashboard --db data/wealth.duckdb --port 8501`: the web dashboard
(dashboard/, Streamlit) over a built warehouse, read-only, until Ctrl-C."""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "dashboard" / "app.py"
DB_ENV = "WEALTH_DASHBOARD_DB"  # dashboard/data.py reads it
NEEDED_SCHEMAS = ("marts", "reports")


def warehouse_problem(database: Path) -> str | None:
    """What keeps `database` from being shown, with the fix, or None."""
    if not database.is_file():
        return (
            f"{database} does not exist: build the warehouse first (`make run`, or `make build` after `make generate`)"
        )
    import duckdb

    try:
        with duckdb.connect(str(database), read_only=True) as connection:
            schemas = {row[0] for row in connection.execute("select schema_name from duckdb_schemas()").fetchall()}
    except duckdb.Error as error:
        reason = str(error).splitlines()[0]
        return f"{database} cannot be opened read-only ({reason}): rebuild it with `make build`"
    missing = [schema for schema in NEEDED_SCHEMAS if schema not in schemas]
    if missing:
        return f"{database} has no {' or '.join(missing)} schema, so it is not a built warehouse: run `make build`"
    return None


def streamlit_command(host: str, port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.address",
        host,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
        "--global.developmentMode",
        "false",
        "--client.toolbarMode",
        "viewer",
        "--theme.base",
        "light",
    ]


def serve(database: Path, host: str, port: int) -> int:
    problem = warehouse_problem(database)
    if problem is not None:
        print(f"warehouse: error: {problem}", file=sys.stderr)
        return 2
    print(f"Dashboard of {database} (read-only) on http://{host}:{port}/ ; Ctrl-C stops it", flush=True)
    env = {**os.environ, DB_ENV: str(database.resolve())}
    os.chdir(REPO)  # the app imports the package `dashboard` from the repository
    command = streamlit_command(host, port)
    os.execve(command[0], command, env)  # Streamlit in this process: Ctrl-C and kill reach it
