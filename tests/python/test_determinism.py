"""Same seed, same bytes, whatever the number of worker processes; another seed, other bytes;
per-table and per-shard streams stay independent; a larger scale contains a smaller one's full
shards unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from generator import rng
from tests.python.conftest import TEST_SEED, generate_into


def _manifest(folder: Path) -> dict[str, object]:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def _hashes(folder: Path) -> dict[str, str]:
    return {f["name"]: f["sha256"] for f in _manifest(folder)["files"]}  # type: ignore[index]


def test_same_seed_gives_identical_files(tmp_path: Path) -> None:
    first = generate_into(tmp_path / "a", seed=11, scale=40, years=2)
    second = generate_into(tmp_path / "b", seed=11, scale=40, years=2)
    assert _manifest(first) == _manifest(second)
    for name in _hashes(first):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_different_seed_differs(tmp_path: Path) -> None:
    first = _hashes(generate_into(tmp_path / "a", seed=11, scale=40, years=2))
    other = _hashes(generate_into(tmp_path / "b", seed=12, scale=40, years=2))
    changed = [name for name in first if first[name] != other[name]]
    assert {"clients/part-00000.csv", "prices/part-00000.csv", "transactions/part-00000.csv"} <= set(changed)


def test_streams_are_independent_of_each_other() -> None:
    a = rng.stream(5, "clients").random(5)
    assert np.array_equal(a, rng.stream(5, "clients").random(5))
    assert not np.array_equal(a, rng.stream(5, "accounts").random(5))
    assert not np.array_equal(a, rng.stream(6, "clients").random(5))
    shard = rng.stream(5, "clients", 0).random(5)
    assert not np.array_equal(a, shard)  # the firm's stream is not shard 0's
    assert not np.array_equal(shard, rng.stream(5, "clients", 1).random(5))


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_bytes_whatever_the_number_of_workers(tmp_path: Path) -> None:
    one = generate_into(tmp_path / "one", seed=5, scale=50, years=2, shard_size=20, jobs=1)
    two = generate_into(tmp_path / "two", seed=5, scale=50, years=2, shard_size=20, jobs=2)
    files = _files(one)
    assert "transactions/part-00002.csv" in files  # three shards: 20, 20 and 10 clients
    assert files == _files(two)


def test_shard_ranges_combined_are_the_whole_run(tmp_path: Path) -> None:
    """Two machines each make a range of the shards (--shards FROM:TO, in their own folders);
    --combine makes of them the output one run makes, byte for byte."""
    from generator.cli import main

    common = ["--seed", "9", "--scale", "70", "--years", "2", "--shard-size", "20", "--progress", "off"]
    whole = generate_into(tmp_path / "whole", seed=9, scale=70, years=2, shard_size=20)
    assert main([*common, "--shards", "0:2", "--out", str(tmp_path / "a")]) == 0
    assert main([*common, "--shards", "2:4", "--jobs", "2", "--out", str(tmp_path / "b")]) == 0
    assert _manifest(tmp_path / "a")["partial"] == {"shards": [0, 2], "of": 4}
    assert not (tmp_path / "a" / "etl_logs").exists()  # totals of every shard: made by --combine
    combined = tmp_path / "combined"
    assert main(["--combine", str(tmp_path / "b"), str(tmp_path / "a"), "--out", str(combined)]) == 0
    assert _files(combined) == _files(whole)


def test_a_larger_scale_contains_the_smaller_ones_full_shards(tmp_path: Path) -> None:
    small = _manifest(generate_into(tmp_path / "small", seed=5, scale=40, years=2, shard_size=20))
    large = _manifest(generate_into(tmp_path / "large", seed=5, scale=70, years=2, shard_size=20))
    large_files = {f["name"]: f["sha256"] for f in large["files"]}  # type: ignore[index]
    small_parts = {
        f["name"]: f["sha256"]
        for f in small["files"]  # type: ignore[index]
        if f["name"].split("/")[-1] in ("part-00000.csv", "part-00001.csv")
        and f["name"].split("/")[0] in ("clients", "accounts", "transactions", "goals", "audit_logs")
    }
    assert len(small_parts) == 10
    assert {name: large_files[name] for name in small_parts} == small_parts


def test_manifest_lists_every_file_with_size_and_hash(raw_dir: Path) -> None:
    import hashlib

    manifest = _manifest(raw_dir)
    listed = {f["name"] for f in manifest["files"]}  # type: ignore[index]
    on_disk = {p.relative_to(raw_dir).as_posix() for p in raw_dir.rglob("*") if p.is_file()} - {"manifest.json"}
    assert listed == on_disk
    assert {name.split("/")[0] for name in listed} - {"control_totals"} == set(manifest["tables"])  # type: ignore[call-overload]
    assert manifest["tables"]["transactions"]["parts"] == 3  # type: ignore[index]
    for entry in manifest["files"]:  # type: ignore[index]
        data = (raw_dir / entry["name"]).read_bytes()
        assert entry["bytes"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["rows"] == data.count(b"\n") - 1
    assert manifest["arguments"]["seed"] == TEST_SEED  # type: ignore[index]


def test_smallest_runs_generate(tmp_path: Path) -> None:
    for scale in (1, 3):
        out = generate_into(tmp_path / f"s{scale}", seed=scale, scale=scale, years=1)
        assert (out / "manifest.json").is_file()


def test_same_bytes_across_processes_and_hash_seeds(tmp_path: Path) -> None:
    """Two separate processes with different PYTHONHASHSEED give the same files (set or dict
    ordering must never leak into the data)."""
    import os
    import subprocess
    import sys

    hashes = []
    for hash_seed in ("1", "2"):
        out = tmp_path / f"h{hash_seed}"
        args = ["--seed", "3", "--scale", "300", "--years", "1", "--out", str(out), "--progress", "off"]
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        subprocess.run([sys.executable, "-m", "generator", *args], check=True, env=env, cwd=Path(__file__).parents[2])
        hashes.append(_hashes(out))
    assert hashes[0] == hashes[1]
