"""Stable multi-key sort orders in numpy, against Polars' own stable sort."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from generator.ordering import lex_order, sort_rows, stable_argsort


def _polars_order(keys: list[np.ndarray]) -> list[int]:
    frame = pl.DataFrame({f"k{j}": key for j, key in enumerate(keys)}).with_row_index("row")
    return frame.sort([f"k{j}" for j in range(len(keys))], maintain_order=True).get_column("row").to_list()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_packed_keys_sort_like_polars(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 5_000
    keys = [
        rng.integers(1_700_000_000, 1_700_000_050, n),  # many ties on the first key
        rng.random(n) < 0.5,
        rng.integers(-3, 4, n),
    ]
    assert lex_order(keys).tolist() == _polars_order(keys)


def test_wide_keys_fall_back_to_lexsort() -> None:
    rng = np.random.default_rng(7)
    n = 2_000
    big = np.iinfo(np.int64).max
    keys = [rng.choice([-big, 0, big], n), rng.integers(0, 3, n), rng.choice([-big, big], n)]
    assert lex_order(keys).tolist() == _polars_order(keys)


def test_ties_keep_row_order() -> None:
    assert lex_order([np.array([2, 1, 2, 1]), np.array([0, 0, 0, 0])]).tolist() == [1, 3, 0, 2]


def test_empty_and_missing_keys() -> None:
    assert lex_order([np.zeros(0, dtype=np.int64)]).tolist() == []
    with pytest.raises(ValueError):
        lex_order([])


def test_sort_rows_sorts_dates_and_expressions_like_polars() -> None:
    rng = np.random.default_rng(3)
    n = 3_000
    frame = pl.DataFrame(
        {
            "day": pl.Series(rng.integers(19_000, 19_030, n)).cast(pl.Int32).cast(pl.Date),
            "id": rng.integers(0, 50, n),
            "kind": rng.choice(["b", "a", "c"], n),
            "text": [f"row {k}" for k in range(n)],
        }
    )
    code = pl.col("kind").replace_strict({"c": 0, "a": 1, "b": 2}, return_dtype=pl.Int64)
    expected = frame.sort([pl.col("day"), pl.col("id"), code], maintain_order=True)
    assert sort_rows(frame, "day", "id", code).equals(expected)
    with pytest.raises(ValueError):
        sort_rows(pl.DataFrame({"k": [1, None]}), "k")


@pytest.mark.parametrize(
    "keys",
    [
        np.random.default_rng(11).integers(-5, 6, 20_000),  # many ties, negative keys
        np.random.default_rng(12).integers(0, 1 << 40, 20_000),  # packed with the row numbers
        np.random.default_rng(13).integers(np.iinfo(np.int64).min, np.iinfo(np.int64).max, 5_000),  # too wide
        np.random.default_rng(14).random(5_000) < 0.3,
        np.repeat(np.int64(7), 1_000),
        np.arange(3_000, dtype=np.int32)[::-1],
        np.array([2**64 - 1, 0, 2**63, 0], dtype=np.uint64),
        np.array([3], dtype=np.int64),
        np.zeros(0, dtype=np.int64),
    ],
)
def test_stable_argsort_is_numpys_stable_argsort(keys: np.ndarray) -> None:
    ours = stable_argsort(keys)
    assert ours.dtype == np.int64
    assert ours.tolist() == np.argsort(keys, kind="stable").tolist()


def test_stable_argsort_leaves_its_keys_alone() -> None:
    keys = np.array([5, 1, 5, 0], dtype=np.int64)
    stable_argsort(keys)
    assert keys.tolist() == [5, 1, 5, 0]
