"""The reads shared by several pages. Two series are derived for display from the marts' own
columns, and nothing else is: the growth indexes (exp of the daily marts' `log_wealth` and
`benchmark_log_wealth`, rebased to the period's anchor day, whose ends are the period's
`time_weighted_return` and `benchmark_return`) and the underwater curve (the growth index
`exp(log_wealth)` below its running high, whose deepest point is fct_portfolio_drawdowns'
deepest drawdown). tests/python/test_dashboard.py checks both against those marts."""

from __future__ import annotations

import pandas as pd

from dashboard.data import Warehouse
from dashboard.filters import PERIODS

PERIOD_COLUMNS = """
    period_code, period_name, period_start_date, anchor_date, period_end_date, is_partial_period, currency_code,
    start_value, end_value, net_external_flow, time_weighted_return, annualised_return, benchmark_return,
    excess_return, money_weighted_return, annualised_volatility, sharpe_ratio, sortino_ratio, max_drawdown, beta,
    alpha, tracking_error, information_ratio, value_at_risk_historical, up_capture_ratio, down_capture_ratio
"""


def periods(warehouse: Warehouse, entity_type: str, entity_id: int) -> pd.DataFrame:
    """The entity's MTD, QTD, YTD, 1Y, 3Y and SI rows of fct_performance_periods, in that order."""
    frame = warehouse.query(
        f"select {PERIOD_COLUMNS} from marts.fct_performance_periods "
        "where entity_type = ? and entity_id = ? and period_kind <> 'calendar'",
        [entity_type, entity_id],
    )
    frame["order"] = frame["period_code"].map({code: index for index, code in enumerate(PERIODS)})
    return frame.sort_values("order").drop(columns="order").reset_index(drop=True)


def monthly_periods(warehouse: Warehouse, entity_type: str, entity_id: int) -> pd.DataFrame:
    """Calendar months (the `M` rows): value at the month's end, net external flow, returns."""
    return warehouse.query(
        "select period_start_date as month, end_value, net_external_flow, time_weighted_return, benchmark_return "
        "from marts.fct_performance_periods where entity_type = ? and entity_id = ? and period_code = 'M' "
        "order by month",
        [entity_type, entity_id],
    )


def portfolio_growth(warehouse: Warehouse, portfolio_id: int, anchor: object) -> pd.DataFrame:
    """Growth of 1 from the anchor day: the TWR index and the benchmark's over the same days
    (exp of log_wealth and benchmark_log_wealth of fct_portfolio_returns_daily, rebased)."""
    return warehouse.query(
        """
        select
            return_date as day,
            exp(log_wealth - first_value(log_wealth) over days) as growth,
            exp(benchmark_log_wealth - first_value(benchmark_log_wealth) over days) as benchmark_growth
        from marts.fct_portfolio_returns_daily
        where portfolio_id = ? and return_date >= ?
        window days as (order by return_date rows between unbounded preceding and current row)
        order by day
        """,
        [portfolio_id, anchor],
    )


def group_growth(warehouse: Warehouse, entity_type: str, entity_id: int, anchor: object) -> pd.DataFrame:
    """The same for a household, an advisor's book or the firm (fct_group_returns_daily)."""
    return warehouse.query(
        """
        select
            return_date as day,
            exp(log_wealth - first_value(log_wealth) over days) as growth,
            exp(benchmark_log_wealth - first_value(benchmark_log_wealth) over days) as benchmark_growth
        from marts.fct_group_returns_daily
        where entity_type = ? and entity_id = ? and return_date >= ?
        window days as (order by return_date rows between unbounded preceding and current row)
        order by day
        """,
        [entity_type, entity_id, anchor],
    )


def underwater(warehouse: Warehouse, portfolio_id: int, start: object) -> pd.DataFrame:
    """The drawdown below the running high since inception, shown from `start`."""
    return warehouse.query(
        """
        select day, drawdown from (
            select
                return_date as day,
                exp(log_wealth - max(log_wealth) over (order by return_date
                    rows between unbounded preceding and current row)) - 1 as drawdown
            from marts.fct_portfolio_returns_daily
            where portfolio_id = ?
        )
        where day >= ?
        order by day
        """,
        [portfolio_id, start],
    )


def monthly_returns(warehouse: Warehouse, entity_type: str, entity_id: int, from_year: int) -> pd.DataFrame:
    return warehouse.query(
        "select * from marts.fct_monthly_returns where entity_type = ? and entity_id = ? and calendar_year >= ? "
        "order by calendar_year",
        [entity_type, entity_id, from_year],
    )


def period_row(frame: pd.DataFrame, period: str) -> pd.Series | None:
    rows = frame[frame["period_code"] == period]
    return None if rows.empty else rows.iloc[0]
