"""Markdown helpers: the machine header, tables and number formatting."""

from __future__ import annotations

import os
import platform
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version


def memory_total_bytes() -> int:
    with open("/proc/meminfo", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("MemTotal missing from /proc/meminfo")


def machine_lines() -> list[str]:
    return [
        f"- CPUs: {os.cpu_count()}",
        f"- Memory: {gib(memory_total_bytes())} (MemTotal in /proc/meminfo)",
        f"- Python {platform.python_version()}, duckdb {version('duckdb')}, polars {version('polars')}, "
        f"faker {version('faker')}, dbt-core {version('dbt-core')}, dbt-duckdb {version('dbt-duckdb')}, "
        f"dbt-spark {_version('dbt-spark')}, pyspark {_version('pyspark')}",
    ]


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    """A Markdown table; the first column left-aligned, the others right-aligned."""
    cells = [[str(cell) for cell in row] for row in rows]
    align = [":---"] + ["---:"] * (len(header) - 1)
    lines = [_row(header), _row(align)]
    lines.extend(_row(row) for row in cells)
    return lines


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def count(value: float) -> str:
    return f"{value:,.0f}"


def seconds(value: float) -> str:
    return f"{value:,.2f} s"


def ratio(value: float) -> str:
    return f"{value:,.1f}x" if value >= 10 else f"{value:,.2f}x"


def gib(value: float) -> str:
    return f"{value / 2**30:,.2f} GiB"


def mib(value: float) -> str:
    return f"{value / 2**20:,.0f} MiB"


def per_thousand(value: float, clients: int) -> str:
    """Bytes per 1,000 clients."""
    return mib(value / clients * 1000)


def size(value: float) -> str:
    return gib(value) if value >= 2**30 else mib(value)


def met(ok: bool | None) -> str:
    if ok is None:
        return "n/a"
    return "yes" if ok else "**no**"


@dataclass(frozen=True)
class Target:
    """One of the issue's targets: the goal, the measured figure (None: the scale it is set at
    was not measured) and whether the figure meets it."""

    goal: str
    figure: str | None
    ok: bool | None

    @classmethod
    def unmeasured(cls, goal: str, why: str) -> Target:
        return cls(goal, f"not measured ({why})", None)


def targets(items: Sequence[Target]) -> list[str]:
    """The targets as a table: goal, measured figure, met (yes, **no**, or n/a)."""
    return table(["Target", "Measured", "Met"], [[t.goal, t.figure or "", met(t.ok)] for t in items])
