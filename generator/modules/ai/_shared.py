"""Shared by the AI tables: the model names and base AUCs, the market stress both insights and
recommendations read, the version of a model active on a day, and small helpers."""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import FirmContext

MODEL_NAMES = (
    "churn_predictor",
    "next_best_action",
    "portfolio_recommender",
    "risk_spike_detector",
    "sentiment_classifier",
)
CHURN, NEXT_ACTION, RECOMMENDER, RISK_SPIKE, SENTIMENT = range(len(MODEL_NAMES))
BASE_AUC = np.array([0.78, 0.70, 0.66, 0.74, 0.83])
STRESS_WINDOW = 21


def _days(values: object) -> np.ndarray:
    return np.asarray(values).astype("datetime64[D]")


def _gather(options: tuple[str, ...] | list[str], index: np.ndarray) -> pl.Series:
    return pl.Series(list(options), dtype=pl.String).gather(index)


def _spread_draw(rng: np.random.Generator, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """A uniform integer in [low, high] per row."""
    return low + (rng.random(len(low)) * (high - low + 1)).astype(np.int64)


def _stress(firm: FirmContext) -> np.ndarray:
    """Per trading day: 21-day realised volatility of the global equity benchmark over its
    median (1 is a normal market; measured on the days before, so day 0 is 1). A function of
    the market data only: every shard computes the same."""
    levels = (
        firm.market.tables["benchmark_levels"]
        .filter(pl.col("benchmark_code") == "bm_global_equity")
        .sort("level_date")
        .get_column("index_level")
        .cast(pl.Float64)
        .to_numpy()
    )
    returns = np.diff(np.log(levels), prepend=np.log(levels[0]))
    sums = np.cumsum(np.r_[0.0, returns])
    squares = np.cumsum(np.r_[0.0, returns**2])
    end = np.arange(len(returns))  # window of the returns before the day
    start = np.maximum(end - STRESS_WINDOW, 0)
    count = np.maximum(end - start, 1)
    mean = (sums[end] - sums[start]) / count
    vol = np.sqrt(np.maximum((squares[end] - squares[start]) / count - mean**2, 0))
    median = np.median(vol[STRESS_WINDOW:]) if len(vol) > STRESS_WINDOW else np.median(vol)
    ratio = np.where(end >= 5, vol / max(median, 1e-12), 1.0)
    return np.clip(ratio, 0.2, 5.0)


def _active_version(versions: pl.DataFrame, model: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Row of `versions` of each model active on each day (versions sorted by model, release)."""
    release = versions.get_column("release_date").to_numpy().astype("datetime64[D]").astype(np.int64)
    key = versions.get_column("model_index").to_numpy().astype(np.int64) * 1_000_000 + release
    query = model.astype(np.int64) * 1_000_000 + day.astype("datetime64[D]").astype(np.int64)
    return np.searchsorted(key, query, side="right") - 1
