"""Tax reports on the built warehouse: every sale's lots recomputed first in first out in plain
Python, and the account rows' proceeds, dividends, interest and fees against the custodian's
annual tax records the generator wrote (average cost, so only the realised gains differ)."""

from __future__ import annotations

from collections import defaultdict, deque
from pathlib import Path

import duckdb
import pandas as pd
import pytest


@pytest.fixture(scope="module")
def connection(duckdb_path: Path) -> duckdb.DuckDBPyConnection:
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        yield connection


def fifo_disposals(trades: pd.DataFrame) -> dict[tuple[int, int], tuple[float, float, float]]:
    """(sale, lot) -> (shares, cost, proceeds), matching each sale against a queue of lots."""
    disposals: dict[tuple[int, int], tuple[float, float, float]] = {}
    lots: dict[tuple[int, int], deque[list[float]]] = defaultdict(deque)
    for row in trades.itertuples(index=False):
        queue = lots[(row.portfolio_id, row.security_id)]
        if row.transaction_type == "buy":
            queue.append([row.transaction_id, row.quantity, row.amount / row.quantity])
            continue
        remaining = row.quantity
        while remaining > 0:
            lot = queue[0]
            shares = min(remaining, lot[1])
            disposals[(row.transaction_id, int(lot[0]))] = (
                shares,
                shares * lot[2],
                shares * row.amount / row.quantity,
            )
            lot[1] -= shares
            remaining -= shares
            if lot[1] == 0:
                queue.popleft()
    return disposals


def test_every_lot_matches_a_queue_of_lots(connection: duckdb.DuckDBPyConnection) -> None:
    trades = connection.execute("""
        select transaction_id, portfolio_id, security_id, transaction_type, quantity, cast(amount as double) as amount
        from staging.stg_transactions
        where status = 'settled' and transaction_type in ('buy', 'sell')
        order by portfolio_id, security_id, trade_date, transaction_id
    """).df()
    expected = fifo_disposals(trades)
    lots = connection.execute(
        "select sell_transaction_id, buy_transaction_id, quantity, cost_basis, proceeds from marts.fct_realised_lots"
    ).fetchall()
    assert len(lots) > 1000
    assert len(lots) == len(expected)
    for sale, lot, shares, cost, proceeds in lots:
        want = expected[(sale, lot)]
        assert shares == want[0]
        assert cost == pytest.approx(want[1], rel=1e-9, abs=1e-9)
        assert proceeds == pytest.approx(want[2], rel=1e-9, abs=1e-9)


def test_long_term_lots_exist_and_gains_are_split(connection: duckdb.DuckDBPyConnection) -> None:
    terms = dict(connection.execute("select holding_term, count(*) from marts.fct_realised_lots group by 1").fetchall())
    assert terms.get("short_term", 0) > 100 and terms.get("long_term", 0) > 100


def test_account_rows_agree_with_the_custodian_records(connection: duckdb.DuckDBPyConnection) -> None:
    """Calendar tax years line up with the records year by year; other tax years in total."""
    compared = connection.execute("""
        with reports as (
            select portfolio_id, tax_year, tax_year_start_date, sale_proceeds, dividends, interest, fees
            from marts.fct_tax_reports
            where entity_type = 'account'
        ),
        calendar_years as (
            select
                count(*) as rows,
                max(abs(reports.sale_proceeds - records.sale_proceeds)) as proceeds,
                max(abs(reports.dividends - records.dividends)) as dividends,
                max(abs(reports.interest - records.interest)) as interest,
                max(abs(reports.fees - records.fees)) as fees
            from reports
            inner join staging.stg_tax_records as records using (portfolio_id, tax_year)
            where month(reports.tax_year_start_date) = 1
        ),
        other_totals as (
            select abs(
                (select sum(sale_proceeds + dividends + interest + fees) from reports
                 where month(tax_year_start_date) != 1)
                - (select sum(sale_proceeds + dividends + interest + fees) from staging.stg_tax_records
                   where portfolio_id in (select portfolio_id from reports where month(tax_year_start_date) != 1))
            ) as difference
        )
        select * from calendar_years cross join other_totals
    """).fetchone()
    rows, proceeds, dividends, interest, fees, other = compared
    records = connection.execute("select count(*) from staging.stg_tax_records").fetchone()[0]
    assert rows > 0.8 * records
    assert max(proceeds, dividends, interest, fees) <= 0.011
    assert other is None or other <= 0.01 * records


def test_client_rows_sum_their_taxable_accounts(connection: duckdb.DuckDBPyConnection) -> None:
    """Where every taxable account of a client is in the reporting currency, no rate applies."""
    worst = connection.execute("""
        with accounts as (
            select client_id, tax_year, sum(realised_gains) as gains, sum(taxable_income) as income,
                   bool_and(currency_code = 'USD') as all_usd
            from marts.fct_tax_reports
            where entity_type = 'account' and tax_treatment = 'taxable'
            group by client_id, tax_year
        )
        select
            count(*),
            max(abs(clients.realised_gains - accounts.gains)),
            max(abs(clients.taxable_income - accounts.income))
        from marts.fct_tax_reports as clients
        inner join accounts using (client_id, tax_year)
        where clients.entity_type = 'client' and accounts.all_usd
    """).fetchone()
    assert worst[0] > 10
    assert worst[1] <= 1e-6 and worst[2] <= 1e-6


def test_tax_years_follow_the_residence(connection: duckdb.DuckDBPyConnection) -> None:
    starts = dict(
        connection.execute("""
            select distinct clients.residence_country, month(reports.tax_year_start_date)
            from marts.fct_tax_reports as reports
            inner join marts.dim_clients as clients using (client_id)
            where clients.residence_country in ('GB', 'US')
        """).fetchall()
    )
    assert starts == {"GB": 4, "US": 1}
