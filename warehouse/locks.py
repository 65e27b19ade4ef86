"""Who holds a DuckDB file, and the swap of a newly built file into its place.

DuckDB takes a POSIX lock on the whole database file: a shared one for each read-only
connection, an exclusive one for the read-write connection. A shared lock taken here
therefore succeeds beside readers and fails while a writer holds the file; held across the
rename, it also keeps a writer from opening the old file in between.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class WriterHoldsFile(Exception):
    """A process has the file open read-write."""

    def __init__(self, path: Path, holder: str) -> None:
        super().__init__(f"{path} is open for writing by {holder}")
        self.path, self.holder = path, holder


def wal_path(database: Path) -> Path:
    """The write-ahead log DuckDB keeps beside a database file."""
    return database.with_name(database.name + ".wal")


def lock_holders(path: Path, kind: str = "WRITE", lock_class: str = "POSIX") -> list[int]:
    """Process ids holding a lock of `kind` (WRITE, READ) and class (POSIX, FLOCK) on the file
    (Linux /proc/locks); empty where that is not known."""
    try:
        inode = os.stat(path).st_ino
        lines = Path("/proc/locks").read_text(encoding="ascii").splitlines()
    except OSError:
        return []
    holders = []
    for line in lines:
        fields = line.split()
        if "->" in fields:  # a waiter, not a holder
            continue
        if len(fields) >= 6 and fields[1] == lock_class and fields[3] == kind and fields[5].endswith(f":{inode}"):
            holders.append(int(fields[4]))
    return holders


def describe_holder(path: Path, lock_class: str = "POSIX") -> str:
    """'process 1234 (python3)' for the writer of `path`, or 'another process'."""
    for pid in lock_holders(path, lock_class=lock_class):
        try:
            name = Path(f"/proc/{pid}/comm").read_text(encoding="utf-8").strip()
        except OSError:
            name = "?"
        return f"process {pid} ({name})"
    return "another process"


@contextmanager
def no_writer(path: Path) -> Iterator[None]:
    """Hold a shared lock on `path` (when it exists): raises WriterHoldsFile if a writer has
    it; while held, no writer can open it. Readers are not disturbed."""
    try:
        handle = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        yield
        return
    try:
        try:
            fcntl.lockf(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            raise WriterHoldsFile(path, describe_holder(path)) from None
        yield
    finally:
        os.close(handle)  # releases the lock


def swap_in(built: Path, live: Path) -> None:
    """Move `built` over `live` atomically, unless a writer holds `live`. A WAL beside `live`
    is left by a writer that died (a clean close checkpoints it away): it belongs to the old
    file, never to the new one, so it goes before the rename."""
    if wal_path(built).exists():
        raise RuntimeError(f"{built} still has a write-ahead log: checkpoint it before the swap")
    with no_writer(live):
        wal_path(live).unlink(missing_ok=True)
        os.replace(built, live)


def checkpoint(database: Path) -> None:
    """Fold a leftover write-ahead log into the database file (no-op without one)."""
    if not wal_path(database).exists():
        return
    import duckdb

    with duckdb.connect(str(database)) as connection:
        connection.execute("checkpoint")
