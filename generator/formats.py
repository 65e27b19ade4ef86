"""How a frame is written in each output format."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import polars as pl

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def dates_as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """Date columns as their CSV text, each distinct day formatted once and gathered (the CSV
    writer formats every value of a date column anew, a large share of a long table's time)."""
    columns = []
    for name, dtype in frame.schema.items():
        if dtype != pl.Date:
            continue
        days = frame.get_column(name).cast(pl.Int32)
        first, last = days.min(), days.max()
        if first is None:
            continue
        texts = pl.int_range(first, last + 1, dtype=pl.Int32, eager=True).cast(pl.Date).dt.strftime(DATE_FORMAT)
        columns.append(texts.gather(days - first).alias(name))
    return frame.with_columns(columns) if columns else frame


def write_csv(frame: pl.DataFrame, target: Path | BinaryIO, *, header: bool = True) -> None:
    dates_as_text(frame).write_csv(
        target, include_header=header, date_format=DATE_FORMAT, datetime_format=DATETIME_FORMAT
    )


def write_parquet(frame: pl.DataFrame, path: Path) -> None:
    frame.write_parquet(path, compression="zstd", statistics=False)
