"""Which raw folder a warehouse was built from: the sha256 of the manifest.json the generator
wrote with the files, recorded by the loader in raw.load_manifest."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

MANIFEST = "manifest.json"


class NoRawFiles(Exception):
    """The raw folder has no generator output."""


def raw_manifest_sha256(raw_dir: Path) -> str:
    try:
        return hashlib.sha256((raw_dir / MANIFEST).read_bytes()).hexdigest()
    except FileNotFoundError:
        raise NoRawFiles(str(raw_dir)) from None


class PartialRaw(Exception):
    """The raw folder is the output of a --shards run: some of the shards only."""


def check_whole(raw_dir: Path) -> None:
    """Raise PartialRaw('shards 0 to 1 of 4') for the output of a --shards run."""
    try:
        partial = json.loads((raw_dir / MANIFEST).read_text(encoding="utf-8")).get("partial")
    except FileNotFoundError:
        raise NoRawFiles(str(raw_dir)) from None
    except ValueError:
        return
    if partial:
        first, stop = partial["shards"]
        raise PartialRaw(f"shards {first} to {stop - 1} of {partial['of']}")


def raw_format(raw_dir: Path) -> str:
    """csv or parquet, as the generator recorded it."""
    try:
        arguments = json.loads((raw_dir / MANIFEST).read_text(encoding="utf-8"))["arguments"]
        return str(arguments["format"])
    except FileNotFoundError:
        raise NoRawFiles(str(raw_dir)) from None
    except (KeyError, TypeError, ValueError):
        return "csv"


def built_from(database: Path) -> str | None:
    """The manifest sha256 a warehouse recorded, None when it recorded none (or cannot be
    read now: missing, or held by a writer)."""
    if not database.exists():
        return None
    import duckdb

    try:
        with duckdb.connect(str(database), read_only=True) as connection:
            row = connection.execute("select manifest_sha256 from raw.load_manifest").fetchone()
    except duckdb.Error:
        return None
    return None if row is None else str(row[0])


def short(sha: str | None) -> str:
    return "none recorded" if sha is None else sha[:12]
