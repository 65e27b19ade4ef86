"""Helpers shared by the wealth-planning tables: the client frame they start from, text picked by
index, dates as numpy days, amounts rounded to the cent."""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import Context
from generator.pools import COUNTRIES

CURRENCY = {code: spec[2] for code, spec in COUNTRIES.items()}


def _gather(options: tuple[str, ...] | list[str] | np.ndarray, index: np.ndarray) -> pl.Series:
    return pl.Series(list(options), dtype=pl.String).gather(index)


def _days(series: pl.Series) -> np.ndarray:
    return series.to_numpy().astype("datetime64[D]")


def _cents(values: np.ndarray) -> np.ndarray:
    return np.round(values, 2)


def _clients(ctx: Context) -> pl.DataFrame:
    as_of = ctx.config.as_of
    return ctx.people.clients.select(
        "client_id",
        "birth_date",
        "onboarding_date",
        "annual_income",
        "net_worth",
        "marital_status",
        "segment_code",
        "residence_country",
        ((pl.lit(as_of) - pl.col("birth_date")).dt.total_days() / 365.25).alias("age"),
        (pl.col("occupation") == "Retired").alias("retired"),
        pl.col("dependents_info").str.count_matches('"relationship":"child"').alias("children"),
        pl.col("residence_country").replace_strict(CURRENCY, return_dtype=pl.String).alias("currency_code"),
    )
