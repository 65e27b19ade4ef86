"""ai_model_versions: each of the five models has a first version released before the history
starts and then about one release every 18 months (at least two versions per model).

Model versions: a version is retired on the day the next one of the same model is released;
the current one has no retired date and is active. The firm's table (made once, keys 1..n):
it depends on the seed and the history's dates only. Insights and recommendations use the
version of their model active on their date (released on or before it, not retired by it).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import FirmContext
from generator.modules.ai._shared import BASE_AUC, MODEL_NAMES, _gather

ALGORITHMS = {
    "churn_predictor": ("logistic_regression", "gradient_boosting", "xgboost"),
    "next_best_action": ("rules_engine", "contextual_bandit", "deep_q_network"),
    "portfolio_recommender": ("mean_variance_screen", "matrix_factorization", "gradient_boosting"),
    "risk_spike_detector": ("garch_threshold", "isolation_forest", "lstm_autoencoder"),
    "sentiment_classifier": ("naive_bayes", "bert_finetuned", "roberta_finetuned"),
}
MONTHS_PER_RELEASE = 18


def _model_versions(firm: FirmContext) -> pl.DataFrame:
    """The firm's model versions (with `model_index`): from the seed and the history's dates
    only, so every shard recomputes the same frame from its `ctx.firm`."""
    rng = firm.stream("ai_model_versions")
    start = np.datetime64(firm.config.history_start, "D")
    as_of = np.datetime64(firm.config.as_of, "D")
    span = int((as_of - start).astype(int))
    months = span / 30.44
    frames = []
    for m, name in enumerate(MODEL_NAMES):
        k = max(2, 1 + int(rng.poisson(months / MONTHS_PER_RELEASE)))
        first = start - int(rng.integers(30, 400))
        later = start + np.sort(rng.integers(20, max(span - 10, 21), k - 1))
        release = np.unique(np.r_[first, later].astype("datetime64[D]"))
        k = len(release)
        bump = rng.choice(3, k, p=[0.15, 0.6, 0.25])  # major, minor, patch
        major, minor, patch = np.empty(k, int), np.empty(k, int), np.empty(k, int)
        major[0], minor[0], patch[0] = 1, 0, 0
        for i in range(1, k):  # a handful of versions per model
            major[i] = major[i - 1] + (bump[i] == 0)
            minor[i] = 0 if bump[i] == 0 else minor[i - 1] + (bump[i] == 1)
            patch[i] = 0 if bump[i] < 2 else patch[i - 1] + 1
        retired = np.r_[release[1:], np.datetime64("NaT", "D")]
        algorithms = ALGORITHMS[name]
        auc = np.clip(BASE_AUC[m] + 0.008 * np.arange(k) + rng.normal(0, 0.006, k), 0.5, 0.97)
        frames.append(
            pl.DataFrame(
                {
                    "model_index": np.full(k, m),
                    "model_name": [name] * k,
                    "major": major,
                    "minor": minor,
                    "patch": patch,
                    "release_date": release,
                    "retired_date": retired,
                    "algorithm": _gather(algorithms, np.minimum(major - 1, len(algorithms) - 1)),
                    "training_data_end": release - rng.integers(21, 120, k),
                    "validation_auc": np.round(auc, 4),
                }
            )
        )
    versions = pl.concat(frames)
    return versions.select(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("model_version_id"),
        "model_index",
        "model_name",
        pl.format("{}.{}.{}", "major", "minor", "patch").alias("version"),
        "release_date",
        "retired_date",
        "algorithm",
        "training_data_end",
        "validation_auc",
        pl.col("retired_date").is_null().alias("is_active"),
    )
