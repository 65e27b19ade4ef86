"""The attribution marts agree with an independent implementation (attribution_reference.py:
numpy from the raw files and the seeds) on every portfolio of the test build, in both
segmentations (asset class and sector): every linked allocation, selection and interaction
effect and average weight of fct_performance_attribution, every linked contribution of
fct_return_contribution and every quarter of rpt_performance_attribution (asset classes only;
linked here over the quarter's days, not from its months), to 1e-9, over the days each row
states (after its anchor up to its last day; the quarter's days); the segments each row set
lists are the reference's; and the reference's segments add up to its daily returns, which
are the warehouse's, in each segmentation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pytest
import yaml
from attribution_reference import (
    WEIGHTLESS,
    DailyEffects,
    carino,
    daily_effects,
    linked,
    load_market,
    portfolio_days,
    raw_frame,
)

REPO = Path(__file__).resolve().parents[2]
VARIABLES = yaml.safe_load((REPO / "dbt_project.yml").read_text(encoding="utf-8"))["vars"]
TOLERANCE = 1e-9
EFFECTS = ["allocation_effect", "selection_effect", "interaction_effect"]
MARTS = {
    "attribution": "marts.fct_performance_attribution",
    "contribution": "marts.fct_return_contribution",
    "report": "reports.rpt_performance_attribution",
}
SEGMENTATIONS = ("asset_class", "sector")
REPORTED_SEGMENTATION = "asset_class"  # the report's
Raw = dict[str, pl.DataFrame] | Path
# a segmentation's segment codes (its segments, then the weightless ones) and daily effects
SegmentedEffects = dict[str, tuple[list[str], DailyEffects]]


def reference_effects(raw: Raw) -> Iterator[tuple[int, SegmentedEffects]]:
    """Every portfolio's daily effects in each segmentation, recomputed from the raw files, by
    portfolio_id."""
    market = load_market(raw, VARIABLES["trading_days_per_year"])
    transactions = raw_frame(raw, "transactions")
    transactions = transactions[transactions["status"] == "settled"]
    by_portfolio = dict(list(transactions.groupby("portfolio_id")))
    for portfolio in raw_frame(raw, "portfolios").sort_values("portfolio_id").itertuples(index=False):
        own = by_portfolio.get(portfolio.portfolio_id, transactions.iloc[:0])
        segmented = portfolio_days(market, pd.Series(portfolio._asdict()), own)
        yield (
            int(portfolio.portfolio_id),
            {
                name: ([*market.segmentations[name].segments, *WEIGHTLESS], daily_effects(market, days))
                for name, days in segmented.items()
            },
        )


Rows = dict[str, np.ndarray]  # a period's rows of a mart, column by column


def period_days(mart: str, period: Rows, dates: np.ndarray) -> np.ndarray:
    if mart == "report":
        return (dates >= np.datetime64(period["quarter_start_date"][0], "D")) & (
            dates <= np.datetime64(period["quarter_end_date"][0], "D")
        )
    anchor, end = np.datetime64(period["anchor_date"][0], "D"), np.datetime64(period["period_end_date"][0], "D")
    return (dates > anchor) & (dates <= end)


def period_differences(mart: str, period: Rows, days: DailyEffects, segments: list[str]) -> dict[str, float]:
    """The largest differences of one period's rows from the reference's figures over its days."""
    inside = period_days(mart, period, days.dates)
    growth = np.prod(1 + days.portfolio_return[inside]) - 1
    weights = days.portfolio_weight[inside]
    held = (weights != 0).any(axis=0) | (days.contribution[inside] != 0).any(axis=0)
    if mart == "contribution":
        factor = carino(days.portfolio_return[inside], 0.0)
        ours = linked(days.contribution[inside], factor, float(carino(growth, 0.0)))[None, :]
        columns = ["contribution"]
    else:
        benchmark_growth = np.prod(1 + days.benchmark_return[inside]) - 1
        factor = carino(days.portfolio_return[inside], days.benchmark_return[inside])
        period_factor = float(carino(growth, benchmark_growth))
        ours = np.stack([linked(effect[inside], factor, period_factor) for effect in days.effects])
        held |= (days.benchmark_weight[inside] != 0).any(axis=0)
        columns = EFFECTS
    listed = sorted(period["segment_code"])
    assert listed == sorted(np.array(segments)[held]), (
        mart,
        period["period_start_date" if mart != "report" else "quarter_start_date"][0],
    )
    index = [segments.index(code) for code in period["segment_code"]]
    theirs = np.stack([period[column].astype(float) for column in columns])
    worst = {mart: float(np.abs(theirs - ours[:, index]).max())}
    weight_column = "average_weight" if mart == "contribution" else "average_portfolio_weight"
    worst["weights"] = float(np.abs(period[weight_column] - weights.mean(axis=0)[index]).max())
    if mart != "contribution":
        benchmark_weights = days.benchmark_weight[inside].mean(axis=0)[index]
        worst["weights"] = max(
            worst["weights"], float(np.abs(period["average_benchmark_weight"] - benchmark_weights).max())
        )
        worst[mart] = max(worst[mart], float(np.abs(period["excess_return"] - (growth - benchmark_growth)).max()))
    return worst


def mart_periods(connection: duckdb.DuckDBPyConnection, mart: str) -> dict[tuple[int, str], list[Rows]]:
    """A mart's rows by portfolio and segmentation, one set of columns per period (quarter for
    the report, whose rows are all of its segmentation)."""
    frame = connection.execute(f"select * from {MARTS[mart]}").df()
    if mart == "report":
        frame["segmentation"] = REPORTED_SEGMENTATION
    keys = ["quarter_start_date"] if mart == "report" else ["period_code", "period_start_date"]
    columns = {name: frame[name].to_numpy() for name in frame.columns}
    periods: dict[tuple[int, str], list[Rows]] = {}
    groups = frame.groupby(["portfolio_id", "segmentation", *keys]).indices
    for (portfolio_id, segmentation, *_), positions in groups.items():
        rows = {name: values[positions] for name, values in columns.items()}
        periods.setdefault((int(portfolio_id), str(segmentation)), []).append(rows)
    return periods


def compare(raw: Raw, connection: duckdb.DuckDBPyConnection, sample: int | None = None) -> dict[str, float]:
    """The largest difference of each mart from the reference over every row of the portfolios
    compared (all, or the first `sample` by portfolio_id), and of the daily returns."""
    rows = {mart: mart_periods(connection, mart) for mart in MARTS}
    returns = connection.execute("""
        select portfolio_id, return_date, daily_return from marts.fct_portfolio_returns_daily
        where daily_return is not null order by portfolio_id, return_date
    """).df()
    returns_by_portfolio = dict(list(returns.groupby("portfolio_id")))
    worst = dict.fromkeys(["daily_return", *MARTS, "weights"], 0.0)
    counted = {(mart, segmentation): 0 for mart in MARTS for segmentation in SEGMENTATIONS}
    for n, (portfolio_id, segmented) in enumerate(reference_effects(raw)):
        if sample is not None and n >= sample:
            break
        theirs = returns_by_portfolio[portfolio_id]["daily_return"].to_numpy()
        for segmentation, (segments, days) in segmented.items():
            assert len(theirs) == len(days.dates), portfolio_id
            worst["daily_return"] = max(worst["daily_return"], float(np.abs(theirs - days.portfolio_return).max()))
            assert np.abs(days.contribution.sum(axis=1) - days.portfolio_return).max() <= 1e-12, portfolio_id
            for mart, by_portfolio in rows.items():
                for period in by_portfolio.get((portfolio_id, segmentation), []):
                    for name, value in period_differences(mart, period, days, segments).items():
                        worst[name] = max(worst[name], value)
                    counted[mart, segmentation] += 1
    # every mart has rows of both segmentations, except the report, which has the asset classes'
    expected = {key for key in counted if key[0] != "report" or key[1] == REPORTED_SEGMENTATION}
    assert {key for key, count in counted.items() if count > 0} == expected, counted
    return worst


@pytest.fixture(scope="module")
def differences(raw: dict[str, pl.DataFrame], duckdb_path: Path) -> dict[str, float]:
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        return compare(raw, connection)


def test_reference_returns_are_the_warehouse_returns(differences: dict[str, float]) -> None:
    assert differences["daily_return"] <= 1e-12, differences


@pytest.mark.parametrize("mart", [*MARTS, "weights"])
def test_marts_agree_with_the_independent_implementation(differences: dict[str, float], mart: str) -> None:
    assert differences[mart] <= TOLERANCE, differences
