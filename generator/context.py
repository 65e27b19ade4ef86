"""What the core of a run has built, handed to the domain modules in generator/modules/."""

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
class Context:
    config: Config
    cal: TradingCalendar
    pools: Pools
    market: Market  # securities, prices [day, security], FX, benchmark levels, dividends
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

    def stream(self, key: str) -> np.random.Generator:
        """The random stream of one table (or one purpose): keyed, so tables stay independent."""
        return stream(self.config.seed, key)
