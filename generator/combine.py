"""--combine: the outputs of runs of some of the shards (--shards FROM:TO, on one machine or
several) made into the output one run of every shard makes, byte for byte: each folder's
shards' parts, the shared tables (the same in every folder), and the tables that total the
shards, reduced from the summaries the partial runs kept."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

from generator.config import Config
from generator.errors import InputError
from generator.modules import discover
from generator.pipeline import write_reduced
from generator.schema import declared_tables
from generator.shard_run import build_firm
from generator.streamed import Entry, Totals
from generator.writer import SUMMARIES, Writer, load_summaries


def _manifest(folder: Path) -> dict[str, object]:
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise InputError(
            f"--combine {folder} holds no generator output (manifest.json): pass the --out of a run"
        ) from None
    if "partial" not in manifest:
        raise InputError(f"--combine {folder} is a whole run's output: pass the outputs of --shards runs")
    return manifest


def _totals(table: str, nested: dict[str, dict[str, str]]) -> Totals:
    """A part's control totals as rows, in the order the writer makes them (row count, then the
    declared columns' measures)."""
    rows = [
        {"table_name": table, "measure": "row_count", "column_name": "*", "expected_value": nested["row_count"]["*"]}
    ]
    for name, sql_type in declared_tables().get(table, []):
        measures = ("sum",) if sql_type.startswith("decimal") else ("min", "max") if sql_type == "date" else ()
        for measure in measures:
            rows.append(
                {"table_name": table, "measure": measure, "column_name": name, "expected_value": nested[measure][name]}
            )
    return rows


def _bring(source: Path, target: Path) -> None:
    """A file into the new output: a hard link where the file system allows one, else a copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _check(folders: list[Path], manifests: list[dict[str, object]]) -> list[int]:
    """The folders in shard order, having checked they are parts of one run, each shard once."""
    arguments = manifests[0]["arguments"]
    for folder, manifest in zip(folders, manifests, strict=True):
        if manifest["arguments"] != arguments:
            raise InputError(f"--combine {folder} was made with other arguments than {folders[0]}: {arguments}")
    order = sorted(range(len(folders)), key=lambda i: manifests[i]["partial"]["shards"][0])  # type: ignore[index]
    expected = 0
    count = manifests[0]["partial"]["of"]  # type: ignore[index]
    for i in order:
        first, stop = manifests[i]["partial"]["shards"]  # type: ignore[index]
        if first != expected:
            raise InputError(f"--combine: shards {expected} to {first - 1} are missing or made twice ({folders[i]})")
        expected = stop
    if expected != count:
        raise InputError(f"--combine: shards {expected} to {count - 1} of {count} are missing: pass their outputs too")
    return order


def combine(out: Path, folders: list[Path], progress: bool = False) -> None:
    manifests = [_manifest(folder) for folder in folders]
    order = _check(folders, manifests)
    arguments = dict(manifests[0]["arguments"])  # type: ignore[call-overload]
    config = Config(
        seed=int(arguments["seed"]),
        scale=int(arguments["scale"]),
        as_of=date.fromisoformat(str(arguments["as_of"])),
        start=date.fromisoformat(str(arguments["history_start"])),
        out=out,
        fmt=str(arguments["format"]),
        shard_size=int(arguments["shard_size"]),
        progress=progress,
    )
    firm, modules = build_firm(config), discover()
    summaries: dict[str, list[object]] = {}
    with Writer(out, config.fmt, config.arguments()) as writer:
        for position, i in enumerate(order):
            folder, manifest = folders[i], manifests[i]
            tables = manifest["tables"]  # type: ignore[index]
            shard_parts: list[Entry] = []
            shared_parts: list[Entry] = []
            for entry in manifest["files"]:  # type: ignore[attr-defined]
                table = str(entry["table"])
                if table == "control_totals":
                    continue
                shared = bool(tables[table]["shared"])
                if shared and position > 0:
                    continue  # the same in every folder: the first's are taken
                _bring(folder / str(entry["name"]), writer.tmp / str(entry["name"]))
                record = {key: value for key, value in entry.items() if key != "control_totals"}
                (shared_parts if shared else shard_parts).append((record, _totals(table, entry["control_totals"])))
            writer.add_parts(shared_parts, shared=True)
            writer.add_parts(shard_parts)
            for part in sorted((folder / SUMMARIES).glob("part-*.npz")):
                for module_name, summary in load_summaries(part).items():
                    summaries.setdefault(module_name, []).append(summary)
        write_reduced(writer, firm, modules, summaries)
