"""What every section shares: the run's settings and work folder, and small helpers."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

TARGET_SCALE = 10_000  # the scale most targets are set at
YEARS = 10
SEED = 42
JOBS = os.cpu_count() or 1  # the generator's default --jobs, passed explicitly
T = TypeVar("T")


@dataclass(frozen=True)
class Context:
    repo: Path
    work: Path
    naive_script: Path


def median_item(items: Sequence[T], key: Callable[[T], float]) -> T:
    """The middle item of `items` ordered by `key` (the upper one of an even count)."""
    return sorted(items, key=key)[len(items) // 2]


def generator_command(scale: int, out: Path, fmt: str = "csv", jobs: int = JOBS) -> list[str]:
    command = [sys.executable, "-m", "generator", "--seed", str(SEED), "--scale", str(scale), "--years", str(YEARS)]
    return [*command, "--format", fmt, "--jobs", str(jobs), "--out", str(out), "--progress", "off"]


def log(message: str, prefix: str = "bench") -> None:
    print(f"{prefix}: {message}", file=sys.stderr, flush=True)


def parse_scales(parser: argparse.ArgumentParser, flag: str, text: str, allow_empty: bool = False) -> list[int]:
    """Comma-separated client counts, sorted and without repeats; a usage error otherwise."""
    try:
        scales = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        parser.error(f"{flag} {text!r} must be comma-separated integers, e.g. 1000,10000")
    if (not scales and not allow_empty) or (scales and scales[0] < 1):
        parser.error(f"{flag} needs {'' if allow_empty else 'at least one '}positive client counts")
    return scales
