"""How numbers are shown (the browser test reads them back with `parse_shown`)."""

from __future__ import annotations

import math
import re


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def pct(value: float | None, digits: int = 2) -> str:
    """A return or weight as a percentage: 0.1234 -> '12.34%'."""
    if _missing(value):
        return "n/a"
    return f"{value * 100:,.{digits}f}%"


def money(value: float | None, currency: str = "USD") -> str:
    """An amount in whole units, up to 100 million: 1234567.8 -> 'USD 1,234,568'; beyond, in
    millions or billions to four digits: 1177921227.6 -> 'USD 1.178bn'."""
    if _missing(value):
        return "n/a"
    if abs(value) >= 1e9:
        return f"{currency} {value / 1e9:,.3f}bn"
    if abs(value) >= 1e8:
        return f"{currency} {value / 1e6:,.1f}m"
    return f"{currency} {value:,.0f}"


def number(value: float | None, digits: int = 2) -> str:
    if _missing(value):
        return "n/a"
    return f"{value:,.{digits}f}"


def parse_shown(text: str) -> tuple[float, float]:
    """The number a formatted text shows and the half-unit of its last digit (the rounding):
    '12.34%' -> (0.1234, 0.00005), 'USD 1,234,568' -> (1234568.0, 0.5), 'USD 1.178bn' ->
    (1178000000.0, 500000.0)."""
    match = re.search(r"(-?[\d,]+(?:\.(\d+))?)(%|bn|m)?", text)
    if match is None:
        raise ValueError(f"no number in {text!r}")
    decimals = len(match.group(2) or "")
    scale = {"%": 0.01, "bn": 1e9, "m": 1e6, None: 1.0}[match.group(3)]
    value = float(match.group(1).replace(",", ""))
    return value * scale, 0.5 * 10.0**-decimals * scale
