"""What the core of a run has built, handed to the domain modules in generator/modules/.

Two contexts, so that a builder reaches only what it may: FirmContext holds what every shard
shares (the configuration, the calendar, the word pools and the market data) and goes to the
builders of the firm's shared tables; Context holds one shard's rows besides (its people,
book, transactions, goals ...) and goes to the per-shard builders, which therefore cannot
read another shard's rows, nor the firm's as a whole, by accident.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import polars as pl

from generator.accounts import Book
from generator.calendar import TradingCalendar
from generator.config import Config
from generator.market import Market
from generator.people import People
from generator.pools import Pools
from generator.rng import stream
from generator.shards import Shard

# the columns of the transactions table that the modules read: the Context keeps only these,
# so the others (16-byte decimals among them) are freed once the table is written
TRANSACTION_COLUMNS = (
    "transaction_id",
    "portfolio_id",
    "security_id",
    "transaction_type",
    "trade_date",
    "quantity",
    "currency_code",
    "amount_local",
    "amount",
    "status",
)


@dataclass(frozen=True)
class FirmContext:
    config: Config  # the run's (no shard set)
    cal: TradingCalendar
    pools: Pools
    market: Market  # securities, prices [day, security], FX, benchmark levels, dividends

    def stream(self, key: str) -> np.random.Generator:
        """The random stream of one shared table (or one purpose)."""
        return stream(self.config.seed, key)


@dataclass(frozen=True)
class Context:
    config: Config  # the shard's (config.part is the shard)
    cal: TradingCalendar
    pools: Pools
    market: Market  # securities, prices [day, security], FX, benchmark levels, dividends
    firm: FirmContext  # the same four, for a shared table a shard's builder needs (rebuilt from them)
    people: People  # advisors, clients, advisor assignments
    book: Book  # accounts and portfolios with their holdings slots
    portfolios: pl.DataFrame  # the portfolios table as written
    transactions: pl.DataFrame  # the TRANSACTION_COLUMNS of the transactions table as written
    closing_values: np.ndarray  # market value of each portfolio (row order of `portfolios`) on the as-of date
    goals: pl.DataFrame
    month_end_values: np.ndarray  # [portfolio row, month] value at each month's last trading day (NaN before inception)
    fee_records: pl.DataFrame  # one row per quarterly fee charged (see Simulation.fee_records)

    @cached_property
    def rebalancing_days(self) -> pl.DataFrame:
        """(portfolio_id, trade_date) of every day a portfolio both bought and sold (settled
        trades), sorted; computed once for the modules that use it."""
        kind = self.transactions.get_column("transaction_type")
        trades = self.transactions.select("portfolio_id", "trade_date", (kind == "buy").alias("buy")).filter(
            (self.transactions.get_column("status") == "settled") & kind.is_in(["buy", "sell"])
        )
        return (
            trades.group_by("portfolio_id", "trade_date")
            .agg(pl.col("buy").any().alias("bought"), pl.col("buy").all().alias("only_bought"))
            .filter(pl.col("bought") & ~pl.col("only_bought"))
            .select("portfolio_id", "trade_date")
            .sort("portfolio_id", "trade_date")
        )

    @property
    def shard(self) -> Shard:
        return self.config.part

    def stream(self, key: str) -> np.random.Generator:
        """The random stream of one table (or one purpose) in this shard: keyed, so tables
        and shards stay independent."""
        return self.config.stream(key)

    def ids(self, n: int) -> np.ndarray:
        """Keys of a table's first `n` rows in this shard (see generator/shards.py)."""
        return self.shard.ids(n)

    def id_column(self, name: str) -> pl.Expr:
        """`name`: the keys of a frame's rows in order, as an expression (1, 2 ... in shard 0)."""
        return (pl.int_range(1, pl.len() + 1, dtype=pl.Int64) + self.shard.id_offset).alias(name)
