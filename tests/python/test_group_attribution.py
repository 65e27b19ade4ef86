"""The group attribution marts agree with an independent implementation
(group_attribution_reference.py: numpy from the raw files and the seeds) on every household,
advisor book and the firm of the test build: every linked allocation, selection, interaction and
currency effect and average weight of fct_group_performance_attribution, and every linked
contribution and currency contribution of fct_group_return_contribution, to 1e-9, over the days
each row states (after its anchor up to its last day); the segments each row set lists are the
reference's; and the reference's daily group and benchmark returns are the warehouse's."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import pytest
import yaml
from attribution_reference import WEIGHTLESS, carino, linked, load_market, raw_frame
from group_attribution_reference import GroupDays, GroupKey, group_days, group_sums

REPO = Path(__file__).resolve().parents[2]
VARIABLES = yaml.safe_load((REPO / "dbt_project.yml").read_text(encoding="utf-8"))["vars"]
TOLERANCE = 1e-9
EFFECTS = ["allocation_effect", "selection_effect", "interaction_effect", "currency_effect"]
MARTS = {
    "attribution": "marts.fct_group_performance_attribution",
    "contribution": "marts.fct_group_return_contribution",
}
Rows = dict[str, np.ndarray]  # a period's rows of a mart, column by column


def reference_groups(raw: dict[str, pl.DataFrame] | Path) -> tuple[list[str], dict[GroupKey, GroupDays]]:
    market = load_market(raw, VARIABLES["trading_days_per_year"])
    transactions = raw_frame(raw, "transactions")
    transactions = transactions[transactions["status"] == "settled"]
    sums = group_sums(
        market,
        raw_frame(raw, "portfolios"),
        transactions,
        raw_frame(raw, "advisor_assignments"),
        VARIABLES["reporting_currency"],
    )
    return [*market.classes, *WEIGHTLESS], {key: group_days(market, group) for key, group in sums.items()}


def period_differences(mart: str, period: Rows, days: GroupDays, segments: list[str]) -> dict[str, float]:
    """The largest differences of one period's rows from the reference's figures over its days."""
    anchor, end = np.datetime64(period["anchor_date"][0], "D"), np.datetime64(period["period_end_date"][0], "D")
    inside = (days.dates > anchor) & (days.dates <= end)
    growth = np.prod(1 + days.group_return[inside]) - 1
    held = days.held[inside].any(axis=0)
    if mart == "contribution":
        factor = carino(days.group_return[inside], 0.0)
        period_factor = float(carino(growth, 0.0))
        daily = (days.contribution, days.currency)
        ours = np.stack([linked(values[inside], factor, period_factor) for values in daily])
        columns = ["contribution", "currency_contribution"]
        weight_columns = {"average_weight": days.weight}
    else:
        benchmark_growth = np.prod(1 + days.benchmark_return[inside]) - 1
        factor = carino(days.group_return[inside], days.benchmark_return[inside])
        period_factor = float(carino(growth, benchmark_growth))
        ours = np.stack([linked(effect[inside], factor, period_factor) for effect in days.effects])
        held |= (days.benchmark_weight[inside] != 0).any(axis=0)
        columns = EFFECTS
        weight_columns = {"average_group_weight": days.weight, "average_benchmark_weight": days.benchmark_weight}
    assert sorted(period["segment_code"]) == sorted(np.array(segments)[held]), (mart, period["period_start_date"][0])
    index = [segments.index(code) for code in period["segment_code"]]
    theirs = np.stack([period[column].astype(float) for column in columns])
    worst = {mart: float(np.abs(theirs - ours[:, index]).max())}
    if mart == "attribution":
        excess = growth - benchmark_growth
        worst[mart] = max(worst[mart], float(np.abs(period["excess_return"] - excess).max()))
    worst["weights"] = max(
        float(np.abs(period[column] - values[inside].mean(axis=0)[index]).max())
        for column, values in weight_columns.items()
    )
    return worst


def mart_periods(connection: duckdb.DuckDBPyConnection, mart: str) -> dict[GroupKey, list[Rows]]:
    """A mart's rows by group, one set of columns per period."""
    frame = connection.execute(f"select * from {MARTS[mart]}").df()
    columns = {name: frame[name].to_numpy() for name in frame.columns}
    periods: dict[GroupKey, list[Rows]] = {}
    keys = ["entity_type", "entity_id", "period_code", "period_start_date"]
    for (entity_type, entity_id, *_), positions in frame.groupby(keys).indices.items():
        rows = {name: values[positions] for name, values in columns.items()}
        periods.setdefault((str(entity_type), int(entity_id)), []).append(rows)
    return periods


def compare(raw: dict[str, pl.DataFrame] | Path, connection: duckdb.DuckDBPyConnection) -> dict[str, float]:
    """The largest difference of each mart from the reference over every row, and of the daily returns."""
    segments, groups = reference_groups(raw)
    returns = connection.execute("""
        select entity_type, entity_id, return_date, daily_return, benchmark_return from marts.fct_group_returns_daily
        where daily_return is not null order by entity_type, entity_id, return_date
    """).df()
    worst = dict.fromkeys(["daily_return", "benchmark_return", *MARTS, "weights"], 0.0)
    counted = dict.fromkeys([*MARTS, "client", "advisor", "firm"], 0)
    rows = {mart: mart_periods(connection, mart) for mart in MARTS}
    for (entity_type, entity_id), theirs in returns.groupby(["entity_type", "entity_id"]):
        days = groups[(str(entity_type), int(entity_id))]
        assert np.array_equal(theirs["return_date"].to_numpy().astype("datetime64[D]"), days.dates), entity_id
        gap = np.abs(theirs["daily_return"] - days.group_return)
        worst["daily_return"] = max(worst["daily_return"], float(gap.max()))
        assert np.array_equal(theirs["benchmark_return"].isna(), np.isnan(days.benchmark_return)), entity_id
        gap = np.abs(theirs["benchmark_return"] - days.benchmark_return)
        worst["benchmark_return"] = max(worst["benchmark_return"], float(np.nanmax(gap, initial=0.0)))
        counted[str(entity_type)] += 1
        for mart, by_group in rows.items():
            for period in by_group.get((str(entity_type), int(entity_id)), []):
                for name, value in period_differences(mart, period, days, segments).items():
                    worst[name] = max(worst[name], value)
                counted[mart] += 1
    assert all(count > 0 for count in counted.values()), counted
    assert counted["client"] + counted["advisor"] + counted["firm"] == sum(len(g.dates) > 0 for g in groups.values())
    return worst


@pytest.fixture(scope="module")
def differences(raw: dict[str, pl.DataFrame], duckdb_path: Path) -> dict[str, float]:
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        return compare(raw, connection)


@pytest.mark.parametrize("series", ["daily_return", "benchmark_return"])
def test_reference_group_returns_are_the_warehouse_returns(differences: dict[str, float], series: str) -> None:
    assert differences[series] <= 1e-12, differences


@pytest.mark.parametrize("mart", [*MARTS, "weights"])
def test_group_marts_agree_with_the_independent_implementation(differences: dict[str, float], mart: str) -> None:
    assert differences[mart] <= TOLERANCE, differences
