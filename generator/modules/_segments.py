"""Running totals within contiguous segments of an array, in numpy (no per-group Polars windows).

The float scan adds in row order within each segment, exactly as a sequential cumulative sum
(Polars' `cum_sum().over(...)`), so the results are bit-identical to it.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.ordering import stable_argsort


def first_rows(starts: np.ndarray) -> np.ndarray:
    """For each row, the index of the first row of its segment (`starts[i]`: row i opens one;
    row 0 always does)."""
    return np.maximum.accumulate(np.where(starts, np.arange(len(starts)), 0))


def int_cumsum(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Cumulative sum of integers, restarted at each segment (exact)."""
    first = first_rows(starts)
    total = np.cumsum(values)
    return total - (total[first] - values[first])


class Segments:
    """Contiguous segments of rows: `starts[i]` is true where row i opens one (row 0 always)."""

    def __init__(self, starts: np.ndarray) -> None:
        rank = np.arange(len(starts)) - first_rows(starts)  # position of the row within its segment
        self._order = stable_argsort(rank)
        self._bounds = np.cumsum(np.bincount(rank)) if len(rank) else np.zeros(0, np.int64)

    def float_cumsum(self, values: np.ndarray) -> np.ndarray:
        """Cumulative sum of floats, restarted at each segment and added strictly in row order:
        one vectorised step per position within a segment (segments are short)."""
        out = np.array(values, dtype=np.float64)
        for j in range(1, len(self._bounds)):
            rows = self._order[self._bounds[j - 1] : self._bounds[j]]
            out[rows] += out[rows - 1]
        return out


def segment_positions(starts: np.ndarray) -> np.ndarray:
    """0, 1, 2... within each segment (what `int_range(len()).over(key)` gives on rows where
    each key's rows are consecutive)."""
    return np.arange(len(starts)) - first_rows(starts)


def segment_sizes(starts: np.ndarray) -> np.ndarray:
    """For each row, the number of rows of its segment."""
    bounds = np.diff(np.r_[np.flatnonzero(starts), len(starts)])
    return np.repeat(bounds, bounds)


def run_starts(frame: pl.DataFrame, *keys: str) -> np.ndarray:
    """True on each row whose `keys` differ from the previous row's (and on row 0)."""
    changed = pl.any_horizontal([pl.col(key).ne_missing(pl.col(key).shift()) for key in keys])
    starts = frame.select(changed.alias("_start")).to_series().to_numpy().copy()
    if len(starts):
        starts[0] = True
    return starts
