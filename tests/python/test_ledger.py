"""The simulation's ledger hands its rows over in drains, each row once, in the order added."""

from __future__ import annotations

import numpy as np

from generator.simulation import Ledger


def _ledger() -> Ledger:
    ledger = Ledger()
    ledger.add_cash(np.array([0, 1]), 0, 5, np.array([100, 200]))
    ledger.add(np.array([1]), np.array([3]), 3, np.array([6]), np.array([2]), np.array([9.5]), *(np.array([19]),) * 3)
    ledger.add_cash(np.array([2]), 0, 4, np.array([300]))
    return ledger


def test_drain_concatenates_the_chunks_in_the_order_added_and_empties_the_ledger() -> None:
    ledger = _ledger()
    assert ledger.rows == 4
    rows = ledger.drain()
    assert rows["portfolio"].tolist() == [0, 1, 1, 2]
    assert rows["day"].tolist() == [5, 5, 6, 4]
    assert rows["amount"].tolist() == [100, 200, 19, 300]
    assert np.isnan(rows["price"][[0, 1, 3]]).all()
    assert ledger.rows == 0
    empty = ledger.drain()
    assert {key: len(column) for key, column in empty.items()} == dict.fromkeys(empty, 0)
    assert empty["day"].dtype == np.int64 and empty["price"].dtype == np.float64


def test_drain_before_a_day_keeps_the_later_rows_in_order() -> None:
    ledger = _ledger()
    rows = ledger.drain(before_day=6)
    assert rows["day"].tolist() == [5, 5, 4]
    assert rows["portfolio"].tolist() == [0, 1, 2]
    assert ledger.rows == 1
    ledger.add_cash(np.array([3]), 0, 7, np.array([50]))
    rest = ledger.drain(before_day=8)
    assert rest["day"].tolist() == [6, 7]
    assert rest["amount"].tolist() == [19, 50]
    assert ledger.rows == 0
