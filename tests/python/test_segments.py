"""Running totals restarted at segment starts, against a plain per-segment loop."""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.modules._segments import (
    Segments,
    first_rows,
    int_cumsum,
    run_starts,
    segment_positions,
    segment_sizes,
)


def _segments(seed: int, n: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    starts = rng.random(n) < 0.2
    starts[0] = True
    return starts


def _loop(values: np.ndarray, starts: np.ndarray) -> list[float]:
    out, total = [], 0.0
    for value, start in zip(values.tolist(), starts.tolist(), strict=True):
        total = value if start else total + value
        out.append(total)
    return out


def test_first_rows_points_at_each_segment_start() -> None:
    starts = np.array([True, False, False, True, True, False])
    assert first_rows(starts).tolist() == [0, 0, 0, 3, 4, 4]


def test_int_cumsum_restarts_at_each_segment() -> None:
    starts = _segments(1, 500)
    values = np.random.default_rng(2).integers(-1000, 1000, 500)
    assert int_cumsum(values, starts).tolist() == [int(v) for v in _loop(values.astype(float), starts)]


def test_float_cumsum_adds_in_row_order_like_polars() -> None:
    starts = _segments(3, 2000)
    values = np.random.default_rng(4).normal(0, 1e6, 2000)
    ours = Segments(starts).float_cumsum(values)
    assert ours.tolist() == _loop(values, starts)  # bit-identical: same order of additions
    frame = pl.DataFrame({"segment": np.cumsum(starts), "value": values})
    polars = frame.select(pl.col("value").cum_sum().over("segment")).to_series().to_numpy()
    assert np.array_equal(ours, polars)


def test_run_starts_positions_and_sizes_match_polars_windows() -> None:
    rng = np.random.default_rng(11)
    frame = pl.DataFrame({"a": np.sort(rng.integers(0, 40, 500)), "b": rng.choice(["x", "y"], 500)}).sort("a", "b")
    starts = run_starts(frame, "a", "b")
    expected = frame.select(pl.int_range(pl.len()).over("a", "b").alias("j"), pl.len().over("a", "b").alias("n"))
    assert segment_positions(starts).tolist() == expected.get_column("j").to_list()
    assert segment_sizes(starts).tolist() == expected.get_column("n").to_list()
    assert run_starts(pl.DataFrame({"a": [1, 1, None, None, 2]}), "a").tolist() == [True, False, True, False, True]
