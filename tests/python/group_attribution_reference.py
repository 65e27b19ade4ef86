"""An independent implementation of the group attribution marts (docs group_segment_returns,
group_benchmark_segment_returns, group_attribution in models/attribution.md), from the raw files
and the seeds only, with numpy: each portfolio's segments from attribution_reference.py (which
shares no code with the models), its values rebuilt here from its transactions, converted into
the reporting currency and summed per household, advisor book (the raw assignments) and the
firm; the group's benchmark as the capital-weighted blend of its members' benchmark segments;
Brinson-Fachler effects with a currency effect, and contributions, per day."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from attribution_reference import INCOME, WEIGHTLESS, Market, portfolio_days

GroupKey = tuple[str, int]  # (entity_type, entity_id)


def market_values(market: Market, portfolio: pd.Series, transactions: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """A portfolio's close values and external flows in its base currency, by day from its inception."""
    first = int(np.searchsorted(market.days, np.datetime64(portfolio["inception_date"], "D")))
    span = market.days[first:]
    base = market.usd[portfolio["base_currency"]][first:]
    day_of = {d: i for i, d in enumerate(span)}
    value, flow = np.zeros(len(span)), np.zeros(len(span))
    quantities: dict[int, np.ndarray] = defaultdict(lambda: np.zeros(len(span)))
    for t in transactions.itertuples():
        d, amount, kind = day_of[np.datetime64(t.trade_date, "D")], float(t.amount), t.transaction_type
        sign = 1.0 if kind in ("deposit", "sell", *INCOME) else -1.0
        value[d:] += sign * amount  # the cash balance from that day on
        if kind in ("deposit", "withdrawal"):
            flow[d] += sign * amount
        elif kind in ("buy", "sell"):
            quantities[market.sec_index[int(t.security_id)]][d:] += t.quantity if kind == "buy" else -t.quantity
    for s, quantity in quantities.items():
        value += quantity * market.close[first:, s] * market.usd[market.sec_currency[s]][first:] / base
    return value, flow


@dataclass
class GroupSums:
    """A group's sums by day (market.days) and segment (classes, trading, fees), reporting currency."""

    n_days: int
    n_segments: int
    previous: np.ndarray = field(init=False)  # members' previous values
    capital: np.ndarray = field(init=False)  # previous values + opening deposits
    values: np.ndarray = field(init=False)  # [day, segment] beginning values
    profit: np.ndarray = field(init=False)
    currency: np.ndarray = field(init=False)
    benchmark_capital: dict[str, np.ndarray] = field(init=False)
    missing_benchmark: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self.previous, self.capital = np.zeros(self.n_days), np.zeros(self.n_days)
        self.values, self.profit, self.currency = (np.zeros((self.n_days, self.n_segments)) for _ in range(3))
        self.benchmark_capital = defaultdict(lambda: np.zeros(self.n_days))
        self.missing_benchmark = np.zeros(self.n_days, dtype=bool)


@dataclass
class MemberDays:
    """One portfolio's days in the reporting currency, from its first day, on market.days rows."""

    rows: np.ndarray
    previous: np.ndarray
    capital: np.ndarray
    values: np.ndarray
    profit: np.ndarray
    currency: np.ndarray
    benchmark: str


def member_days(market: Market, portfolio: pd.Series, transactions: pd.DataFrame, reporting: str) -> MemberDays:
    days = portfolio_days(market, portfolio, transactions)["asset_class"]
    value, flow = market_values(market, portfolio, transactions)
    first = len(market.days) - len(value)
    rows = np.arange(first, len(market.days))
    rate = market.usd[portfolio["base_currency"]][first:] / market.usd[reporting][first:]
    n_class, n_seg = len(market.classes), len(market.classes) + len(WEIGHTLESS)
    assert np.array_equal(days.dates, market.days[first + 1 :]) and (value[:-1] > 0).all()
    base_values = days.weights * value[:-1, None]
    values, profit, currency = (np.zeros((len(rows), n_seg)) for _ in range(3))
    values[1:] = base_values * rate[:-1, None]
    currency[1:] = base_values * (rate[1:] - rate[:-1])[:, None]
    profit[1:] = days.contributions * value[:-1, None] * rate[1:, None] + currency[1:]
    # the first day: the opening deposit weighs as cash, the day's result is trading's
    values[0, n_class - 1] = flow[0] * rate[0]
    profit[0, n_class] = (value[0] - flow[0]) * rate[0]
    previous = np.r_[0.0, value[:-1] * rate[:-1]]
    capital = previous.copy()
    capital[0] = flow[0] * rate[0]
    return MemberDays(rows, previous, capital, values, profit, currency, str(portfolio["benchmark_code"]))


def group_sums(
    market: Market,
    portfolios: pd.DataFrame,
    transactions: pd.DataFrame,
    assignments: pd.DataFrame,
    reporting: str,
) -> dict[GroupKey, GroupSums]:
    """Every household's, advisor book's and the firm's daily sums."""
    n_days, n_seg = len(market.days), len(market.classes) + len(WEIGHTLESS)
    groups: dict[GroupKey, GroupSums] = defaultdict(lambda: GroupSums(n_days, n_seg))
    by_portfolio = dict(list(transactions.groupby("portfolio_id")))
    advisors = {}
    for client_id, own in assignments.sort_values("start_date").groupby("client_id"):
        starts = np.searchsorted(market.days, own["start_date"].to_numpy().astype("datetime64[D]"))
        owner = np.full(n_days, -1)
        for start, advisor_id in zip(starts, own["advisor_id"], strict=True):
            owner[start:] = int(advisor_id)
        advisors[int(client_id)] = owner
    for portfolio in portfolios.sort_values("portfolio_id").itertuples(index=False):
        row = pd.Series(portfolio._asdict())
        member = member_days(market, row, by_portfolio.get(portfolio.portfolio_id, transactions.iloc[:0]), reporting)
        owner = advisors[int(portfolio.client_id)][member.rows]
        targets = [(("client", int(portfolio.client_id)), slice(None)), (("firm", 0), slice(None))]
        targets += [(("advisor", int(a)), owner == a) for a in np.unique(owner) if a >= 0]
        for key, inside in targets:
            group, rows = groups[key], member.rows[inside]
            group.previous[rows] += member.previous[inside]
            group.capital[rows] += member.capital[inside]
            group.values[rows] += member.values[inside]
            group.profit[rows] += member.profit[inside]
            group.currency[rows] += member.currency[inside]
            weighed = member.capital[inside] > 0
            group.benchmark_capital[member.benchmark][rows[weighed]] += member.capital[inside][weighed]
            missing = np.isnan(market.benchmark_returns[member.benchmark][rows[weighed]])
            group.missing_benchmark[rows[weighed][missing]] = True
    return dict(groups)


@dataclass
class GroupDays:
    """A group's days with a return: the same arrays as DailyEffects, plus currency."""

    dates: np.ndarray
    group_return: np.ndarray
    benchmark_return: np.ndarray  # nan where the group has no benchmark return
    weight: np.ndarray  # [day, segment]
    held: np.ndarray  # [day, segment] a segment row of the contribution mart
    contribution: np.ndarray
    currency: np.ndarray
    benchmark_weight: np.ndarray
    effects: np.ndarray  # [allocation, selection, interaction, currency][day, segment]


def group_days(market: Market, sums: GroupSums) -> GroupDays:
    days = np.flatnonzero(sums.previous > 0)
    capital = sums.capital[days]
    total = sums.profit[days].sum(axis=1) / capital
    n_seg, n_class = sums.values.shape[1], len(market.classes)
    capital_by_benchmark = {code: series[days] for code, series in sums.benchmark_capital.items()}
    blend_weight, blend_return, blend_capital = (np.zeros((len(days), n_class)) for _ in range(3))
    for code, weighed in capital_by_benchmark.items():
        weights, returns = market.benchmark_segments[code]
        returns = np.nan_to_num(returns[days])
        blend_weight += weighed[:, None] * weights
        blend_return += weighed[:, None] * weights * returns
        blend_capital += weighed[:, None] * returns
    covered = sum(capital_by_benchmark.values(), np.zeros(len(days)))
    with np.errstate(invalid="ignore", divide="ignore"):
        own = np.where(blend_weight != 0, blend_return / blend_weight, blend_capital / covered[:, None])
        benchmark = np.where(sums.missing_benchmark[days], np.nan, blend_return.sum(axis=1) / capital)
    n_weightless = n_seg - n_class
    bench_weight = np.column_stack([blend_weight / capital[:, None], np.zeros((len(days), n_weightless))])
    bench_return = np.column_stack([own, np.repeat(benchmark[:, None], n_weightless, axis=1)])
    w = sums.values[days] / capital[:, None]
    c = sums.profit[days] / capital[:, None]
    f = sums.currency[days] / capital[:, None]
    local = c - f
    holds = w != 0
    mine = np.divide(local, w, out=np.zeros_like(local), where=holds)
    allocation = (w - bench_weight) * (bench_return - benchmark[:, None])
    selection = np.where(holds, bench_weight * (mine - bench_return), local)
    interaction = np.where(holds, (w - bench_weight) * (mine - bench_return), 0.0)
    held = holds | (sums.profit[days] != 0)
    return GroupDays(market.days[days], total, benchmark, w, held, c, f, bench_weight,
                     np.stack([allocation, selection, interaction, f]))  # fmt: skip
