"""Column names and types of every generated table, read from the dbt sources YAML.

The types are declared once, in the sources YAML (`loader: generator`): the generator casts its frames
to them, the dbt loader reads them, and the docs show them, so the three cannot drift apart.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import polars as pl
import yaml

MODELS = Path(__file__).resolve().parent.parent / "models"
LOADER = "generator"  # sources with `loader: generator` are the generated files
_DECIMAL = re.compile(r"decimal\((\d+),\s*(\d+)\)")
_SIMPLE: dict[str, pl.DataType] = {
    "bigint": pl.Int64(),
    "integer": pl.Int32(),
    "string": pl.String(),
    "date": pl.Date(),
    "timestamp": pl.Datetime("us"),
    "boolean": pl.Boolean(),
    "double": pl.Float64(),
}


def polars_type(sql_type: str) -> pl.DataType:
    """The Polars dtype for a declared SQL type (the portable subset DuckDB and Spark share)."""
    text = sql_type.strip().lower()
    match = _DECIMAL.fullmatch(text)
    if match:
        return pl.Decimal(int(match.group(1)), int(match.group(2)))
    if text not in _SIMPLE:
        raise ValueError(f"unsupported declared type {sql_type!r}")
    return _SIMPLE[text]


# libyaml's parser when PyYAML has it (about 10x faster than the pure-Python one)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def _source_documents() -> tuple[tuple[Path, dict[str, object]], ...]:
    """Every YAML file under models/ that declares sources, parsed once (model YAMLs are skipped
    unread by the parser: they are most of the text and declare no source)."""
    documents = []
    for path in sorted(MODELS.rglob("*.yml")):
        text = path.read_text(encoding="utf-8")
        if "sources:" in text:
            documents.append((path, yaml.load(text, Loader=_YAML_LOADER) or {}))
    return tuple(documents)


def _generated_sources() -> list[dict[str, object]]:
    return [
        source
        for _, document in _source_documents()
        for source in document.get("sources", [])  # type: ignore[attr-defined]
        if source.get("loader") == LOADER
    ]


def future_columns() -> set[tuple[str, str]]:
    """(table, column) of the dates declared to lie after the as-of date by design
    (`meta: {after_as_of: true}`): a bond's maturity, a goal's target date..."""
    return {
        (table["name"], column["name"])
        for source in _generated_sources()
        for table in source["tables"]  # type: ignore[attr-defined]
        for column in table["columns"]
        if (column.get("meta") or {}).get("after_as_of")
    }


@cache
def declared_tables() -> dict[str, list[tuple[str, str]]]:
    """{table: [(column, sql_type), ...]} of every generated table, in declared order, from the
    sources (in any YAML file under models/) whose loader is the generator."""
    tables: dict[str, list[tuple[str, str]]] = {}
    for path, document in _source_documents():
        for source in document.get("sources", []):  # type: ignore[attr-defined]
            if source.get("loader") != LOADER:
                continue
            for table in source["tables"]:
                if table["name"] in tables:
                    raise ValueError(f"generated table {table['name']!r} declared twice ({path})")
                tables[table["name"]] = [(col["name"], col["data_type"]) for col in table["columns"]]
    if not tables:
        raise ValueError(f"no source with loader: {LOADER} under {MODELS}")
    return tables


def conform(table: str, frame: pl.DataFrame) -> pl.DataFrame:
    """Select the declared columns in order and cast them to the declared types."""
    columns = declared_tables()[table]
    names = [name for name, _ in columns]
    missing = sorted(set(names) - set(frame.columns))
    extra = sorted(set(frame.columns) - set(names))
    if missing or extra:
        raise RuntimeError(f"table {table}: columns missing {missing}, not declared {extra}")
    return frame.select(pl.col(name).cast(polars_type(sql_type)) for name, sql_type in columns)


def read_generated(folder: Path, table: str) -> pl.DataFrame:
    """A generated table read back from every part of its folder, in part order, with the
    declared types (CSV or Parquet, whichever the folder holds)."""
    schema = {name: polars_type(sql_type) for name, sql_type in declared_tables()[table]}
    parts = sorted((folder / table).glob("part-*.*"))
    if not parts:
        raise FileNotFoundError(f"no parts of {table} in {folder}")
    frames = [
        pl.read_parquet(part).cast(schema) if part.suffix == ".parquet" else pl.read_csv(part, schema=schema)
        for part in parts
    ]
    return pl.concat(frames)
