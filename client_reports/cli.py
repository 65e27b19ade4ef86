"""Command line: `python -m client_reports --client 17 [--quarter 2025Q4]` writes the household's
quarterly report as HTML and PDF; `--advisor 3` writes one for every client of the advisor.
The warehouse is opened read-only, so a report never blocks a rebuild."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import duckdb

from client_reports.data import Quarter, ReportError, clients_of_advisor, household, latest_quarter
from client_reports.render import chromium, print_pdf, render_html, write_atomically
from generator.arguments import OneLineParser


def _parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="python -m client_reports", description=__doc__)
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--client", type=int, help="the client (household) id, as in marts.dim_clients")
    who.add_argument("--advisor", type=int, help="every client of this advisor (marts.dim_clients.advisor_id)")
    parser.add_argument("--quarter", help="the calendar quarter, e.g. 2025Q4 (default: each client's last whole one)")
    parser.add_argument("--db", type=Path, default=Path("data/wealth.duckdb"), help="the built warehouse")
    parser.add_argument("--out", type=Path, default=Path("data/reports"), help="where the reports go")
    parser.add_argument("--no-pdf", action="store_true", help="HTML only (no Chromium needed)")
    return parser


def report_paths(out: Path, client_id: int, quarter: Quarter) -> tuple[Path, Path]:
    stem = out / quarter.code / f"client-{client_id}"
    return stem.with_suffix(".html"), stem.with_suffix(".pdf")


def write_reports(
    database: Path, clients: Sequence[int] | None, advisor: int | None, quarter: Quarter | None, out: Path, pdf: bool
) -> list[Path]:
    if not database.exists():
        raise ReportError(f"{database} does not exist: build the warehouse first (`make run`, or `make build`)")
    browser = chromium() if pdf else None
    written: list[Path] = []
    with duckdb.connect(str(database), read_only=True) as connection:
        for client_id in clients if clients is not None else clients_of_advisor(connection, advisor or 0):
            chosen = quarter or latest_quarter(connection, client_id)
            html, pdf_path = report_paths(out, client_id, chosen)
            write_atomically(html, render_html(household(connection, client_id, chosen)))
            written.append(html)
            if browser:
                print_pdf(html, pdf_path, browser)
                written.append(pdf_path)
            print(f"{client_id}: {pdf_path if browser else html}")
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parsed = _parser().parse_args(argv)
    try:
        quarter = Quarter.parse(parsed.quarter) if parsed.quarter else None
        write_reports(
            parsed.db,
            [parsed.client] if parsed.client is not None else None,
            parsed.advisor,
            quarter,
            parsed.out,
            not parsed.no_pdf,
        )
    except ReportError as error:
        print(f"client_reports: error: {error}", file=sys.stderr)
        return 2
    except duckdb.IOException as error:
        first = str(error).splitlines()[0]
        print(f"client_reports: error: cannot open the warehouse read-only ({first})", file=sys.stderr)
        return 2
    return 0
