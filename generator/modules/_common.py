"""Helpers shared by the domain modules (not a module itself: no `build`)."""

from __future__ import annotations

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
