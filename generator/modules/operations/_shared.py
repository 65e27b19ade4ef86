"""Shared by the files of the operations package: the time units, each client's window of the
history (see the package's docstring) and helpers that turn day and second numbers into columns."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from generator.config import Config
from generator.context import Context

DAY = 86_400
HOUR = 3_600


@dataclass(frozen=True)
class Window:
    """Each client's part of the history, as day numbers (days since 1970-01-01)."""

    client_id: np.ndarray
    onboarding: np.ndarray
    start: np.ndarray  # the day after onboarding (the record is created that day) or the history start
    end: int  # the as-of day
    history_start: int
    country: pl.Series  # residence country

    @property
    def span(self) -> np.ndarray:
        return self.end - self.start + 1

    @property
    def n(self) -> int:
        return len(self.client_id)


def _day_numbers(series: pl.Series) -> np.ndarray:
    return series.to_numpy().astype("datetime64[D]").astype(np.int64)


def _timestamp(seconds: np.ndarray | pl.Series) -> pl.Series:
    """Seconds since 1970 as a microsecond timestamp column."""
    return (pl.Series(seconds, dtype=pl.Int64) * 1_000_000).cast(pl.Datetime("us"))


def _date(days: np.ndarray | pl.Series) -> pl.Series:
    return pl.Series(days, dtype=pl.Int64).cast(pl.Int32).cast(pl.Date)


def _masked(values: np.ndarray, keep: np.ndarray, name: str) -> pl.Series:
    """`values` where `keep`, null elsewhere."""
    return pl.select(pl.when(pl.Series(keep)).then(pl.Series(values)).alias(name)).to_series()


def _history(config: Config) -> tuple[int, int]:
    """The history's first and last (as-of) day numbers."""
    first = int(np.datetime64(config.history_start, "D").astype(np.int64))
    return first, int(np.datetime64(config.as_of, "D").astype(np.int64))


def _per_day(days: np.ndarray, first: int, last: int) -> np.ndarray:
    """How many of `days` (day numbers) fall on each day of first..last (int64)."""
    days = np.asarray(days, dtype=np.int64)
    inside = days[(days >= first) & (days <= last)]
    return np.bincount(inside - first, minlength=last - first + 1).astype(np.int64)


def _window(ctx: Context) -> Window:
    clients = ctx.people.clients
    onboarding = _day_numbers(clients.get_column("onboarding_date"))
    history_start, end = _history(ctx.config)
    return Window(
        client_id=clients.get_column("client_id").to_numpy(),
        onboarding=onboarding,
        start=np.maximum(onboarding + 1, history_start),
        end=end,
        history_start=history_start,
        country=clients.get_column("residence_country"),
    )
