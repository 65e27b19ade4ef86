"""`make build` (python -m warehouse build) refuses, before dbt starts, raw folders it cannot
build: with one line naming the fix, exit code 2, and nothing written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import REPO

from generator.cli import main


def _build(raw: Path, db: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "warehouse", "build", "--raw", str(raw), "--db", str(db)]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)


def test_a_shard_range_alone_is_refused(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    args = ["--scale", "30", "--years", "1", "--shard-size", "10", "--shards", "0:2", "--out", str(raw)]
    assert main([*args, "--progress", "off"]) == 0
    result = _build(raw, tmp_path / "data" / "wealth.duckdb")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"warehouse: {raw} holds shards 0 to 1 of 3 only (a --shards run): combine the outputs of every range "
        f"first (python -m generator --combine DIR... --out {raw})"
    ]
    assert not (tmp_path / "data").exists() or list((tmp_path / "data").iterdir()) == []


def test_a_missing_raw_folder_says_to_generate(tmp_path: Path) -> None:
    result = _build(tmp_path / "raw", tmp_path / "data" / "wealth.duckdb")
    assert result.returncode == 2
    assert "no generated files in" in result.stderr and "run `make generate` first" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
