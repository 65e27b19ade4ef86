"""Every alert type of seed risk_alert_types fires in the test build. Not a data test of the
build: a user's data (one client, say) need not contain a breach of every kind, and each
type's logic is proven on its own rows by the dbt unit tests in models/intermediate/risk_alerts/.
This checks the whole chain end to end on data known to contain every case."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[2]


def test_every_risk_alert_type_fires_in_the_test_build(duckdb_path: Path) -> None:
    with (REPO / "seeds" / "risk_alert_types.csv").open(encoding="utf-8") as handle:
        declared = {row["alert_type"] for row in csv.DictReader(handle)}
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        fired = dict(connection.execute("select alert_type, count(*) from marts.fct_risk_alerts group by 1").fetchall())
    assert len(declared) >= 11
    assert declared - set(fired) == set(), f"alert types that never fire in the test build: {declared - set(fired)}"
    assert set(fired) <= declared
