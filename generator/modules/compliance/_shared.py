"""Helpers shared by the compliance tables: the clients' KYC risk rating, the compliance team,
text picked by index and dates as numpy days."""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import Context

VALIDITY_YEARS = {"low": 3, "medium": 2, "high": 1}
CASH_INTENSIVE = ("real_estate", "hospitality", "construction")
SOON_DAYS = 30


def _gather(options: tuple[str, ...] | list[str], index: np.ndarray) -> pl.Series:
    return pl.Series(list(options), dtype=pl.String).gather(index)


def _days(series: pl.Series) -> np.ndarray:
    return series.to_numpy().astype("datetime64[D]")


def _officers(n_advisors: int) -> list[str]:
    """The compliance team of a shard: one officer per five of its advisors, at least two."""
    return [f"CO-{i:02d}" for i in range(1, max(2, -(-n_advisors // 5)) + 1)]


def _client_risk(ctx: Context) -> pl.DataFrame:
    """Per client: politically exposed or not, and the KYC risk rating (static over the relationship)."""
    rng = ctx.stream("compliance_client_risk")
    clients = ctx.people.clients
    n = clients.height
    segment = clients.get_column("segment_code").to_numpy()
    industry = clients.get_column("industry").fill_null("").to_numpy()
    pep_rate = np.where(segment == "uhnw", 0.08, np.where(segment == "hnw", 0.02, 0.006))
    pep = rng.random(n) < pep_rate * np.where(industry == "public_sector", 4.0, 1.0)
    cross_border = (clients.get_column("citizenship") != clients.get_column("residence_country")).to_numpy()
    high = pep | (segment == "uhnw") | (rng.random(n) < 0.02)
    cash_intensive = np.isin(industry, CASH_INTENSIVE) & (rng.random(n) < 0.5)
    medium = (segment == "hnw") | cross_border | cash_intensive | (rng.random(n) < 0.05)
    rating = np.where(high, 2, np.where(medium, 1, 0))
    return clients.select(
        "client_id",
        "onboarding_date",
        "segment_code",
        "occupation",
        pl.Series("pep", pep),
        _gather(("low", "medium", "high"), rating).alias("risk_rating"),
        pl.Series("validity_years", np.array([3, 2, 1])[rating]),
    )
