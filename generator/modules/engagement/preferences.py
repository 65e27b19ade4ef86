"""dashboard_preferences: 4 to 8 widgets per client; client_preferences: one row per client."""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import Context
from generator.modules._common import Window, gather
from generator.modules.engagement._shared import _group_position
from generator.pools import COUNTRIES

WIDGETS = (
    "performance_chart",
    "allocation_pie",
    "goal_tracker",
    "holdings_table",
    "news_feed",
    "risk_gauge",
    "cash_flow",
    "benchmark_comparison",
)
ESG_SCORE_INTEREST = 50  # a portfolio's minimum ESG score from which the client counts as ESG-minded
PERIODS = ("MTD", "QTD", "YTD", "1Y", "3Y", "SI")


def dashboard_preferences(ctx: Context, window: Window) -> pl.DataFrame:
    rng = ctx.stream("dashboard_preferences")
    n, n_widgets = window.n, len(WIDGETS)
    # a client's layout: the widgets in a random order, weighted towards the usual ones
    weight = np.array([3.0, 2.5, 1.5, 2.0, 1.0, 1.2, 0.8, 0.8])
    order = np.argsort(-np.log(rng.random((n, n_widgets))) / weight, axis=1)
    count = rng.integers(4, n_widgets + 1, n)
    row = np.repeat(np.arange(n), count)
    position = _group_position(row)
    widget = order[row, position]
    span = (window.as_of - window.onboarding).astype(np.int64) + 1
    updated = window.onboarding + (rng.random(n) * span).astype(np.int64)
    theme = rng.random(n) < 0.35
    period = rng.choice(len(PERIODS), n, p=[0.1, 0.15, 0.35, 0.25, 0.1, 0.05])
    return pl.DataFrame(
        {
            "preference_id": ctx.ids(len(row)),
            "client_id": window.client_id[row],
            "widget": gather(WIDGETS, widget),
            "position": position + 1,
            "is_visible": rng.random(len(row)) < 0.9,
            "theme": gather(("light", "dark"), theme[row].astype(np.int64)),
            "default_period": gather(PERIODS, period[row]),
            "updated_date": updated[row],
        }
    )


def client_preferences(ctx: Context, window: Window) -> pl.DataFrame:
    rng = ctx.stream("client_preferences")
    clients = ctx.people.clients
    n = window.n
    values = ctx.portfolios.select(
        "client_id",
        "base_currency",
        "strategy_type",
        "esg_preferences",
        pl.Series("value", ctx.closing_values, dtype=pl.Float64),
        "portfolio_id",
    )
    largest = values.sort("client_id", "value", "portfolio_id", descending=[False, True, False]).unique(
        "client_id", keep="first", maintain_order=True
    )
    esg = values.group_by("client_id").agg(
        (
            pl.col("strategy_type").str.starts_with("esg")
            | (pl.col("esg_preferences").str.json_path_match("$.min_esg_score").cast(pl.Float64) >= ESG_SCORE_INTEREST)
        )
        .any()
        .alias("esg_interest")
    )
    home = {code: currency for code, (_, _, currency, _) in COUNTRIES.items()}
    info = (
        clients.select(
            "client_id",
            "preferred_language",
            "segment_code",
            "birth_date",
            pl.col("cultural_preferences").str.json_path_match("$.preferred_channel").alias("contact_channel"),
            pl.col("residence_country").replace_strict(home, default="USD").alias("home_currency"),
        )
        .join(largest.select("client_id", "base_currency"), on="client_id", how="left")
        .join(esg, on="client_id", how="left")
        .sort("client_id")
    )
    if not np.array_equal(info.get_column("client_id").to_numpy(), window.client_id):
        raise RuntimeError("engagement: clients are expected in client_id order")
    segment = info.get_column("segment_code").to_numpy()
    frequency_p = {
        "uhnw": [0.5, 0.4, 0.1, 0.0],
        "hnw": [0.25, 0.55, 0.15, 0.05],
        "mass_affluent": [0.1, 0.45, 0.25, 0.2],
    }
    frequency = np.zeros(n, dtype=np.int64)
    for code, p in frequency_p.items():  # a loop over the three segments
        mask = segment == code
        frequency[mask] = rng.choice(4, int(mask.sum()), p=p)
    age = (window.as_of - info.get_column("birth_date").to_numpy().astype("datetime64[D]")).astype(np.int64) / 365.25
    electronic = rng.random(n) < np.where(age < 50, 0.92, np.where(age < 70, 0.75, 0.5))
    span = (window.as_of - window.onboarding).astype(np.int64) + 1
    return pl.DataFrame(
        {
            "preference_id": ctx.ids(n),
            "client_id": window.client_id,
            "contact_channel": info.get_column("contact_channel"),
            "contact_frequency": gather(("monthly", "quarterly", "semi_annual", "annual"), frequency),
            "statement_delivery": gather(("paper", "electronic"), electronic.astype(np.int64)),
            "language": info.get_column("preferred_language"),
            "reporting_currency": info.select(pl.coalesce("base_currency", "home_currency")).to_series(),
            "esg_interest": info.get_column("esg_interest").fill_null(False),
            "updated_date": window.onboarding + (rng.random(n) * span).astype(np.int64),
        }
    )
