"""The analyst's alternative to the performance marts: read the portfolios' daily returns
from the built warehouse into pandas and loop over portfolios and periods with empyrical.

`python -m bench.empyrical_loop DB --sample N` times the loop over N portfolios (chosen by a
seeded generator) with every period of each, and prints one JSON line: the portfolios and
periods computed, the total portfolio count, and the load and loop seconds."""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from bench.reference import drawdown_dates, money_weighted_return, return_metrics
from warehouse.files import read_with_intermediate


def _period_metrics(days: pd.DataFrame, periods: pd.DataFrame) -> int:
    computed = 0
    for period in periods.itertuples():
        anchor, end = pd.Timestamp(period.anchor_date), pd.Timestamp(period.period_end_date)
        in_period = days[(days.index > anchor) & (days.index <= end)]
        valid = in_period[in_period.daily_return.notna()]
        if valid.empty:
            continue
        return_metrics(valid.daily_return, valid.benchmark_return, valid.risk_free_return)
        drawdown_dates(valid.daily_return, anchor)
        cash = in_period.net_external_flow[in_period.net_external_flow != 0]
        flows = [((day - anchor).days / (end - anchor).days, flow) for day, flow in cash.items()]
        start_value = days.market_value.get(anchor, 0.0)
        money_weighted_return(float(start_value), flows, float(in_period.market_value.iloc[-1]))
        computed += 1
    return computed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.empyrical_loop", description=__doc__)
    parser.add_argument("database")
    parser.add_argument("--sample", type=int, default=200)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with read_with_intermediate(Path(args.database)) as connection:
        portfolios = [row[0] for row in connection.execute("select portfolio_id from marts.dim_portfolios").fetchall()]
        chosen = np.random.default_rng(42).choice(portfolios, size=min(args.sample, len(portfolios)), replace=False)
        listed = ", ".join(str(int(value)) for value in chosen)
        days = connection.execute(f"""
            select entity_id as portfolio_id, return_date, market_value, net_external_flow, daily_return,
                benchmark_return, risk_free_return
            from intermediate.int_performance_entity_days
            where entity_type = 'portfolio' and entity_id in ({listed})
        """).df()
        periods = connection.execute(f"""
            select entity_id as portfolio_id, period_code, anchor_date, period_end_date
            from intermediate.int_performance_periods
            where entity_type = 'portfolio' and entity_id in ({listed})
        """).df()
    loaded = time.perf_counter()
    computed = 0
    by_portfolio = dict(tuple(periods.groupby("portfolio_id")))
    for portfolio_id, frame in days.groupby("portfolio_id"):
        series = frame.set_index("return_date").sort_index()
        computed += _period_metrics(series, by_portfolio[portfolio_id])
    finished = time.perf_counter()
    print(
        json.dumps(
            {
                "portfolios": len(chosen),
                "all_portfolios": len(portfolios),
                "periods": computed,
                "load_seconds": loaded - started,
                "loop_seconds": finished - loaded,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
