"""Command line: `python -m generator --seed 42 --scale 1000 --as-of 2025-12-31 --years 10`.

Bad input ends with one line naming the problem and the fix, and exit code 2, before anything
is written; Ctrl-C with one line and exit code 130, the previous output unchanged.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from generator import config as cfg
from generator.arguments import OneLineParser
from generator.errors import EXIT_INTERRUPTED, INTERRUPTED, InputError
from generator.interrupts import ctrl_c, python_sigint


def _parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="python -m generator", description=__doc__)
    parser.add_argument("--seed", type=int, default=cfg.DEFAULT_SEED, help=f"random seed, 0 to {cfg.MAX_SEED}")
    parser.add_argument("--scale", type=int, default=cfg.DEFAULT_SCALE, help="number of clients")
    parser.add_argument(
        "--as-of",
        default=cfg.DEFAULT_AS_OF.isoformat(),
        help=f"last date of history, YYYY-MM-DD, at the latest {cfg.LATEST_AS_OF} (a fixed default, never today)",
    )
    parser.add_argument(
        "--years", type=int, default=cfg.DEFAULT_YEARS, help=f"years of history, starting {cfg.EARLIEST_START} or later"
    )
    parser.add_argument(
        "--start",
        default=None,
        help=f"first date of history (default: as-of minus years), {cfg.MIN_HISTORY_DAYS} days or more before as-of",
    )
    parser.add_argument("--out", default="data/raw", help="output folder (replaced atomically)")
    parser.add_argument("--format", default="csv", help="csv (default) or parquet")
    parser.add_argument("--progress", type=str.lower, choices=("auto", "on", "off"), default="auto")
    parser.add_argument(
        "--shards",
        default=None,
        metavar="FROM:TO",
        help="make only shards FROM to TO-1 (numbered from 0) and the shared tables, to --combine later",
    )
    parser.add_argument(
        "--combine",
        nargs="+",
        default=None,
        metavar="DIR",
        type=Path,
        help="combine the outputs of --shards runs into --out (the other arguments come from them)",
    )
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: the number of cores)"
    )
    parser.add_argument(
        "--shard-size",
        type=int,
        default=cfg.SHARD_SIZE,
        help=f"clients per shard (default {cfg.SHARD_SIZE}; smaller only to test many shards at a small scale)",
    )
    return parser


def _parse_date(text: str, flag: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{flag} {text!r} is not a date: use YYYY-MM-DD, e.g. 2025-12-31") from None


def _available_memory() -> int:
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def _free_disk_bytes(out: Path) -> int:
    """Free space on the file system that will hold `out` (its nearest existing folder)."""
    folder = out.absolute()
    while not folder.exists():
        folder = folder.parent
    return shutil.disk_usage(folder).free


def _gib(size: int) -> str:
    """`size` in GiB with one decimal (exact at any size: the estimates are integers)."""
    return f"{Decimal(size) / 2**30:.1f}"


def _is_output(folder: Path) -> bool:
    """Whether `folder` holds a generator output (its manifest says so)."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and str(manifest.get("generator", "")).startswith("wealth-generator")


def _check_out(out: Path) -> None:
    """The output folder can be made, and replaced, where `out` says: the run moves it away and
    renames its temporary folder beside it, so the folder that holds it must be writable; an
    existing folder is deleted after the run, so it must be empty or a previous output."""
    try:
        if out.exists() and not out.is_dir():
            raise InputError(f"--out {out} is a file, not a folder: pass a folder path, e.g. --out data/raw")
        if out.is_dir() and any(out.iterdir()) and not _is_output(out):
            raise InputError(
                f"--out {out} holds files but no generator manifest.json, and the run would delete them: "
                "pass a new or empty folder, or a previous output, e.g. --out data/raw"
            )
        where, here = Path(os.path.abspath(out)), Path.cwd()
        if not where.name or where == here or where in here.parents:
            raise InputError(
                f"--out {out} is the current folder or holds it, which the run would replace: "
                "pass a folder of its own, e.g. --out data/raw"
            )
        folder = where.parent
        while not folder.exists():
            folder = folder.parent
        if not folder.is_dir():
            raise InputError(f"--out {out} is inside {folder}, a file, not a folder: pass another --out")
        longest, limit = len(os.fsencode(f".{where.name}.previous-12345678")), os.pathconf(folder, "PC_NAME_MAX")
        if longest > limit:  # the name of the folder the replaced output is moved into
            raise InputError(
                f"--out {out} has a name too long for the folders the run makes beside it "
                f"({longest} bytes, at most {limit}): pass a shorter name"
            )
        if not os.access(folder, os.W_OK | os.X_OK):
            raise InputError(
                f"--out {out} cannot be made: no permission to write in {folder}: "
                "fix its permissions or pass another --out"
            )
    except OSError as error:  # a name too long, say
        reason = " ".join(str(error).split())
        raise InputError(f"--out {out} cannot be used ({reason}): pass another --out, e.g. --out data/raw") from None


def _check_dates(as_of: date, start: date | None, years: int) -> None:
    """The history fits between EARLIEST_START and LATEST_AS_OF and lasts MIN_HISTORY_DAYS at least."""
    if as_of > cfg.LATEST_AS_OF:
        raise InputError(
            f"--as-of {as_of} is after {cfg.LATEST_AS_OF}, the latest supported (dates are drawn decades "
            "after it): pass an earlier --as-of"
        )
    earliest_as_of = cfg.EARLIEST_START + timedelta(days=cfg.MIN_HISTORY_DAYS)
    if as_of < earliest_as_of:
        raise InputError(
            f"--as-of {as_of} leaves no room for {cfg.MIN_HISTORY_DAYS} days of history from {cfg.EARLIEST_START}: "
            f"pass --as-of {earliest_as_of} or later"
        )
    if start is None and as_of.year - years < cfg.EARLIEST_START.year:  # checked before any date is made
        raise InputError(
            f"--years {years} before --as-of {as_of} starts the history before {cfg.EARLIEST_START}: "
            f"pass fewer --years (at most {as_of.year - cfg.EARLIEST_START.year}) or a later --start"
        )


def _parse_shards(text: str, count: int) -> tuple[int, int]:
    """--shards FROM:TO, a range of the run's `count` shards (TO not included)."""
    first, _, stop = text.partition(":")
    try:
        bounds = (int(first), int(stop))
    except ValueError:
        raise InputError(f"--shards {text!r} is not FROM:TO: pass shard numbers, e.g. --shards 0:{count}") from None
    if not 0 <= bounds[0] < bounds[1] <= count:
        raise InputError(
            f"--shards {text} is not a range of the {count} shards (0 to {count - 1}): pass FROM:TO with "
            f"0 <= FROM < TO <= {count}, e.g. --shards 0:{count}"
        )
    return bounds


def _combine_args(argv: Sequence[str] | None) -> tuple[list[Path], Path, bool] | None:
    """--combine's folders, --out and the progress bar; None for an ordinary run."""
    args = _parser().parse_args(argv)
    if args.combine is None:
        return None
    for folder in args.combine:
        if not (folder / "manifest.json").is_file():
            raise InputError(
                f"--combine {folder} holds no generator output (manifest.json): pass a --shards run's --out"
            )
    out = Path(args.out)
    _check_out(out)
    return list(args.combine), out, args.progress == "on"


def build_config(argv: Sequence[str] | None = None) -> cfg.Config:
    """Parse and validate the arguments; raise InputError with a one-line fix."""
    args = _parser().parse_args(argv)
    if not 0 <= args.seed <= cfg.MAX_SEED:
        raise InputError(f"--seed {args.seed} must be a whole number from 0 to {cfg.MAX_SEED}, e.g. --seed 42")
    if args.scale < 1:
        raise InputError(f"--scale {args.scale} must be a positive number of clients, e.g. --scale 1000")
    if args.jobs < 1:
        raise InputError(f"--jobs {args.jobs} must be at least 1, e.g. --jobs 2")
    if args.shard_size < 1:
        raise InputError(f"--shard-size {args.shard_size} must be at least 1, e.g. --shard-size {cfg.SHARD_SIZE}")
    if args.years < 1 and args.start is None:
        raise InputError(f"--years {args.years} must be at least 1, e.g. --years 10")
    fmt = args.format.lower()
    if fmt not in cfg.FORMATS:
        raise InputError(f"--format {args.format!r} is unknown: use one of {', '.join(cfg.FORMATS)}")
    as_of = _parse_date(args.as_of, "--as-of")
    start = _parse_date(args.start, "--start") if args.start else None
    _check_dates(as_of, start, args.years)
    out = Path(args.out)
    _check_out(out)
    progress = args.progress == "on" or (args.progress == "auto" and sys.stderr.isatty() and not os.environ.get("CI"))
    config = cfg.Config(
        seed=args.seed,
        scale=args.scale,
        as_of=as_of,
        years=args.years,
        out=out,
        fmt=fmt,
        start=start,
        progress=progress,
        jobs=args.jobs,
        shard_size=args.shard_size,
    )
    if config.history_start >= as_of:
        raise InputError(
            f"--as-of {as_of} is not after the history start {config.history_start}: "
            "pass a later --as-of or an earlier --start"
        )
    days = (as_of - config.history_start).days
    if days < cfg.MIN_HISTORY_DAYS:
        raise InputError(
            f"the history from {config.history_start} to {as_of} is shorter than the {cfg.MIN_HISTORY_DAYS} "
            f"days needed ({days}): pass an earlier --start or a later --as-of"
        )
    if config.history_start < cfg.EARLIEST_START:
        raise InputError(
            f"history start {config.history_start} is before {cfg.EARLIEST_START}: "
            "pass fewer --years or a later --start"
        )
    if args.shards is not None:
        config = replace(config, shard_range=_parse_shards(args.shards, config.shard_count))
    need, have = config.estimated_peak_bytes(), _available_memory()
    if need > have:
        raise InputError(
            f"--scale {args.scale} needs about {_gib(need)} GiB of memory and "
            f"{_gib(have)} GiB is available: lower --jobs, --scale or --years"
        )
    need, have = config.estimated_output_bytes(), _free_disk_bytes(out)
    if need > have:
        raise InputError(
            f"--scale {args.scale} writes about {_gib(need)} GiB and {_gib(have)} GiB is free "
            f"where --out {out} goes: free some space, pass another --out, or lower --scale or --years"
        )
    return config


def _generate(argv: Sequence[str] | None) -> int:
    try:
        combining = _combine_args(argv)
        config = build_config(argv) if combining is None else None
    except InputError as error:
        print(f"generator: error: {error}", file=sys.stderr)
        return 2
    from generator.combine import combine  # heavy imports only after validation
    from generator.pipeline import run

    python_sigint()
    out = combining[1] if combining is not None else config.out  # type: ignore[union-attr]
    try:
        if combining is not None:
            combine(combining[1], combining[0], combining[2])
        else:
            run(config)  # type: ignore[arg-type]
    except InputError as error:
        print(f"generator: error: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # a file that could not be written: a full disk, no permission
        reason = " ".join(str(error).split())
        print(
            f"generator: error: writing {out} failed ({reason}): free some space or fix the "
            "permissions there, or pass another --out; the previous output is unchanged",
            file=sys.stderr,
        )
        return 2
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Generate; the exit code: 0, 2 for bad input or a failed write, 130 when stopped with
    Ctrl-C (the writer has removed its temporary folder by then)."""
    with ctrl_c() as handler:
        try:
            return _generate(argv)
        except KeyboardInterrupt:
            if handler is not None:
                handler.stopped = True
            print(INTERRUPTED, file=sys.stderr)
            return EXIT_INTERRUPTED
