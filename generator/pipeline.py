"""The whole run: market data first, then people, then the account simulation; each table
is handed to the writer as soon as it is built, so writing overlaps the next build (tables the
run reads back are conformed to their declared types first; the others in the background)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import nullcontext
from functools import partial
from typing import Any

import polars as pl
from tqdm import tqdm

from generator.accounts import build_book
from generator.calendar import build_calendar
from generator.config import Config
from generator.context import TRANSACTION_COLUMNS, Context
from generator.market import build_market
from generator.modules import discover
from generator.people import build_people
from generator.planning import financial_status, goals
from generator.pools import build_pools
from generator.schema import conform
from generator.simulation import Rows, Simulation
from generator.streamed import StreamedTable
from generator.writer import Writer


def _bar(config: Config, name: str, total: int) -> Any:
    if not config.progress:
        return nullcontext(None)
    return tqdm(total=total, desc=f"{name:<20}", unit="step", file=sys.stderr, leave=True)


def _hand_over(
    streamed: StreamedTable,
    book_rows: Callable[[Rows], pl.DataFrame],
    chunks: list[Future[pl.DataFrame]],
    rows: Rows,
) -> None:
    """The simulation's sink: a chunk of ledger rows to book and write on the table's thread."""
    chunks.append(streamed.append(partial(book_rows, rows), TRANSACTION_COLUMNS))


def run(config: Config) -> None:
    cal = build_calendar(config.history_start, config.as_of)
    pools = build_pools(config.seed)
    with Writer(config.out, config.fmt, config.arguments()) as writer:
        with _bar(config, "market data", 7) as bar:
            writer.submit("trading_calendar", cal.all_days)
            market = build_market(config, cal, pools)
            for name, frame in market.tables.items():
                writer.submit(name, frame)
                if bar is not None:
                    bar.update(1)
        with _bar(config, "clients", 3) as bar:
            people = build_people(config, pools)
            for name, frame in (
                ("advisors", people.advisors),
                ("clients", people.clients),
                ("advisor_assignments", people.assignments),
            ):
                writer.submit(name, frame)
                if bar is not None:
                    bar.update(1)
        # the monthly financial status needs only the clients: built on a side thread while the
        # simulation (numpy, mostly one core) runs; written in its place in the order below
        side = ThreadPoolExecutor(max_workers=1)
        status = side.submit(lambda: conform("financial_status", financial_status(config, people.clients)))
        side.shutdown(wait=False)
        book = build_book(config, cal, people.clients, market)
        writer.submit("accounts", book.accounts.drop("initial_deposit"))
        simulation = Simulation(config, cal, market, book, people.clients)
        # the transactions are booked and written on a thread of their own while the simulation
        # (numpy, mostly one core) runs, in chunks of whole days, in the order handed over
        streamed, chunks = writer.stream("transactions"), []
        with _bar(config, "transactions", len(simulation.month_starts)) as bar:
            simulation.run(bar, sink=partial(_hand_over, streamed, simulation.book_rows, chunks))
        portfolios = writer.write(
            "portfolios",
            book.portfolios.with_columns(pl.Series("last_rebalance_date", simulation.last_rebalance_dates())),
        )
        writer.finish_stream("transactions")
        transactions = pl.concat([chunk.result() for chunk in chunks])
        closing = simulation.closing_values()
        month_end_values, fee_records = simulation.month_end_value, simulation.fee_records()
        del simulation  # its ledger went into `transactions`; this frees its holdings and values
        writer.submit("financial_status", status.result())  # no module reads it back
        ctx = Context(
            config=config,
            cal=cal,
            pools=pools,
            market=market,
            people=people,
            book=book,
            portfolios=portfolios,
            transactions=transactions,
            closing_values=closing,
            goals=writer.write("goals", goals(config, people.clients, book.portfolios, closing)),
            month_end_values=month_end_values,
            fee_records=fee_records,
        )
        modules = discover()
        with _bar(config, "other modules", len(modules)) as bar:
            for module in modules:
                for name, frame in module.build(ctx).items():
                    writer.submit(name, frame)
                if bar is not None:
                    bar.update(1)
