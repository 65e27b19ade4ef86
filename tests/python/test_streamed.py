"""A shard's ledger is booked in chunks of whole days as the simulation runs (its rows handed
over, generator/simulation.py): the files and the manifest are the bytes booking it at once
makes; and the parts' control totals combine exactly (generator/streamed.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import generator.simulation as simulation
from generator.cli import main
from generator.streamed import combine_totals


def _generate(out: Path) -> dict[str, object]:
    args = ["--seed", "3", "--scale", "40", "--years", "3", "--out", str(out), "--progress", "off"]
    assert main(args) == 0
    return json.loads((out / "manifest.json").read_text())


def test_many_chunks_write_what_one_chunk_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    booked: list[int] = []
    book = simulation.Simulation.book_rows

    def counting(self: simulation.Simulation, rows: dict[str, object]) -> object:
        frame = book(self, rows)  # type: ignore[arg-type]
        booked.append(frame.height)
        return frame

    monkeypatch.setattr(simulation.Simulation, "book_rows", counting)
    monkeypatch.setattr(simulation, "CHUNK_ROWS", 10**9)
    whole = _generate(tmp_path / "whole")
    assert len(booked) == 1
    monkeypatch.setattr(simulation, "CHUNK_ROWS", 500)
    booked.clear()
    chunked = _generate(tmp_path / "chunked")
    assert len(booked) > 5, booked
    assert chunked == whole  # every file's bytes (sha256), rows and control totals
    files = {entry["name"]: entry for entry in chunked["files"]}  # type: ignore[index]
    assert files["transactions/part-00000.csv"]["rows"] == sum(booked)


def _totals(measure: str, column: str, *values: str) -> list[list[dict[str, str]]]:
    return [[{"table_name": "t", "measure": measure, "column_name": column, "expected_value": v}] for v in values]


def test_control_totals_combine_exactly() -> None:
    assert combine_totals(_totals("row_count", "*", "3", "0", "4"))[0]["expected_value"] == "7"
    assert combine_totals(_totals("sum", "amount", "0.10", "null", "0.20"))[0]["expected_value"] == "0.30"
    assert combine_totals(_totals("sum", "amount", "null", "null"))[0]["expected_value"] == "null"
    assert combine_totals(_totals("min", "d", "2024-03-01", "null", "2023-12-31"))[0]["expected_value"] == "2023-12-31"
    assert combine_totals(_totals("max", "d", "2024-03-01", "2025-01-02"))[0]["expected_value"] == "2025-01-02"
    big = combine_totals(_totals("sum", "amount", "12345678901234.56", "0.01"))[0]["expected_value"]
    assert big == "12345678901234.57"
