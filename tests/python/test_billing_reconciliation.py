"""Billing reconciliation on the built warehouse finds the invoices the generator made wrong: as
many as its documented rate says (within sampling error), each with the documented error."""

from __future__ import annotations

import math
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from generator.simulation import BASIS_OVERSTATEMENT, RATE_MISAPPLICATION, WRONG_INVOICE_RATE


@pytest.fixture(scope="module")
def reconciliation(duckdb_path: Path) -> pd.DataFrame:
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        return connection.execute("select * from marts.fct_billing_reconciliation").df()


def test_found_share_matches_the_documented_rate(reconciliation: pd.DataFrame) -> None:
    n = len(reconciliation)
    assert n > 100
    found = reconciliation.is_discrepancy.mean()
    standard_error = math.sqrt(WRONG_INVOICE_RATE * (1 - WRONG_INVOICE_RATE) / n)
    assert abs(found - WRONG_INVOICE_RATE) <= 4 * standard_error, (found, n)
    assert set(reconciliation.discrepancy_kind) == {"none", "basis_overstated", "rate_misapplied"}


def test_each_error_is_the_documented_one(reconciliation: pd.DataFrame) -> None:
    basis = reconciliation[reconciliation.discrepancy_kind == "basis_overstated"]
    ratio = basis.stated_average_aum / basis.recomputed_average_aum
    assert ((ratio - BASIS_OVERSTATEMENT).abs() <= 1e-6).all()
    rate = reconciliation[reconciliation.discrepancy_kind == "rate_misapplied"]
    assert (
        (rate.invoiced_amount - rate.expected_amount * RATE_MISAPPLICATION).abs() <= 0.01 * RATE_MISAPPLICATION
    ).all()
    right = reconciliation[~reconciliation.is_discrepancy]
    assert (right.difference.abs() <= 0.01).all()
    assert (right.months_valued == right.months_billed).all()
