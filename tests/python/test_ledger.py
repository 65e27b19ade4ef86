"""The simulation's ledger hands each column over once, its chunks released."""

from __future__ import annotations

import numpy as np
import pytest

from generator.simulation import Ledger


def _ledger() -> Ledger:
    ledger = Ledger()
    ledger.add_cash(np.array([0, 1]), 0, 5, np.array([100, 200]))
    ledger.add(np.array([1]), np.array([3]), 3, np.array([6]), np.array([2]), np.array([9.5]), *(np.array([19]),) * 3)
    return ledger


def test_take_concatenates_the_chunks_in_booking_order() -> None:
    ledger = _ledger()
    assert ledger.take("portfolio").tolist() == [0, 1, 1]
    assert ledger.take("day").tolist() == [5, 5, 6]
    assert ledger.take("amount").tolist() == [100, 200, 19]
    assert np.isnan(ledger.take("price")[:2]).all()


def test_take_releases_the_chunks_and_refuses_a_second_take() -> None:
    ledger = _ledger()
    ledger.take("security")
    assert "security" not in ledger.columns
    assert len(ledger.columns["quantity"]) == 2  # the other columns keep theirs
    with pytest.raises(RuntimeError, match="ledger column 'security' was already taken"):
        ledger.take("security")
