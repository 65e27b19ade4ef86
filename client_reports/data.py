"""What a household's quarterly report shows, read from the built warehouse's marts (read-only).

Every figure is a mart's: the quarter's and other periods' returns from fct_performance_periods
(the calendar quarter period Q, the months M, the years Y and, when the quarter ends on the
as-of date, the to-date and trailing periods), the value bridge from the client's rows of
fct_client_statements_monthly (the quarter's months: the first month's opening, the last
month's closing, the flows, income, fees and results summed), allocation against target from
fct_allocation_drift, holdings from fct_position_snapshots_monthly, realised gains from
fct_realised_lots, invoices from fct_billing_reconciliation and goals from fct_goal_proximity.
The only arithmetic here is summing a quarter's months and lots, and the growth index for the
chart: exp of the group series' log_wealth (the mart's cumulative TWR in logs)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import duckdb

QUARTER = re.compile(r"^(\d{4})[qQ]([1-4])$")
AS_OF_PERIODS = ("QTD", "YTD", "1Y", "3Y", "SI")
GROWTH_YEARS = 3  # the growth chart: the trailing years to the quarter's end


class ReportError(Exception):
    """Bad input: one line saying what is wrong and how to fix it."""


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Quarter:
        match = QUARTER.match(text.strip())
        if not match:
            raise ReportError(f"not a quarter: {text!r} (write it as 2025Q4)")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def label(self) -> str:
        return f"Q{self.number} {self.year}"

    @property
    def code(self) -> str:
        return f"{self.year}Q{self.number}"


Row = dict[str, Any]


def rows(connection: duckdb.DuckDBPyConnection, sql: str, parameters: list[Any]) -> list[Row]:
    cursor = connection.execute(sql, parameters)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def one(connection: duckdb.DuckDBPyConnection, sql: str, parameters: list[Any]) -> Row | None:
    found = rows(connection, sql, parameters)
    return found[0] if found else None


def clients_of_advisor(connection: duckdb.DuckDBPyConnection, advisor_id: int) -> list[int]:
    found = rows(
        connection, "select client_id from marts.dim_clients where advisor_id = ? order by client_id", [advisor_id]
    )
    if not found:
        raise ReportError(f"advisor {advisor_id} has no clients in the warehouse (see marts.dim_clients)")
    return [row["client_id"] for row in found]


def latest_quarter(connection: duckdb.DuckDBPyConnection, client_id: int) -> Quarter:
    """The client's last calendar quarter that the warehouse holds whole, else its last one."""
    if one(connection, "select client_id from marts.dim_clients where client_id = ?", [client_id]) is None:
        raise ReportError(f"no client {client_id} in the warehouse (see marts.dim_clients)")
    found = one(
        connection,
        """
        select period_start_date from marts.fct_performance_periods
        where entity_type = 'client' and entity_id = ? and period_code = 'Q'
        order by (period_end_date = (select max(period_end_date) from marts.fct_performance_periods)
                  and period_end_date < last_day(period_start_date + interval 2 month)) asc,
                 period_start_date desc
        limit 1
        """,
        [client_id],
    )
    if found is None:
        raise ReportError(f"client {client_id} has no performance in the warehouse (see marts.fct_performance_periods)")
    return Quarter.of(found["period_start_date"])


def household(connection: duckdb.DuckDBPyConnection, client_id: int, quarter: Quarter) -> Row:
    """Everything the report of one client and quarter shows."""
    client = one(
        connection,
        """
        select clients.client_id, names.first_name, names.last_name,
               clients.advisor_id, advisors.first_name as advisor_first_name,
               advisors.last_name as advisor_last_name
        from marts.dim_clients as clients
        inner join staging.stg_clients as names on clients.client_id = names.client_id
        left join staging.stg_advisors as advisors on clients.advisor_id = advisors.advisor_id
        where clients.client_id = ?
        """,
        [client_id],
    )
    if client is None:
        raise ReportError(f"no client {client_id} in the warehouse (see marts.dim_clients)")
    quarter_row = one(
        connection,
        """
        select * from marts.fct_performance_periods
        where entity_type = 'client' and entity_id = ? and period_code = 'Q' and period_start_date = ?
        """,
        [client_id, quarter.start],
    )
    if quarter_row is None:
        raise ReportError(
            f"client {client_id} has no return for {quarter.code} (not invested then; try another quarter)"
        )
    end = quarter_row["period_end_date"]
    portfolios = rows(
        connection,
        """
        select portfolio_id, portfolio_name, account_type, strategy_code, benchmark_code, base_currency_code,
               inception_date
        from marts.dim_portfolios where client_id = ? and inception_date <= ? order by portfolio_id
        """,
        [client_id, end],
    )
    return {
        "client": client,
        "quarter": quarter,
        "as_of": connection.execute("select max(period_end_date) from marts.fct_performance_periods").fetchall()[0][0],
        "performance": quarter_row,
        "bridge": value_bridge(connection, client_id, quarter, end),
        "months": rows(
            connection,
            """
            select statement_month, time_weighted_return, closing_value from marts.fct_client_statements_monthly
            where entity_type = 'client' and client_id = ? and statement_month <= ?
            order by statement_month desc limit 12
            """,
            [client_id, end],
        )[::-1],
        "periods": periods(connection, client_id, quarter, end),
        "growth": growth(connection, client_id, end),
        "portfolios": [portfolio(connection, row, end) for row in portfolios],
        "realised": realised_gains(connection, client_id, quarter, end),
        "invoices": rows(
            connection,
            """
            select invoice_id, portfolio_id, invoice_date, billing_period_start, billing_period_end,
                   fee_schedule_code, currency_code, invoiced_amount
            from marts.fct_billing_reconciliation
            where client_id = ? and invoice_date between ? and ? order by invoice_date, invoice_id
            """,
            [client_id, quarter.start, end],
        ),
        "goals": rows(
            connection,
            """
            select goal_id, goal_type, currency_code, target_amount, target_date, current_value, funded_ratio,
                   success_probability, proximity_status, as_of_date
            from marts.fct_goal_proximity where client_id = ? order by target_date, goal_id
            """,
            [client_id],
        ),
    }


def value_bridge(connection: duckdb.DuckDBPyConnection, client_id: int, quarter: Quarter, end: dt.date) -> Row:
    months = rows(
        connection,
        """
        select * from marts.fct_client_statements_monthly
        where entity_type = 'client' and client_id = ? and statement_month between ? and ?
        order by statement_month
        """,
        [client_id, quarter.start, end],
    )
    if not months:
        raise ReportError(f"client {client_id} has no statement in {quarter.code}")
    summed = {
        key: sum(month[key] for month in months)
        for key in ("deposits", "withdrawals", "income", "fees", "investment_result")
    }
    return {
        "currency_code": months[0]["currency_code"],
        "opening_value": months[0]["opening_value"],
        "closing_value": months[-1]["closing_value"],
        **summed,
        # what moved the value apart from income and fees (both inside the investment result)
        "market_movement": summed["investment_result"] - summed["income"] + summed["fees"],
    }


def periods(connection: duckdb.DuckDBPyConnection, client_id: int, quarter: Quarter, end: dt.date) -> list[Row]:
    """The quarter's months, the quarter and the three before it, the calendar years, and (when
    the quarter ends on the as-of date) the to-date and trailing periods."""
    found = rows(
        connection,
        """
        select period_code, period_name, period_kind, period_start_date, period_end_date, is_partial_period,
               time_weighted_return, annualised_return, benchmark_return, excess_return,
               annualised_volatility, max_drawdown
        from marts.fct_performance_periods
        where entity_type = 'client' and entity_id = ?
          and ((period_code = 'M' and period_start_date between ? and ?)
               or (period_code = 'Q' and period_start_date <= ? and period_start_date > ? - interval 1 year)
               or (period_code = 'Y' and period_start_date <= ?)
               or (period_code in ('QTD', 'YTD', '1Y', '3Y', 'SI') and period_end_date = ?))
        """,
        [client_id, quarter.start, end, quarter.start, quarter.start, end, end],
    )
    for row in found:
        row["label"] = _period_label(row)
    return sorted(found, key=_period_order)


def _period_label(row: Row) -> str:
    start = row["period_start_date"]
    return {
        "M": f"{start:%B %Y}",
        "Q": f"{Quarter.of(start).label}",
        "Y": f"{start:%Y}",
    }.get(row["period_code"], row["period_name"])


def _period_order(row: Row) -> tuple[int, dt.date]:
    """The quarter's months, the quarters, the as-of periods (in the seed's order), the years."""
    code = row["period_code"]
    if code in AS_OF_PERIODS:
        return 2, dt.date.min.replace(year=1 + AS_OF_PERIODS.index(code))
    return {"M": 0, "Q": 1}.get(code, 3), row["period_start_date"]


def growth(connection: duckdb.DuckDBPyConnection, client_id: int, end: dt.date) -> list[Row]:
    """The household's and its benchmark's growth of 100 over the trailing years to `end`:
    exp of the group series' log_wealth and benchmark_log_wealth, rebased to the first day."""
    return rows(
        connection,
        f"""
        with series as (
            select return_date, log_wealth, benchmark_log_wealth from marts.fct_group_returns_daily
            where entity_type = 'client' and entity_id = ? and return_date <= ?
              and return_date > ? - interval {GROWTH_YEARS} year
        )
        select return_date as date,
               100 * exp(log_wealth - first(log_wealth order by return_date) over ()) as household,
               100 * exp(benchmark_log_wealth - first(benchmark_log_wealth order by return_date) over ()) as benchmark
        from series order by return_date
        """,
        [client_id, end, end],
    )


def portfolio(connection: duckdb.DuckDBPyConnection, account: Row, end: dt.date) -> Row:
    """One portfolio at the quarter's end, in its base currency: its statement line, allocation
    against target with the bands, and holdings."""
    portfolio_id = account["portfolio_id"]
    return {
        **account,
        "allocation": rows(
            connection,
            """
            select asset_class_code, market_value, actual_weight, target_weight, lower_band, upper_band,
                   is_outside_band
            from marts.fct_allocation_drift
            where portfolio_id = ? and allocation_date = (
                select max(allocation_date) from marts.fct_allocation_drift
                where portfolio_id = ? and allocation_date <= ?
            )
            order by asset_class_code
            """,
            [portfolio_id, portfolio_id, end],
        ),
        "holdings": rows(
            connection,
            """
            select snapshots.security_id, securities.ticker, securities.security_name, securities.asset_class_code,
                   snapshots.quantity, snapshots.close_price, snapshots.market_value, snapshots.cost_basis,
                   snapshots.market_value / sum(snapshots.market_value) over () as weight
            from marts.fct_position_snapshots_monthly as snapshots
            inner join marts.dim_securities as securities on snapshots.security_id = securities.security_id
            where snapshots.portfolio_id = ? and snapshots.snapshot_date = ?
            order by snapshots.market_value desc, snapshots.security_id
            """,
            [portfolio_id, end],
        ),
    }


def realised_gains(connection: duckdb.DuckDBPyConnection, client_id: int, quarter: Quarter, end: dt.date) -> Row:
    """The tax year's realised gains to the quarter's end, in the reporting currency, by term."""
    found = one(
        connection,
        """
        select max(reporting_currency_code) as currency_code, count(*) as lots,
               coalesce(sum(reporting_proceeds), 0) as proceeds,
               coalesce(sum(reporting_cost_basis), 0) as cost_basis,
               coalesce(sum(case when holding_term = 'short_term' then reporting_realised_gain end), 0) as short_term,
               coalesce(sum(case when holding_term = 'long_term' then reporting_realised_gain end), 0) as long_term,
               coalesce(sum(reporting_realised_gain), 0) as total
        from marts.fct_realised_lots
        where client_id = ? and tax_year = ? and sold_date <= ? and tax_treatment = 'taxable'
        """,
        [client_id, quarter.year, end],
    )
    assert found is not None
    return found
