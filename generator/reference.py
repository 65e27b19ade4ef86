"""The curated reference data (dbt seeds in `seeds/`), read by the generator too."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import polars as pl

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@cache
def seed(name: str) -> pl.DataFrame:
    """A curated seed file as a frame (numbers as floats, codes as strings)."""
    return pl.read_csv(SEEDS / f"{name}.csv", infer_schema_length=None)


def codes(name: str, column: str) -> list[str]:
    return seed(name).get_column(column).to_list()
