"""Command line: `python -m generator --seed 42 --scale 1000 --as-of 2025-12-31 --years 10`."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import NoReturn

from generator import config as cfg
from generator.errors import InputError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit code 2
        print(f"generator: error: {message} (see python -m generator --help)", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m generator", description=__doc__)
    parser.add_argument("--seed", type=int, default=cfg.DEFAULT_SEED, help="random seed")
    parser.add_argument("--scale", type=int, default=cfg.DEFAULT_SCALE, help="number of clients")
    parser.add_argument(
        "--as-of",
        default=cfg.DEFAULT_AS_OF.isoformat(),
        help="last date of history, YYYY-MM-DD (a fixed default, never today)",
    )
    parser.add_argument("--years", type=int, default=cfg.DEFAULT_YEARS, help="years of history")
    parser.add_argument("--start", default=None, help="first date of history (default: as-of minus years)")
    parser.add_argument("--out", default="data/raw", help="output folder (replaced atomically)")
    parser.add_argument("--format", default="csv", help="csv (default) or parquet")
    parser.add_argument("--progress", choices=("auto", "on", "off"), default="auto")
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


def build_config(argv: Sequence[str] | None = None) -> cfg.Config:
    """Parse and validate the arguments; raise InputError with a one-line fix."""
    args = _parser().parse_args(argv)
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
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out} is a file, not a folder: pass a folder path, e.g. --out data/raw")
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
    if config.history_start < cfg.EARLIEST_START:
        raise InputError(
            f"history start {config.history_start} is before {cfg.EARLIEST_START}: "
            "pass fewer --years or a later --start"
        )
    need, have = config.estimated_peak_bytes(), _available_memory()
    if need > have:
        raise InputError(
            f"--scale {args.scale} needs about {need / 2**30:.1f} GiB of memory and "
            f"{have / 2**30:.1f} GiB is available: lower --scale or --years"
        )
    need, have = config.estimated_output_bytes(), _free_disk_bytes(out)
    if need > have:
        raise InputError(
            f"--scale {args.scale} writes about {need / 2**30:.1f} GiB and {have / 2**30:.1f} GiB is free "
            f"where --out {out} goes: free some space, pass another --out, or lower --scale or --years"
        )
    return config


def main(argv: Sequence[str] | None = None) -> int:
    from generator.pipeline import run  # heavy imports only after validation

    try:
        config = build_config(argv)
    except InputError as error:
        print(f"generator: error: {error}", file=sys.stderr)
        return 2
    try:
        run(config)
    except OSError as error:  # a file that could not be written: a full disk, no permission
        reason = " ".join(str(error).split())
        print(
            f"generator: error: writing {config.out} failed ({reason}): free some space or fix the "
            "permissions there, or pass another --out; the previous output is unchanged",
            file=sys.stderr,
        )
        return 2
    return 0
