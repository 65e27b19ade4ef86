"""Control totals of a table made of several parts (shards, or chunks of one), combined from
the parts' own exactly."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

Totals = list[dict[str, str]]
Entry = tuple[dict[str, object], Totals]  # a written file's manifest entry and control totals
NULL = "null"


def combine_totals(parts: Sequence[Totals]) -> Totals:
    """The control totals of a table from those of its parts (each listing the same measures
    in the same order): row counts and exact decimal sums added, the least minimum and the
    greatest maximum (ISO dates compare as text); "null" where every part has null."""
    combined = []
    for rows in zip(*parts, strict=True):
        values = [row["expected_value"] for row in rows if row["expected_value"] != NULL]
        measure = rows[0]["measure"]
        if not values:
            value = NULL
        elif measure == "row_count":
            value = str(sum(int(v) for v in values))
        elif measure == "sum":
            value = f"{sum(Decimal(v) for v in values):f}"
        else:
            value = min(values) if measure == "min" else max(values)
        combined.append({**rows[0], "expected_value": value})
    return combined
