"""Wealth planning: the estate_plans table.

estate_plans: for a share of clients rising with age and wealth (10-20% of the mass affluent
under 45, over 80% of ultra-high-net-worth clients over 70). The estimated estate is the net
worth x 0.95-1.10 (rounded to the thousand); the estate-tax exposure is
ESTATE_TAX[country] applied to it: rate x (estate - allowance, doubled for married clients as
the spouse inherits free), x 0.6 with a trust.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import Context
from generator.modules.wealth_planning._shared import _cents, _days, _gather

# estate planning: (allowance, rate) of a simplified inheritance / estate tax, local currency
ESTATE_TAX = {
    "US": (13_990_000.0, 0.40),
    "GB": (325_000.0, 0.40),
    "CA": (0.0, 0.0),  # no estate tax (a deemed disposition taxes gains instead)
    "DE": (500_000.0, 0.19),
    "FR": (100_000.0, 0.30),
    "CH": (0.0, 0.0),  # spouses and descendants are exempt in most cantons
    "NL": (25_000.0, 0.15),
    "IT": (1_000_000.0, 0.04),
    "ES": (100_000.0, 0.15),
}
TRUST_FACTOR = 0.6
ESTATE_TO_NET_WORTH = (0.95, 1.10)  # estate on death / net worth today (growth, costs)
EXECUTORS = ("spouse", "child", "sibling", "friend", "attorney", "trust_company")


def _estate_plans(ctx: Context, info: pl.DataFrame) -> pl.DataFrame:
    rng = ctx.stream("estate_plans")
    n = info.height
    age = info.get_column("age").to_numpy()
    segment = info.get_column("segment_code").to_numpy()
    wealth_boost = np.where(segment == "uhnw", 0.45, np.where(segment == "hnw", 0.25, 0.0))
    probability = np.clip(0.1 + 0.006 * (age - 30) + wealth_boost, 0.05, 0.95)
    rows = np.flatnonzero(rng.random(n) < probability)
    k = len(rows)
    plan = info[rows]
    age, segment = age[rows], segment[rows]
    married = (plan.get_column("marital_status") == "married").to_numpy()
    children = plan.get_column("children").to_numpy()
    elder = np.clip((age - 40) / 40, 0, 1)
    has_trust = rng.random(k) < np.where(segment == "uhnw", 0.85, np.where(segment == "hnw", 0.45, 0.12))
    executor = np.where(
        married & (rng.random(k) < 0.8),
        0,
        np.where(
            (children > 0) & (rng.random(k) < 0.75),
            1,
            np.where(segment == "uhnw", rng.choice([4, 5], k), rng.choice([2, 3, 4], k, p=[0.5, 0.2, 0.3])),
        ),
    )
    as_of = np.datetime64(ctx.config.as_of, "D")
    onboarding = _days(plan.get_column("onboarding_date"))
    reviewed = onboarding + (rng.random(k) ** 0.5 * ((as_of - onboarding).astype(int) + 1)).astype(int)
    estate = np.round(plan.get_column("net_worth").to_numpy() * rng.uniform(*ESTATE_TO_NET_WORTH, k) / 1000) * 1000
    country = plan.get_column("residence_country")
    allowance = country.replace_strict({c: v[0] for c, v in ESTATE_TAX.items()}, return_dtype=pl.Float64).to_numpy()
    rate = country.replace_strict({c: v[1] for c, v in ESTATE_TAX.items()}, return_dtype=pl.Float64).to_numpy()
    exposure = _cents(
        np.maximum(estate - allowance * np.where(married, 2, 1), 0) * rate * np.where(has_trust, TRUST_FACTOR, 1.0)
    )
    return pl.DataFrame(
        {
            "estate_plan_id": ctx.ids(k),
            "client_id": plan.get_column("client_id"),
            "has_will": rng.random(k) < 0.75 + 0.2 * elder,
            "has_trust": has_trust,
            "has_power_of_attorney": rng.random(k) < 0.45 + 0.45 * elder,
            "has_healthcare_directive": rng.random(k) < 0.35 + 0.5 * elder,
            "executor_relationship": _gather(EXECUTORS, executor),
            "last_reviewed_date": reviewed,
            "estimated_estate_value": estate,
            "estate_tax_exposure": exposure,
            "currency_code": plan.get_column("currency_code"),
        }
    )
