"""The daily marts' growth indexes, for charts: over every period of fct_performance_periods,
exp(end - anchor) - 1 of log_wealth is the period's time-weighted return and of
benchmark_log_wealth its benchmark return, for portfolios and every group, so that a chart of
the two indexes shows the tested figures."""

from __future__ import annotations

from pathlib import Path

import duckdb

RELATIVE = 1e-9
ABSOLUTE = 1e-12

INDEXES = """(
    select 'portfolio' as entity_type, portfolio_id as entity_id, return_date, log_wealth, benchmark_log_wealth
    from marts.fct_portfolio_returns_daily
    union all
    select entity_type, entity_id, return_date, log_wealth, benchmark_log_wealth from marts.fct_group_returns_daily
)"""


def test_growth_indexes_give_the_period_returns(duckdb_path: Path) -> None:
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        rows = connection.execute(f"""
            with indexes as {INDEXES}
            select periods.entity_type, periods.period_code, periods.period_start_date,
                periods.time_weighted_return, periods.benchmark_return,
                exp(ends.log_wealth - anchors.log_wealth) - 1 as index_return,
                exp(ends.benchmark_log_wealth - anchors.benchmark_log_wealth) - 1 as benchmark_index_return
            from marts.fct_performance_periods as periods
            inner join indexes as ends
                on ends.entity_type = periods.entity_type and ends.entity_id = periods.entity_id
                and ends.return_date = periods.period_end_date
            inner join indexes as anchors
                on anchors.entity_type = periods.entity_type and anchors.entity_id = periods.entity_id
                and anchors.return_date = periods.anchor_date
            where periods.time_weighted_return is not null
        """).fetchall()
    assert {row[0] for row in rows} == {"portfolio", "client", "advisor", "firm"}
    compared = 0
    for entity_type, period_code, start, twr, benchmark, index_return, benchmark_index_return in rows:
        assert abs(index_return - twr) <= max(RELATIVE * abs(twr), ABSOLUTE), (entity_type, period_code, start)
        if benchmark is not None:
            compared += 1
            assert abs(benchmark_index_return - benchmark) <= max(RELATIVE * abs(benchmark), ABSOLUTE), (
                entity_type,
                period_code,
                start,
                benchmark_index_return,
                benchmark,
            )
    assert compared > 1000
