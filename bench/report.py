"""Markdown helpers: the machine header, tables and number formatting."""

from __future__ import annotations

import os
import platform
from collections.abc import Sequence
from importlib.metadata import version


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
        f"faker {version('faker')}, dbt-core {version('dbt-core')}, dbt-duckdb {version('dbt-duckdb')}",
    ]


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


def met(ok: bool | None) -> str:
    if ok is None:
        return "n/a (10,000 clients not measured)"
    return "yes" if ok else "**no**"
