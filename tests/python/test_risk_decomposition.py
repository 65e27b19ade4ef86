"""The security contribution and risk decomposition marts agree with an independent
implementation (risk_reference.py: numpy from the raw files and the seeds) on every portfolio of
the test build: every linked contribution and average weight of fct_security_contribution, and
every volatility and VaR contribution (and total) of fct_risk_decomposition by security and by
asset class, to 1e-9, over the days each row states (after its anchor up to its last day); the
segments each period lists are the reference's; and the reference's security contributions add
up to its daily returns, which are the warehouse's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pytest
import yaml
from attribution_reference import load_market, raw_frame
from risk_reference import SecurityDays, period_figures, security_days

REPO = Path(__file__).resolve().parents[2]
VARIABLES = yaml.safe_load((REPO / "dbt_project.yml").read_text(encoding="utf-8"))["vars"]
TOLERANCE = 1e-9
Raw = dict[str, pl.DataFrame] | Path
Rows = dict[str, np.ndarray]  # a period's rows of a mart, column by column
FIGURES = {
    "contribution": ("average_weight", "contribution"),
    "risk": ("average_weight", "volatility_contribution", "value_at_risk_contribution"),
}
MARTS = {"contribution": "marts.fct_security_contribution", "risk": "marts.fct_risk_decomposition"}


def reference_days(raw: Raw) -> Iterator[tuple[int, SecurityDays]]:
    """Every portfolio's daily security contributions, recomputed from the raw files."""
    market = load_market(raw, VARIABLES["trading_days_per_year"])
    transactions = raw_frame(raw, "transactions")
    transactions = transactions[transactions["status"] == "settled"]
    by_portfolio = dict(list(transactions.groupby("portfolio_id")))
    for portfolio in raw_frame(raw, "portfolios").sort_values("portfolio_id").itertuples(index=False):
        own = by_portfolio.get(portfolio.portfolio_id, transactions.iloc[:0])
        yield int(portfolio.portfolio_id), security_days(market, pd.Series(portfolio._asdict()), own)


def mart_periods(connection: duckdb.DuckDBPyConnection, mart: str) -> dict[int, list[Rows]]:
    """A mart's rows by portfolio, one set of columns per period (and segmentation)."""
    frame = connection.execute(f"select * from {MARTS[mart]}").df()
    if mart == "contribution":
        frame["segmentation"] = "security"
    columns = {name: frame[name].to_numpy() for name in frame.columns}
    periods: dict[int, list[Rows]] = {}
    keys = ["portfolio_id", "period_code", "period_start_date", "segmentation"]
    for (portfolio_id, *_), positions in frame.groupby(keys).indices.items():
        periods.setdefault(int(portfolio_id), []).append({name: values[positions] for name, values in columns.items()})
    return periods


def period_differences(mart: str, period: Rows, days: SecurityDays) -> dict[str, float]:
    """The largest differences of one period's rows from the reference's figures over its days."""
    anchor, end = np.datetime64(period["anchor_date"][0], "D"), np.datetime64(period["period_end_date"][0], "D")
    inside = (days.dates > anchor) & (days.dates <= end)
    segmentation = str(period["segmentation"][0])
    ours = period_figures(
        days, inside, segmentation, VARIABLES["trading_days_per_year"], VARIABLES["var_normal_quantile"]
    )
    listed = [str(code) for code in period["segment_code"]]
    assert sorted(listed) == sorted(ours.segments), (mart, period["period_code"][0], period["period_start_date"][0])
    index = [ours.segments.index(code) for code in listed]
    reference = {
        "average_weight": ours.average_weight,
        "contribution": ours.contribution,
        "volatility_contribution": ours.volatility,
        "value_at_risk_contribution": ours.value_at_risk,
    }
    worst = {
        f"{mart}.{name}": float(np.abs(period[name].astype(float) - reference[name][index]).max())
        for name in FIGURES[mart]
    }
    if mart == "risk":
        worst["risk.totals"] = max(
            float(np.abs(period["portfolio_volatility"] - ours.total_volatility).max()),
            float(np.abs(period["portfolio_value_at_risk"] - ours.total_value_at_risk).max()),
        )
    return worst


def compare(raw: Raw, connection: duckdb.DuckDBPyConnection, sample: int | None = None) -> dict[str, float]:
    """The largest difference of each figure from the reference over every row of the
    portfolios compared (all, or the first `sample` by portfolio_id), and of the daily returns."""
    rows = {mart: mart_periods(connection, mart) for mart in MARTS}
    returns = connection.execute("""
        select portfolio_id, return_date, daily_return from marts.fct_portfolio_returns_daily
        where daily_return is not null order by portfolio_id, return_date
    """).df()
    returns_by_portfolio = dict(list(returns.groupby("portfolio_id")))
    worst: dict[str, float] = {"daily_return": 0.0, "risk.totals": 0.0}
    worst |= {f"{mart}.{name}": 0.0 for mart, names in FIGURES.items() for name in names}
    counted = dict.fromkeys(MARTS, 0)
    for n, (portfolio_id, days) in enumerate(reference_days(raw)):
        if sample is not None and n >= sample:
            break
        theirs = returns_by_portfolio[portfolio_id]["daily_return"].to_numpy()
        assert len(theirs) == len(days.dates), portfolio_id
        worst["daily_return"] = max(worst["daily_return"], float(np.abs(theirs - days.returns).max()))
        assert np.abs(days.contributions.sum(axis=1) - days.returns).max() <= 1e-12, portfolio_id
        for mart, by_portfolio in rows.items():
            for period in by_portfolio.get(portfolio_id, []):
                for name, value in period_differences(mart, period, days).items():
                    worst[name] = max(worst[name], value)
                counted[mart] += 1
    assert all(count > 0 for count in counted.values()), counted
    return worst


@pytest.fixture(scope="module")
def differences(raw: dict[str, pl.DataFrame], duckdb_path: Path) -> dict[str, float]:
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        return compare(raw, connection)


def test_reference_returns_are_the_warehouse_returns(differences: dict[str, float]) -> None:
    assert differences["daily_return"] <= 1e-12, differences


@pytest.mark.parametrize(
    "figure", [*(f"{mart}.{name}" for mart, names in FIGURES.items() for name in names), "risk.totals"]
)
def test_marts_agree_with_the_independent_implementation(differences: dict[str, float], figure: str) -> None:
    assert differences[figure] <= TOLERANCE, differences
