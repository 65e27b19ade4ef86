"""A table written in chunks as they are built (the transactions, as the simulation books
them): each chunk is built, conformed and appended to the file on the table's own thread, in
the order given, while the run goes on; the file's manifest entry and control totals come at the
end, the totals combined from the chunks'. The file holds the bytes one write of the whole
table would have made (a CSV row does not depend on the rows around it)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import polars as pl

from generator.formats import Appender
from generator.schema import conform

Totals = list[dict[str, str]]
NULL = "null"


def combine_totals(parts: Sequence[Totals]) -> Totals:
    """The control totals of a table from those of its chunks (each listing the same measures
    in the same order): row counts and exact decimal sums added, the least minimum and the
    greatest maximum (ISO dates compare as text); "null" where every chunk has null."""
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


Entry = tuple[dict[str, object], Totals]


class StreamedTable:
    """Chunks of one table appended in order; `finish` gives its manifest entry."""

    def __init__(
        self,
        table: str,
        path: Path,
        out: Appender,
        describe: Callable[[str, Path, int], dict[str, object]],
        totals: Callable[[str, pl.DataFrame], Totals],
    ) -> None:
        self.table, self.path, self._out = table, path, out
        self._describe, self._totals = describe, totals
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"write-{table}")
        self._chunks: list[Future[pl.DataFrame]] = []
        self._parts: list[Totals] = []
        self._rows = 0

    def append(self, make: Callable[[], pl.DataFrame], keep: Sequence[str]) -> Future[pl.DataFrame]:
        """Build (`make`), conform and append a chunk in the background, after the chunks
        appended before it; its `keep` columns, conformed, come back."""
        future = self._thread.submit(self._append, make, tuple(keep))
        self._chunks.append(future)
        return future

    def _append(self, make: Callable[[], pl.DataFrame], keep: tuple[str, ...]) -> pl.DataFrame:
        conformed = conform(self.table, make())
        self._out.write(conformed)
        self._rows += conformed.height
        self._parts.append(self._totals(self.table, conformed))
        return conformed.select(keep)

    def finish(self) -> Future[Entry]:
        """Close the file once every chunk is in (a chunk's failure fails it too)."""
        future = self._thread.submit(self._finish)
        self._thread.shutdown(wait=False)
        return future

    def _finish(self) -> Entry:
        for chunk in self._chunks:
            chunk.result()
        self._out.close()
        return self._describe(self.table, self.path, self._rows), combine_totals(self._parts)

    def stop(self) -> None:
        """Cancel the chunks not yet written and wait for the one being written."""
        self._thread.shutdown(wait=True, cancel_futures=True)
