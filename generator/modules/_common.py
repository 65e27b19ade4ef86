"""Helpers shared by the domain modules (not a module itself: no `build`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from generator.context import Context


def gather(options: tuple[str, ...] | list[str], index: np.ndarray) -> pl.Series:
    """Strings picked by integer index, built in Polars (no numpy string arrays)."""
    return pl.Series(list(options), dtype=pl.String).gather(index)


def advisor_at(ctx: Context, client_id: np.ndarray, day: np.ndarray, what: str) -> np.ndarray:
    """The client's advisor on each day: the assignment whose interval contains it.
    `day` holds dates (datetime64[D], or day numbers since 1970-01-01)."""
    days = np.asarray(day).astype("datetime64[D]")
    left = pl.DataFrame({"i": np.arange(len(days)), "client_id": client_id, "day": days})
    right = (
        ctx.people.assignments.select("client_id", "advisor_id", pl.col("start_date").alias("day"))
        .sort("client_id", "day")
        .unique(["client_id", "day"], keep="last", maintain_order=True)
        .sort("day")
    )
    joined = (
        left.sort("day")
        .join_asof(right, on="day", by="client_id", strategy="backward", check_sortedness=False)
        .sort("i")
    )
    advisor = joined.get_column("advisor_id")
    if advisor.null_count():
        raise RuntimeError(f"{what} is dated before the client's first advisor assignment")
    return advisor.to_numpy()


@dataclass(frozen=True)
class Window:
    """The days of each client (row order of ctx.people.clients) covered by a module's
    recurring activity: from max(onboarding, history start) to the as-of date."""

    client_id: np.ndarray
    onboarding: np.ndarray  # datetime64[D]
    start: np.ndarray  # max(onboarding, history start)
    as_of: np.datetime64  # datetime64[D]

    @property
    def n(self) -> int:
        return len(self.client_id)

    @property
    def span(self) -> np.ndarray:
        """Days covered, the as-of date included."""
        return (self.as_of - self.start).astype(np.int64) + 1

    @property
    def end_of_as_of(self) -> np.datetime64:
        """The last second of the as-of date (datetime64[us])."""
        return ((self.as_of + 1).astype("datetime64[s]") - 1).astype("datetime64[us]")


def client_window(ctx: Context) -> Window:
    clients = ctx.people.clients
    onboarding = clients.get_column("onboarding_date").to_numpy().astype("datetime64[D]")
    return Window(
        client_id=clients.get_column("client_id").to_numpy(),
        onboarding=onboarding,
        start=np.maximum(onboarding, np.datetime64(ctx.config.history_start, "D")),
        as_of=np.datetime64(ctx.config.as_of, "D"),
    )


def poisson_events(rng: np.random.Generator, window: Window, rate: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """A Poisson number of events per client (rate per year) on uniform days of its window,
    sorted by client then day: (client row, day)."""
    span = window.span
    count = rng.poisson(rate * span / 365.25)
    row = np.repeat(np.arange(window.n), count)
    day = window.start[row] + (rng.random(len(row)) * span[row]).astype(np.int64)
    order = np.lexsort((day, row))
    return row[order], day[order]
