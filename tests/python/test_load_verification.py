"""The loader reads the declared types from either format, and the control totals catch a
file that lost a row or had a value changed after generation."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from tests.python.conftest import dbt, generate_into


def _results(workdir: Path) -> dict[str, str]:
    results = json.loads((workdir / "target" / "run_results.json").read_text(encoding="utf-8"))
    return {r["unique_id"]: r["status"] for r in results["results"]}


def test_control_totals_catch_dropped_and_altered_rows(raw_dir: Path, tmp_path: Path) -> None:
    """The matches_control_totals tests catch a raw table that lost a row or had a value
    changed. Files changed that way never load (the loader checks the same totals first:
    test_faults.py), so the tables are changed after loading here."""
    database = tmp_path / "wealth.duckdb"
    env = {"WEALTH_RAW_DIR": str(raw_dir), "WEALTH_DUCKDB_PATH": str(database)}
    loaded = dbt(["run", "--select", "stg_clients", "--target", "duckdb"], env, tmp_path)
    assert loaded.returncode == 0, loaded.stdout[-3000:]
    with duckdb.connect(str(database)) as connection:
        connection.execute(
            "delete from raw.transactions where transaction_id = (select max(transaction_id) from raw.transactions)"
        )
        connection.execute(  # one amount changed by a cent
            "update raw.dividends set amount_per_share = amount_per_share + 0.01"
            " where dividend_id = (select min(dividend_id) from raw.dividends)"
        )
    selection = ["source:raw.transactions", "source:raw.dividends", "source:raw.clients"]
    result = dbt(["test", "--select", *selection, "--target", "duckdb"], env, tmp_path)
    assert result.returncode == 1
    status = _results(tmp_path)
    control = {uid.split(".")[2]: s for uid, s in status.items() if "matches_control_totals" in uid}
    assert control == {
        "source_matches_control_totals_raw_clients_": "pass",
        "source_matches_control_totals_raw_dividends_": "fail",
        "source_matches_control_totals_raw_transactions_": "fail",
    }


def test_parquet_output_loads_like_csv(tmp_path: Path) -> None:
    fmt = "parquet"
    out = generate_into(tmp_path / "raw", seed=7, scale=20, years=1)
    parquet = tmp_path / "raw_parquet"
    from generator.cli import main

    assert (
        main(
            [
                "--seed",
                "7",
                "--scale",
                "20",
                "--years",
                "1",
                "--as-of",
                "2025-12-31",
                "--out",
                str(parquet),
                "--format",
                fmt,
                "--progress",
                "off",
            ]
        )
        == 0
    )
    env = {"WEALTH_RAW_DIR": str(parquet), "WEALTH_RAW_FORMAT": fmt, "WEALTH_DUCKDB_PATH": str(tmp_path / "w.duckdb")}
    result = dbt(["run", "--select", "stg_transactions", "stg_clients", "--target", "duckdb"], env, tmp_path)
    assert result.returncode == 0, result.stdout[-3000:]
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as connection:
        loaded = connection.execute("select count(*), sum(amount) from raw.transactions").fetchone()
        types = connection.execute(
            "select data_type from information_schema.columns where table_name = 'clients'"
            " and column_name = 'postal_code'"
        ).fetchone()
        csv_side = connection.execute(
            f"select count(*), sum(amount) from read_csv('{out}/transactions/*.csv',"
            " types={'amount': 'decimal(18,2)'})"
        ).fetchone()
    assert loaded == csv_side
    assert types == ("VARCHAR",)
