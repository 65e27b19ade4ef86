"""One shard of the firm made and written: its people, accounts and portfolios, the simulation
of its accounts, its goals and financial status, and every per-shard table of every domain
module, each written as the shard's part of its table. Runs in the run's own process
(`--jobs 1`) or in a worker process, which builds the shared market data once (the same, from
the same seed) and then takes shard after shard."""

from __future__ import annotations

import signal
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import ModuleType

import polars as pl

from generator.accounts import build_book
from generator.calendar import build_calendar
from generator.config import Config
from generator.context import TRANSACTION_COLUMNS, Context, FirmContext
from generator.interrupts import die_with_parent
from generator.market import build_market
from generator.modules import discover
from generator.people import build_people
from generator.planning import financial_status, goals
from generator.pools import build_pools
from generator.schema import conform
from generator.shards import Shard
from generator.simulation import Rows, Simulation
from generator.streamed import Entry
from generator.writer import write_part


@dataclass
class ShardResult:
    index: int
    entries: list[Entry] = field(default_factory=list)  # the shard's parts, in the order written
    summaries: dict[str, object] = field(default_factory=dict)  # module name -> what its `reduce` needs


def build_firm(config: Config) -> FirmContext:
    """What every shard shares: the calendar, the word pools and the market data."""
    cal = build_calendar(config.history_start, config.as_of)
    pools = build_pools(config.seed)
    return FirmContext(config=config, cal=cal, pools=pools, market=build_market(config, cal, pools))


def _book(simulation: Simulation, chunks: list[pl.DataFrame], rows: Rows) -> None:
    """The simulation's sink: its ledger rows booked as they come (the raw rows freed at once)."""
    chunks.append(simulation.book_rows(rows))


def run_shard(firm: FirmContext, shard: Shard, root: Path, modules: list[ModuleType]) -> ShardResult:
    """Make the shard's rows and write them as its parts under `root` (the run's temporary folder)."""
    config = firm.config.for_shard(shard)
    result = ShardResult(index=shard.index)

    def write(table: str, frame: pl.DataFrame) -> None:
        result.entries.append(write_part(root, table, shard.part, config.fmt, frame))

    people = build_people(config, firm.pools)
    write("advisors", people.advisors)
    write("clients", people.clients)
    write("advisor_assignments", people.assignments)
    book = build_book(config, firm.cal, people.clients, firm.market)
    write("accounts", book.accounts.drop("initial_deposit"))
    simulation = Simulation(config, firm.cal, firm.market, book, people.clients)
    chunks: list[pl.DataFrame] = []  # booked as the simulation hands its rows over, in order
    simulation.run(None, sink=partial(_book, simulation, chunks))
    booked = pl.concat(chunks)
    chunks.clear()
    write("transactions", booked)
    transactions = conform("transactions", booked).select(TRANSACTION_COLUMNS)
    del booked
    portfolios = conform(
        "portfolios",
        book.portfolios.with_columns(pl.Series("last_rebalance_date", simulation.last_rebalance_dates())),
    )
    write("portfolios", portfolios)
    closing = simulation.closing_values()
    month_end_values, fee_records = simulation.month_end_value, simulation.fee_records()
    del simulation
    write("financial_status", financial_status(config, people.clients))
    goal_rows = conform("goals", goals(config, people.clients, book.portfolios, closing))
    write("goals", goal_rows)
    ctx = Context(
        config=config,
        cal=firm.cal,
        pools=firm.pools,
        market=firm.market,
        firm=firm,
        people=people,
        book=book,
        portfolios=portfolios,
        transactions=transactions,
        closing_values=closing,
        goals=goal_rows,
        month_end_values=month_end_values,
        fee_records=fee_records,
    )
    for module in modules:
        tables = module.build(ctx)
        for name, frame in tables.items():
            write(name, frame)
        summarize = getattr(module, "summarize", None)
        if summarize is not None:
            result.summaries[module.__name__] = summarize(ctx, tables)
    return result


# --- worker processes ----------------------------------------------------------------------

_WORKER: dict[str, object] = {}


def init_worker(config: Config, root: Path) -> None:
    """A worker's start (Ctrl-C ignored since it was spawned: the run stops its workers): die
    with the run, and build the shared market data once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()
    _WORKER.update(firm=build_firm(config), root=root, modules=discover())


def work(shard: Shard) -> ShardResult:
    return run_shard(_WORKER["firm"], shard, _WORKER["root"], _WORKER["modules"])  # type: ignore[arg-type]
