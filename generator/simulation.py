"""Account simulation: a loop over month starts, vectorised over portfolios and holdings.

On the first trading day of every month, in this order: dividends and coupons of the month
before are paid (their ex-dates and pay dates fall strictly between month starts, so the
position on the ex-date is the one held since the last month start); new portfolios are
funded; contributions arrive; and in January, April, July and October the quarterly fee is
charged, some clients withdraw, and portfolios due for rebalancing trade back to their
targets (the others sell pro rata only if they lack the cash for the fee and withdrawal).
Within a day: income, deposits, sells, fee, withdrawal, buys, so the running cash balance
never goes negative; amounts are integer cents, so the check is exact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from generator.accounts import Book
from generator.calendar import TradingCalendar
from generator.config import Config
from generator.market import Market
from generator.ordering import lex_order, stable_argsort
from generator.reference import seed

TYPES = ("deposit", "withdrawal", "fee", "buy", "sell", "dividend", "interest")
DEPOSIT, WITHDRAWAL, FEE, BUY, SELL, DIVIDEND, INTEREST = range(len(TYPES))
ORDER_IN_DAY = {DIVIDEND: 0, INTEREST: 0, DEPOSIT: 1, SELL: 2, FEE: 3, WITHDRAWAL: 4, BUY: 5}
CONTRIBUTION_PROBABILITY = 0.12
WITHDRAWAL_PROBABILITY = {True: 0.55, False: 0.05}  # per quarter, retired or not
MIN_TRADE_WEIGHT = 0.002  # buys below this share of the portfolio are skipped
CANCELLED_RATE = 0.003  # share of trades entered twice, the duplicate cancelled
# Quarterly fees are billed in arrears on the average of the quarter's month-end values. This
# documented share of them is deliberately wrong, so that billing reconciliation can find them:
WRONG_INVOICE_RATE = 0.02
BILLING_ERRORS = ("none", "basis_overstated", "rate_misapplied")
BASIS_OVERSTATEMENT = 1.10  # basis_overstated: the average AUM billed is 10% too high
RATE_MISAPPLICATION = 1.25  # rate_misapplied: the fee is 25% above the schedule's


# the ledger's columns: amounts in integer cents, prices and rates as floats
LEDGER_TYPES = {
    "portfolio": np.int64,
    "security": np.int64,
    "type": np.int64,
    "day": np.int64,
    "quantity": np.int64,
    "price": np.float64,
    "local": np.int64,
    "fx": np.float64,
    "amount": np.int64,
}
CHUNK_ROWS = 1 << 20  # ledger rows booked into one chunk of the transactions table when streamed
Rows = dict[str, np.ndarray]  # ledger columns


@dataclass
class Ledger:
    columns: dict[str, list[np.ndarray]] = field(default_factory=lambda: {k: [] for k in LEDGER_TYPES})

    def add(
        self,
        portfolio: np.ndarray,
        security: np.ndarray,
        kind: int,
        day: np.ndarray | int,
        quantity: np.ndarray,
        price: np.ndarray,
        local: np.ndarray,
        fx: np.ndarray,
        amount: np.ndarray,
    ) -> None:
        n = len(portfolio)
        if n == 0:
            return
        values = (portfolio, security, np.full(n, kind), np.broadcast_to(day, n), quantity, price, local, fx, amount)
        for key, value in zip(self.columns, values, strict=True):
            self.columns[key].append(np.asarray(value))

    @property
    def rows(self) -> int:
        """Rows added and not yet drained."""
        return sum(len(chunk) for chunk in self.columns["day"])

    def drain(self, before_day: int | None = None) -> Rows:
        """The rows added so far (those dated before `before_day` only, if given), in the order
        they were added, as whole columns; they leave the ledger and the others stay in it."""
        whole = {
            key: np.concatenate(chunks) if chunks else np.empty(0, LEDGER_TYPES[key])
            for key, chunks in self.columns.items()
        }
        if before_day is None:
            for chunks in self.columns.values():
                chunks.clear()
            return whole
        due = whole["day"] < before_day
        for key, chunks in self.columns.items():
            chunks[:] = [whole[key][~due]] if not due.all() else []
        return {key: column[due] for key, column in whole.items()}

    def add_cash(self, portfolio: np.ndarray, kind: int, day: int, cents: np.ndarray) -> None:
        """A cash-only movement (deposit, withdrawal, fee): no security, booked at rate 1."""
        n = len(portfolio)
        none = np.full(n, -1)
        self.add(portfolio, none, kind, day, np.zeros(n, np.int64), np.full(n, np.nan), cents, np.ones(n), cents)


def _half_up(values: np.ndarray) -> np.ndarray:
    """Round non-negative values to integers, halves away from zero (as SQL's round does)."""
    whole = np.trunc(values)
    return (whole + (values - whole >= 0.5)).astype(np.int64)


def _booking_order_twice(keys: list[np.ndarray], duplicated: np.ndarray) -> np.ndarray:
    """`lex_order` of every row's keys then the `duplicated` rows' again, with a last key
    0 for the former and 1 for the latter; the packed keys of the ledger are built in place
    once and the duplicates' copied from them."""
    n = len(keys[0])
    widths = [max(int(k.max(initial=0)).bit_length(), 1) for k in keys]
    if sum(widths) + 1 > 62:
        cancelled = np.r_[np.zeros(n, np.int64), np.ones(len(duplicated), np.int64)]
        return lex_order([np.concatenate([k, k[duplicated]]) for k in keys] + [cancelled])
    packed = np.zeros(n, dtype=np.int64)
    for key, width in zip(keys, widths, strict=True):
        packed <<= width
        packed |= key
    packed <<= 1
    both = np.concatenate([packed, packed[duplicated]])
    both[n:] |= 1
    return stable_argsort(both)


def _tiered_fee(value: np.ndarray, schedule: np.ndarray) -> np.ndarray:
    """Annual fee on `value` by marginal tiers of each portfolio's fee schedule."""
    tiers = seed("fee_tiers")
    fee = np.zeros(len(value))
    for tier in tiers.iter_rows(named=True):
        ceiling = np.inf if tier["aum_ceiling"] is None else tier["aum_ceiling"]
        band = np.clip(value - tier["aum_floor"], 0, ceiling - tier["aum_floor"])
        fee += np.where(schedule == tier["fee_schedule_code"], band * tier["annual_rate"], 0.0)
    return fee


class Simulation:
    def __init__(self, config: Config, cal: TradingCalendar, market: Market, book: Book, clients: pl.DataFrame) -> None:
        self.cal, self.market, self.book = cal, market, book
        self.rng = config.stream("transactions")
        self.cancel_rng = config.stream("transactions_cancelled")
        self.id_offset = config.part.id_offset
        self.booked = 0  # transactions booked so far (duplicates included)
        self.ledger = Ledger()
        p = book.portfolios
        n, k = book.slots.shape
        self.valid = book.slots >= 0
        self.sec = np.maximum(book.slots, 0)
        self.slot_ccy = market.sec_currency[self.sec]
        self.q = np.zeros((n, k), dtype=np.int64)
        self.cash = np.zeros(n, dtype=np.int64)
        self.active = np.zeros(n, dtype=bool)
        self.last_rebalance = np.full(n, -1)
        self.last_rebalance_month = np.full(n, -1)
        self.month_end_value = np.full((n, len(cal.month_starts())), np.nan)
        self.billing_rng = config.stream("billing_errors")
        self.fees: list[dict[str, np.ndarray]] = []
        self.schedule = p.get_column("fee_schedule_code").to_numpy()
        self.frequency = p.get_column("rebalance_frequency_months").to_numpy()
        client = (
            clients.select("client_id", "annual_income", "occupation")
            .join(p.select("portfolio_id", "client_id"), on="client_id")
            .sort("portfolio_id")
        )
        self.retired = client.get_column("occupation").to_numpy() == "Retired"
        self.income = client.get_column("annual_income").to_numpy()
        self.deposit = _half_up(book.accounts.get_column("initial_deposit").to_numpy() * 100)
        self.month_starts = cal.month_starts()
        events = market.events
        self.ev_month = np.searchsorted(self.month_starts, events["ex_index"].to_numpy(), side="right") - 1
        self.ev_sec = events["security_index"].to_numpy()
        self.ev_pay = events["pay_index"].to_numpy()
        self.ev_amount = events["amount_per_share"].to_numpy()
        self.ev_interest = events["distribution_type"].to_numpy() == "interest"

    def _fx(self, day: int, rows: np.ndarray | slice = slice(None)) -> np.ndarray:
        """Base-currency value of one unit of each slot's currency on `day` [rows, slots]."""
        usd = self.market.usd_per_unit[day]
        return usd[self.slot_ccy[rows]] / usd[self.book.base_currency[rows]][:, None]

    def _value(self, day: int) -> np.ndarray:
        """Market value of every portfolio at the close of `day`, in its base currency."""
        value = np.where(self.valid, self.q * self.market.close[day][self.sec] * self._fx(day), 0.0)
        return value.sum(axis=1) + self.cash / 100

    def _close_month(self, month: int, day: int) -> None:
        """Record the month-end value of the portfolios active during `month`."""
        self.month_end_value[self.active, month] = self._value(day)[self.active]

    def _quarterly_fee(self, m: int, billed: np.ndarray) -> np.ndarray:
        """Cents billed at step m for the quarter before it: the tiered annual rate on the
        average of its month-end values, a quarter of it, pro rata to the months held."""
        months = self.month_end_value[:, max(m - 3, 0) : m]
        held = (~np.isnan(months)).sum(axis=1)
        rows = np.flatnonzero(billed & (held > 0))
        average = np.nanmean(months[rows], axis=1)
        error = np.where(
            self.billing_rng.random(len(rows)) < WRONG_INVOICE_RATE, self.billing_rng.integers(1, 3, len(rows)), 0
        )
        basis = np.where(error == 1, average * BASIS_OVERSTATEMENT, average)
        fee = (
            _tiered_fee(basis, self.schedule[rows])
            / 4
            * held[rows]
            / 3
            * np.where(error == 2, RATE_MISAPPLICATION, 1.0)
        )
        cents = np.zeros(len(billed), np.int64)
        cents[rows] = _half_up(fee * 100)
        charged = cents[rows] > 0  # a fee that rounds to nothing is neither debited nor invoiced
        self.fees.append(
            {
                "portfolio": rows[charged],
                "day": np.full(int(charged.sum()), self.month_starts[m]),
                "first_month": np.full(int(charged.sum()), max(m - 3, 0)),
                "last_month": np.full(int(charged.sum()), m - 1),
                "months_held": held[rows][charged],
                "billed_average_aum": np.round(basis, 2)[charged],
                "amount": cents[rows][charged],
                "error": error[charged],
            }
        )
        return cents

    def _income(self, month: int) -> None:
        events = np.flatnonzero(self.ev_month == month)
        if len(events) == 0:
            return
        by_sec = np.full(self.market.close.shape[1], -1)
        by_sec[self.ev_sec[events]] = events
        slot_event = np.where(self.valid, by_sec[self.sec], -1)
        port, slot = np.nonzero((slot_event >= 0) & (self.q > 0))
        ev = slot_event[port, slot]
        quantity = self.q[port, slot]
        local = _half_up(quantity * self.ev_amount[ev] * 100)
        usd = self.market.usd_per_unit[self.ev_pay[ev]]
        fx = usd[np.arange(len(ev)), self.slot_ccy[port, slot]] / usd[np.arange(len(ev)), self.book.base_currency[port]]
        amount = _half_up(local * fx)
        np.add.at(self.cash, port, amount)
        for kind, mask in ((DIVIDEND, ~self.ev_interest[ev]), (INTEREST, self.ev_interest[ev])):
            self.ledger.add(
                port[mask],
                self.sec[port, slot][mask],
                kind,
                self.ev_pay[ev][mask],
                quantity[mask],
                self.ev_amount[ev][mask],
                local[mask],
                fx[mask],
                amount[mask],
            )

    def _trade(
        self, day: int, rows: np.ndarray, quantity: np.ndarray, side: int, px: np.ndarray, fx: np.ndarray
    ) -> np.ndarray:
        """Record trades of `quantity` [rows, slots]; returns the base-currency cents per row."""
        half = self.rng.uniform(0, 1, quantity.shape) * self.market.max_half_spread[self.sec[rows]]
        price = np.round(px * (1 + half if side == BUY else 1 - half), 6)
        local = _half_up(quantity * price * 100)
        amount = _half_up(local * fx)
        r, s = np.nonzero(quantity > 0)
        self.ledger.add(
            rows[r], self.sec[rows[r], s], side, day, quantity[r, s], price[r, s], local[r, s], fx[r, s], amount[r, s]
        )
        return np.where(quantity > 0, amount, 0).sum(axis=1)

    def _step(self, m: int) -> None:
        day = int(self.month_starts[m])
        if m > 0:
            self._income(m - 1)
            self._close_month(m - 1, day - 1)
        new = self.book.inception_index == day
        self.active |= new
        self.cash[new] += self.deposit[new]
        self.ledger.add_cash(np.flatnonzero(new), DEPOSIT, day, self.deposit[new])
        old = self.active & ~new
        contrib = old & ~self.retired & (self.rng.random(len(old)) < CONTRIBUTION_PROBABILITY)
        amount = _half_up(self.income * self.rng.uniform(0.01, 0.05, len(old)) * 100)
        self.cash[contrib] += amount[contrib]
        self.ledger.add_cash(np.flatnonzero(contrib), DEPOSIT, day, amount[contrib])
        month = int(self.cal.days[day].astype("datetime64[M]").astype(int) % 12)
        if month % 3 != 0 and not new.any():
            return
        quarter = old & (month % 3 == 0)
        # only new portfolios and, in a quarter month, the others can trade: the arrays below are
        # of those candidate rows (`c`), the per-portfolio state is indexed by `cand`
        cand = np.flatnonzero(new | quarter)
        q, cash = self.q[cand], self.cash[cand]
        px = self.market.close[day][self.sec[cand]]
        fx = self._fx(day, cand)
        value = np.where(self.valid[cand], q * px * fx, 0.0)
        total = value.sum(axis=1) + cash / 100
        fee = self._quarterly_fee(m, quarter) if quarter.any() else np.zeros(len(quarter), np.int64)
        withdraw = quarter & (
            self.rng.random(len(old))
            < np.where(self.retired, WITHDRAWAL_PROBABILITY[True], WITHDRAWAL_PROBABILITY[False])
        )
        wd = np.zeros(len(old), np.int64)
        wd[cand] = np.where(withdraw[cand], _half_up(total * self.rng.uniform(0.01, 0.04, len(old))[cand] * 100), 0)
        fee_c, wd_c = fee[cand], wd[cand]
        # due at the first quarter month at least `frequency` months after the last rebalance
        # (counting from inception would skip every portfolio incepted between quarter months)
        last_month = self.last_rebalance_month[cand]
        rebalance = new[cand] | (quarter[cand] & (last_month >= 0) & (m - last_month >= self.frequency[cand]))
        short = quarter[cand] & ~rebalance & (cash < fee_c + wd_c)
        # rebalancing: trade every slot to its target share of the value after fee and withdrawal
        target_value = self.book.slot_weight[cand] * (total - (fee_c + wd_c) / 100)[:, None]
        # sell down to whole shares rounded down, so that the sales always cover the fee and the
        # withdrawal; buy up to the nearest whole share (rounding every buy down too would leave
        # about half a share per slot in cash), within the cash the loop below allows
        shares = np.where(self.valid[cand], target_value / (px * fx), 0)
        sells = np.where(rebalance[:, None], np.maximum(q - np.floor(shares).astype(np.int64), 0), 0)
        buys = np.where(rebalance[:, None], np.maximum(np.rint(shares).astype(np.int64) - q, 0), 0)
        buys[buys * px * fx < MIN_TRADE_WEIGHT * total[:, None]] = 0
        # fee or withdrawal without rebalancing: sell pro rata what the cash lacks, with a margin
        need = np.maximum(fee_c + wd_c - cash, 0) / 100
        securities = value.sum(axis=1)
        fraction = np.where(
            short & (securities > 0), np.minimum(1.0, need * 1.02 / np.maximum(securities, 1e-9) + 0.001), 0.0
        )
        sells = np.where(short[:, None], np.minimum(np.ceil(q * fraction[:, None]).astype(np.int64), q), sells)
        c = np.flatnonzero(rebalance | short)
        rows = cand[c]
        proceeds = self._trade(day, rows, sells[c], SELL, px[c], fx[c])
        available = cash[c] + proceeds - fee_c[c] - wd_c[c]
        if (available < 0).any():  # pro-rata sale fell short: sell the rest of those portfolios
            bad = available < 0
            rest = np.where(bad[:, None], q[c] - sells[c], 0)
            proceeds += self._trade(day, rows, rest, SELL, px[c], fx[c])
            sells[c] += rest
            available = cash[c] + proceeds - fee_c[c] - wd_c[c]
        want = buys[c]
        unit = px[c] * fx[c] * (1 + self.market.max_half_spread[self.sec[rows]])
        for _ in range(20):
            cost = np.ceil((want * unit).sum(axis=1) * 100 + want.sum(axis=1) + 1)
            over = cost > available
            if not over.any():
                break
            scale = np.where(over, np.maximum(available, 0) / np.maximum(cost, 1) * 0.999, 1.0)
            want = np.floor(want * scale[:, None]).astype(np.int64)
        cost = self._trade(day, rows, want, BUY, px[c], fx[c])
        self.cash[rows] = available - cost
        self.q[rows] += want - sells[c]
        # fee and withdrawal of the portfolios that traded were netted in `available` above;
        # the others had the cash and pay it now
        others = np.setdiff1d(np.flatnonzero(quarter), rows)
        for kind, amounts in ((FEE, fee), (WITHDRAWAL, wd)):
            self.cash[others] -= amounts[others]
            for group in (rows, others):
                paying = group[amounts[group] > 0]
                self.ledger.add_cash(paying, kind, day, amounts[paying])
        self.last_rebalance[rows[rebalance[c]]] = day
        self.last_rebalance_month[rows[rebalance[c]]] = m
        if (self.cash < 0).any() or (self.q < 0).any():
            raise AssertionError(f"simulation broke an invariant on day {self.cal.days[day]}")

    def run(self, progress: object | None = None, sink: Callable[[Rows], None] | None = None) -> None:
        """Every month's step. With a `sink`, the ledger's rows are handed to it as the run goes,
        to be booked (see book_rows) in the order handed over, in chunks of CHUNK_ROWS rows or more
        that each cover whole days: after a month's step no later step adds a row dated before
        that month's start (income is paid after its ex-date, inside its month), so the rows
        dated before it are handed over then. The rows left after the run come at its end."""
        for m in range(len(self.month_starts)):
            self._step(m)
            if sink is not None and self.ledger.rows >= CHUNK_ROWS:
                sink(self.ledger.drain(before_day=int(self.month_starts[m])))
            if progress is not None:
                progress.update(1)  # type: ignore[attr-defined]
        self._income(len(self.month_starts) - 1)
        self._close_month(len(self.month_starts) - 1, self.cal.n - 1)
        if sink is not None:
            sink(self.ledger.drain())

    def book_rows(self, rows: Rows) -> pl.DataFrame:
        """Ledger rows (every row of the days they cover) in booking order (day, portfolio,
        order within the day, security), a small share of trades entered twice with the
        duplicate cancelled, numbered on from the rows booked before. The duplicates are drawn
        trade by trade in the order the trades were added, so booking a run in chunks of whole
        days draws what booking it at once does, provided the chunks are booked in the order
        drained (by one thread: they share the random stream and the numbering)."""
        kind, portfolio, security = rows["type"], rows["portfolio"], rows["security"]
        day = rows["day"].astype(np.int64, copy=False)
        n = len(kind)
        trades = np.flatnonzero((kind == BUY) | (kind == SELL))
        duplicated = trades[self.cancel_rng.random(len(trades)) < CANCELLED_RATE]
        order_in_day = np.zeros(len(TYPES), np.int64)
        order_in_day[list(ORDER_IN_DAY)] = list(ORDER_IN_DAY.values())
        # sort keys: day, portfolio, order within the day, security + 1, then cancelled (the
        # duplicates, appended after every ledger row)
        order = _booking_order_twice([day, portfolio, order_in_day[kind], security + 1], duplicated)
        cancelled = (order >= n).astype(np.int64)
        booked = np.concatenate([np.arange(n), duplicated])[order]
        kind, portfolio, security, day = kind[booked], portfolio[booked], security[booked], day[booked]
        first = self.id_offset + self.booked + 1
        self.booked += len(booked)

        def column(name: str) -> np.ndarray:
            return rows[name][booked]

        held = security >= 0
        trade = (kind == BUY) | (kind == SELL)
        settle = np.minimum(
            day + np.where(trade, self.market.settlement_days[np.maximum(security, 0)], 0), self.cal.n - 1
        )
        currency = np.where(held, self.market.sec_currency[np.maximum(security, 0)], self.book.base_currency[portfolio])
        p = self.book.portfolios
        days = pl.Series(self.cal.days)
        return pl.DataFrame(
            {
                "transaction_id": np.arange(first, first + len(booked), dtype=np.int64),
                "account_id": p.get_column("account_id").to_numpy()[portfolio],
                "portfolio_id": p.get_column("portfolio_id").to_numpy()[portfolio],
                "security_id": pl.Series(security + 1).set(pl.Series(~held), None),
                "transaction_type": pl.Series(TYPES).gather(kind),
                "trade_date": days.gather(day),
                "settle_date": days.gather(settle),
                "quantity": pl.Series(column("quantity")).set(pl.Series(~(trade | held)), None),
                "price": pl.Series(column("price")).fill_nan(None),
                "currency_code": pl.Series(self.market.currencies).gather(currency),
                "amount_local": column("local") / 100,
                "fx_rate": np.round(column("fx"), 10),
                "amount": column("amount") / 100,
                "status": pl.Series(["settled", "cancelled"]).gather(cancelled),
            }
        )

    def closing_values(self) -> np.ndarray:
        """Market value of every portfolio at the close of the last day, in its base currency."""
        return self._value(self.cal.n - 1)

    def fee_records(self) -> pl.DataFrame:
        """One row per quarterly fee charged: the portfolio (row index), the day, the months it
        covers (indices of month starts), the average AUM billed, the cents and the error made."""
        records = pl.concat([pl.DataFrame(chunk) for chunk in self.fees]) if self.fees else pl.DataFrame()
        return records.with_columns(pl.Series("error", BILLING_ERRORS).gather(records.get_column("error")))

    def last_rebalance_dates(self) -> np.ndarray:
        dates = self.cal.days[np.maximum(self.last_rebalance, 0)].astype("datetime64[D]")
        return np.where(self.last_rebalance >= 0, dates, np.datetime64("NaT"))
