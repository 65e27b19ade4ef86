"""Read-only access to the warehouse file, safe across `make build`.

No connection is kept between page runs: each query result is cached under the file's
identity (device, inode, modification time and size), and the file is opened read-only only
on a cache miss and closed at once. `make build` renames a new file over the old one, which
changes the identity: the next run of a page (a reload, a click, or the watcher in app.py
that reruns the page when it sees the change) reads the new file, without a restart. DuckDB
allows many read-only readers beside a build, so nothing here can block or lock a rebuild."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

DB_ENV = "WEALTH_DASHBOARD_DB"  # warehouse/dashboard.py sets it


class WarehouseChanged(Exception):
    """The file was swapped while a page was being drawn: the page is run again."""


@dataclass(frozen=True)
class Identity:
    """What tells one warehouse file from the next build's."""

    device: int
    inode: int
    mtime_ns: int
    size: int


def database_path() -> Path:
    return Path(os.environ.get(DB_ENV, "data/wealth.duckdb")).resolve()


def identity(path: Path) -> Identity:
    stat = path.stat()
    return Identity(stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_size)


@st.cache_data(max_entries=512, show_spinner=False)
def _cached_query(path: str, file: Identity, sql: str, params: tuple[object, ...]) -> pd.DataFrame:
    with duckdb.connect(path, read_only=True) as connection:
        # the file opened is the one named by `file` only if the path still shows it after the
        # open (a rename in between changes the identity; one after it leaves the open file)
        if identity(Path(path)) != file:
            raise WarehouseChanged(path)
        return connection.execute(sql, list(params)).df()


class Warehouse:
    """The warehouse as one page run sees it: one file identity for every query of the run."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.file = identity(path)

    def query(self, sql: str, params: Sequence[object] = ()) -> pd.DataFrame:
        return _cached_query(str(self.path), self.file, sql, tuple(params))

    def value(self, sql: str, params: Sequence[object] = ()) -> object:
        frame = self.query(sql, params)
        return None if frame.empty else frame.iat[0, 0]
