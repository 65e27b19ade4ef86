"""The drawdown table (fct_portfolio_drawdowns) against an independent implementation of
pyfolio's gen_drawdown_table algorithm (find the deepest drawdown, remove it, repeat) on
every portfolio of the test build, and the monthly returns heatmap against the calendar
periods it lays out."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import yaml

REPO = Path(__file__).resolve().parents[2]
TABLE_SIZE = yaml.safe_load((REPO / "dbt_project.yml").read_text(encoding="utf-8"))["vars"]["drawdown_table_size"]
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def top_drawdowns(days: pd.DataFrame, top: int) -> list[tuple]:
    """pyfolio's get_top_drawdowns on one portfolio's days (its returns mart rows in date
    order), the inception value the first peak: (peak, trough, recovery, depth, decline,
    recovery and total trading days). Days without a return (after inception) are left out
    of the search; trading days are counted on the portfolio's own daily rows, one per
    trading day from inception."""
    position = {day: number for number, day in enumerate(days.return_date)}
    valued = days[days.daily_return.notna() | days.previous_market_value.isna()]
    wealth = np.cumprod(1 + valued.daily_return.fillna(0.0).to_numpy())
    underwater = pd.Series(wealth / np.maximum.accumulate(wealth) - 1, index=list(valued.return_date))
    last_day = days.return_date.iloc[-1]
    found = []
    for _ in range(top):
        if underwater.empty or underwater.min() >= 0:
            break
        trough = underwater.idxmin()
        before, after = underwater[:trough], underwater[trough:]
        peak = before[before == 0].index[-1]
        recovered = after[after == 0]
        recovery = recovered.index[0] if len(recovered) else None
        end = recovery if recovery is not None else last_day
        found.append(
            (
                peak,
                trough,
                recovery,
                float(underwater[trough]),
                position[trough] - position[peak],
                None if recovery is None else position[recovery] - position[trough],
                position[end] - position[peak],
            )
        )
        if recovery is not None:
            underwater = underwater.drop(underwater[peak:recovery].index[1:-1])
        else:
            underwater = underwater[:peak]
    return found


def test_the_drawdown_table_agrees_with_the_independent_implementation(duckdb_path: Path) -> None:
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        days = connection.execute("""
            select portfolio_id, return_date, previous_market_value, daily_return
            from marts.fct_portfolio_returns_daily order by portfolio_id, return_date
        """).df()
        table = connection.execute(
            "select * from marts.fct_portfolio_drawdowns order by portfolio_id, drawdown_rank"
        ).df()
    days["return_date"] = pd.to_datetime(days.return_date)
    ours = {
        portfolio_id: [
            (
                pd.Timestamp(row.peak_date),
                pd.Timestamp(row.trough_date),
                None if pd.isna(row.recovery_date) else pd.Timestamp(row.recovery_date),
                row.drawdown_depth,
                row.decline_trading_days,
                None if pd.isna(row.recovery_trading_days) else int(row.recovery_trading_days),
                row.duration_trading_days,
            )
            for row in rows.itertuples()
        ]
        for portfolio_id, rows in table.groupby("portfolio_id")
    }
    compared, mismatches = 0, []
    for portfolio_id, frame in days.groupby("portfolio_id"):
        expected = top_drawdowns(frame.reset_index(drop=True), TABLE_SIZE)
        mine = ours.get(portfolio_id, [])
        compared += len(expected)
        if len(mine) != len(expected):
            mismatches.append((portfolio_id, mine, expected))
            continue
        for got, want in zip(mine, expected, strict=True):
            same_dates = got[:3] == want[:3] and got[4:] == want[4:]
            if not same_dates or abs(got[3] - want[3]) > 1e-9 * abs(want[3]):
                mismatches.append((portfolio_id, got, want))
    assert compared > 100 and len(ours) > 20
    assert not mismatches, mismatches[:3]
    assert (table.groupby("portfolio_id").drawdown_rank.max() <= TABLE_SIZE).all()


def test_monthly_returns_lay_out_the_calendar_periods(duckdb_path: Path) -> None:
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        heatmap = connection.execute("select * from marts.fct_monthly_returns").df()
        periods = connection.execute("""
            select entity_type, entity_id, period_code, period_start_date, time_weighted_return
            from marts.fct_performance_periods where period_code in ('M', 'Y')
        """).df()
    periods["period_start_date"] = pd.to_datetime(periods.period_start_date)
    cells = {}
    for row in periods.itertuples():
        year = row.period_start_date.year
        column = "year_return" if row.period_code == "Y" else f"{MONTHS[row.period_start_date.month - 1]}_return"
        cells[(row.entity_type, row.entity_id, year, column)] = row.time_weighted_return
    assert len(heatmap) == len({key[:3] for key in cells}) > 100
    for row in heatmap.itertuples():
        for column in [f"{month}_return" for month in MONTHS] + ["year_return"]:
            want = cells.get((row.entity_type, row.entity_id, row.calendar_year, column))
            got = getattr(row, column)
            assert (pd.isna(got) and (want is None or pd.isna(want))) or got == want, (row, column, got, want)
