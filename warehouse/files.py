"""Where a warehouse's files are: the DuckDB file readers open and, beside it while it is being
built (or for a working copy built with dbt directly), the file of the intermediate models
(profiles.yml attaches it as `intermediate`; dbt_project.yml puts the intermediate models in
it), and DuckDB's spill folder."""

from __future__ import annotations

from pathlib import Path

import duckdb


def intermediate_file(database: Path) -> Path:
    """The intermediate models' file of `database`, named as profiles.yml names it."""
    return Path(str(database).replace(".duckdb", "") + ".intermediate.duckdb")


def spill_folder(database: Path) -> Path:
    """DuckDB's temporary folder for `database`'s build (profiles.yml's temp_directory)."""
    return Path(str(database) + ".tmp")


def read_with_intermediate(database: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to `database` with its intermediate models attached as
    `intermediate`, so `intermediate.int_...` names them."""
    connection = duckdb.connect(str(database), read_only=True)
    connection.execute(f"attach '{intermediate_file(database)}' as intermediate (read_only)")
    return connection
