"""The generated files have exactly the columns and types declared in the sources YAML."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from generator.schema import declared_tables, polars_type

PORTABLE_TYPES = ("bigint", "integer", "string", "date", "timestamp", "boolean", "double", "decimal(")


def test_every_declared_table_is_generated(raw_dir: Path) -> None:
    generated = {p.name for p in raw_dir.iterdir() if p.is_dir()}
    assert generated == set(declared_tables())


def test_headers_match_declared_columns(raw_dir: Path) -> None:
    for table, columns in declared_tables().items():
        parts = sorted((raw_dir / table).glob("part-*.csv"))
        assert parts, table
        for part in parts:
            header = part.open(encoding="utf-8").readline().strip().split(",")
            assert header == [name for name, _ in columns], part


def test_declared_types_are_portable_and_files_parse_with_them(raw: dict[str, pl.DataFrame]) -> None:
    for table, columns in declared_tables().items():
        for name, sql_type in columns:
            assert sql_type.startswith(PORTABLE_TYPES), f"{table}.{name}: {sql_type}"
            assert raw[table].schema[name] == polars_type(sql_type)


def test_postal_codes_keep_leading_zeros(raw: dict[str, pl.DataFrame]) -> None:
    codes = raw["clients"].get_column("postal_code")
    assert codes.dtype == pl.String
    assert codes.str.starts_with("0").any()
