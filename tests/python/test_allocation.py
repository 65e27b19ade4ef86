"""Allocation drift on the built warehouse, recomputed independently: the as-of weights from the
holdings and the cash balance, the bands from the seed, the open breaches and the proposals."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def frames(duckdb_path: Path) -> dict[str, pd.DataFrame]:
    queries = {
        "holdings": """
            select h.portfolio_id, s.asset_class_code, s.sector_code, s.region_code, h.market_value
            from marts.fct_holdings h join marts.dim_securities s using (security_id)""",
        "valuations": """
            select portfolio_id, cast(cash_balance as double) as cash_balance, market_value
            from marts.fct_portfolio_valuation_daily
            where valuation_date = (select max(valuation_date) from marts.fct_portfolio_valuation_daily)
              and market_value > 0""",
        "allocations": "select * from marts.fct_actual_allocations where is_latest",
        "drift": "select * from marts.fct_allocation_drift where is_latest",
        "breaches": "select * from marts.fct_allocation_breaches",
        "proposals": "select * from marts.fct_rebalancing_proposals",
        "portfolios": "select portfolio_id, strategy_code from marts.dim_portfolios",
    }
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        return {name: connection.execute(sql).df() for name, sql in queries.items()}


def test_as_of_weights_are_holdings_and_cash_over_value(frames: dict[str, pd.DataFrame]) -> None:
    valuations = frames["valuations"].set_index("portfolio_id")
    cash = valuations.loc[valuations.cash_balance > 0, "cash_balance"].rename("market_value").reset_index()
    for dimension, column in (
        ("asset_class", "asset_class_code"),
        ("sector", "sector_code"),
        ("region", "region_code"),
    ):
        held = frames["holdings"][["portfolio_id", column, "market_value"]].rename(columns={column: "bucket_code"})
        cash_rows = cash.assign(bucket_code="cash" if dimension == "asset_class" else "cash_balance")
        expected = pd.concat([held, cash_rows]).groupby(["portfolio_id", "bucket_code"]).market_value.sum()
        expected = (
            expected / valuations.market_value.reindex(expected.index.get_level_values(0)).to_numpy()
        ).sort_index()
        actual = (
            frames["allocations"][frames["allocations"].dimension == dimension]
            .set_index(["portfolio_id", "bucket_code"])
            .actual_weight.sort_index()
        )
        assert len(actual) > 0
        assert list(actual.index) == list(expected.index), dimension
        np.testing.assert_allclose(actual.to_numpy(), expected.to_numpy(), rtol=1e-9, atol=1e-12)


def test_bands_and_breaches_follow_the_seed(frames: dict[str, pd.DataFrame]) -> None:
    targets = pd.read_csv(REPO / "seeds" / "strategy_allocations.csv")
    drift = (
        frames["drift"]
        .merge(frames["portfolios"], on="portfolio_id")
        .merge(targets, on=["strategy_code", "asset_class_code"], how="left", suffixes=("", "_seed"))
    )
    weight = drift.target_weight_seed.fillna(0)
    half_width = np.minimum(drift.absolute_tolerance_seed, drift.relative_tolerance_seed * weight).fillna(0)
    outside = (drift.actual_weight < weight - half_width - 1e-12) | (drift.actual_weight > weight + half_width + 1e-12)
    assert (outside == drift.is_outside_band).all()
    assert drift.is_outside_band.any(), "some portfolio drifts out of band between rebalancings"
    open_breaches = frames["breaches"][frames["breaches"].is_open]
    now_outside = drift[drift.is_outside_band]
    assert set(zip(open_breaches.portfolio_id, open_breaches.asset_class_code, strict=True)) == set(
        zip(now_outside.portfolio_id, now_outside.asset_class_code, strict=True)
    )
    assert set(frames["proposals"].portfolio_id) == set(now_outside.portfolio_id)


def test_proposals_move_each_holding_pro_rata(frames: dict[str, pd.DataFrame]) -> None:
    proposals = frames["proposals"]
    assert len(proposals) > 0
    held = proposals[proposals.current_value > 0]
    class_value = held.groupby(["portfolio_id", "asset_class_code"]).current_value.transform("sum")
    expected = held.class_trade_amount * held.current_value / class_value
    np.testing.assert_allclose(held.trade_amount, expected, rtol=1e-9, atol=1e-6)
    net = proposals.groupby("portfolio_id").agg(net=("trade_amount", "sum"), value=("portfolio_market_value", "max"))
    assert (net.net.abs() <= 1e-9 * net.value).all()
