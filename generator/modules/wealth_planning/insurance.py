"""Wealth planning: the insurance_policies table.

insurance_policies: term_life, whole_life, disability, long_term_care, umbrella and property,
placed inside the client relationship. Term-life cover is 5 to 15 times income, for 10 to 30
years (10 when a longer term would run past age 80); disability
insures 60% of income a year to age 65; long-term care runs to age 95; umbrella and property
renew yearly (end_date is the end of the term in force, or the last term); whole life has no
end date. Premiums are coverage x a rate that rises with the age at the start (life: +8.5% a
year of age for term, +5% whole life, +6% long-term care, +2% disability). 4% of policies
lapse (end_date the lapse date); the rest are active, or expired when their term ended before
the as-of date.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import Context
from generator.modules.wealth_planning._shared import _cents, _days, _gather

POLICY_TYPES = ("term_life", "whole_life", "disability", "long_term_care", "umbrella", "property")
LIFE_POLICIES = ("term_life", "whole_life")
INSURERS = (
    "Northbridge Mutual",
    "Crestline Life",
    "Harborview Assurance",
    "Summit Shield Insurance",
    "Evergreen Protective",
    "Lakeside General",
    "Pinnacle Re & Life",
    "Meridian Casualty",
    "Stonegate Insurance Group",
    "Bluewater Mutual",
)
TERM_LIFE_YEARS = ((10, 15, 20, 30), (0.2, 0.2, 0.4, 0.2))
LIFE_MULTIPLES = (5, 8, 10, 12, 15)
TERM_LIFE_TO_AGE = 80
DISABILITY_REPLACEMENT = 0.6
DISABILITY_TO_AGE = 65
LONG_TERM_CARE_TO_AGE = 95
LAPSE_RATE = 0.04


def _insurance(ctx: Context, info: pl.DataFrame, liabilities: pl.DataFrame) -> pl.DataFrame:
    rng = ctx.stream("insurance_policies")
    n = info.height
    age = info.get_column("age").to_numpy()
    income = info.get_column("annual_income").to_numpy()
    worth = info.get_column("net_worth").to_numpy()
    married = (info.get_column("marital_status") == "married").to_numpy()
    retired = info.get_column("retired").to_numpy()
    children = info.get_column("children").to_numpy()
    segment = info.get_column("segment_code").to_numpy()
    mortgage = (
        info.select("client_id")
        .join(
            liabilities.filter(pl.col("liability_type") == "mortgage").select("client_id", "original_amount"),
            on="client_id",
            how="left",
        )
        .get_column("original_amount")
        .fill_null(0.0)
        .to_numpy()
    )
    working = ~retired & (age < 65)
    probability = {
        "term_life": np.where(
            working, np.minimum(0.35 + 0.25 * married + 0.15 * (children > 0), 0.85), np.where(age < 70, 0.05, 0.0)
        ),
        "whole_life": 0.06 + 0.12 * (segment == "hnw") + 0.25 * (segment == "uhnw") + 0.05 * (age > 50),
        "disability": np.where(~retired & (age < 60), 0.3, 0.0),
        "long_term_care": np.where(age >= 60, 0.27, np.where(age >= 50, 0.12, 0.0)),
        "umbrella": np.where(segment == "uhnw", 0.8, np.where(segment == "hnw", 0.45, 0.08)),
        "property": np.where(mortgage > 0, 0.95, 0.45),
    }
    draws = rng.random((n, len(POLICY_TYPES)))
    pairs = [(np.flatnonzero(draws[:, j] < probability[kind]), j) for j, kind in enumerate(POLICY_TYPES)]
    row = np.concatenate([rows for rows, _ in pairs])
    kind = np.concatenate([np.full(len(rows), j) for rows, j in pairs])
    order = np.lexsort((kind, row))
    row, kind = row[order], kind[order]
    m = len(row)
    as_of = np.datetime64(ctx.config.as_of, "D")
    onboarding = _days(info.get_column("onboarding_date"))[row]
    birth = _days(info.get_column("birth_date"))[row]
    start = onboarding + (rng.random(m) * ((as_of - onboarding).astype(int) + 1)).astype(int)
    start_age = (start - birth).astype(int) / 365.25
    is_ = {name: kind == POLICY_TYPES.index(name) for name in POLICY_TYPES}
    inc, nw = income[row], worth[row]
    multiple = np.array(LIFE_MULTIPLES)[rng.integers(0, len(LIFE_MULTIPLES), m)]
    umbrella = np.where(
        segment[row] == "uhnw",
        rng.choice([5e6, 10e6, 20e6], m),
        np.where(segment[row] == "hnw", rng.choice([1e6, 2e6, 3e6, 5e6], m), 1e6),
    )
    home = np.where(mortgage[row] > 0, mortgage[row] / rng.uniform(0.6, 0.85, m), inc * rng.uniform(2, 5, m))
    coverage = np.select(
        [is_["term_life"], is_["whole_life"], is_["disability"], is_["long_term_care"], is_["umbrella"]],
        [
            np.round(inc * multiple / 1000) * 1000,
            np.round(np.maximum(np.maximum(inc * rng.uniform(2, 6, m), nw * rng.uniform(0.05, 0.25, m)), 50_000) / 1000)
            * 1000,
            np.round(inc * DISABILITY_REPLACEMENT / 100) * 100,
            np.round(rng.uniform(100_000, 500_000, m) / 10_000) * 10_000,
            umbrella,
        ],
        np.round(np.maximum(home, 50_000) / 1000) * 1000,
    )
    term_years = np.array(TERM_LIFE_YEARS[0])[rng.choice(len(TERM_LIFE_YEARS[0]), m, p=TERM_LIFE_YEARS[1])]
    term_years = np.where(start_age + term_years > TERM_LIFE_TO_AGE, 10, term_years)  # older starters buy short terms
    noise = np.exp(rng.normal(0, 0.1, m))
    premium = noise * np.select(
        [is_["term_life"], is_["whole_life"], is_["disability"], is_["long_term_care"], is_["umbrella"]],
        [
            coverage / 1000 * 0.5 * np.exp(0.085 * (start_age - 30)) * (1 + 0.015 * (term_years - 20)),
            coverage / 1000 * 7.0 * np.exp(0.05 * (start_age - 40)),
            coverage * 0.03 * np.exp(0.02 * (start_age - 35)),
            coverage / 1000 * 12.0 * np.exp(0.06 * (start_age - 55)),
            150 + 110 * coverage / 1e6,
        ],
        coverage * 0.0035,
    )
    frame = pl.DataFrame(
        {
            "row": row,
            "kind": kind,
            "start_date": start,
            "birth_date": birth,
            "term_years": term_years,
        }
    )
    # umbrella and property renew yearly: the term in force ends on the first anniversary after the as-of date
    years = ctx.config.as_of.year - pl.col("start_date").dt.year()
    anniversary = pl.col("start_date").dt.offset_by(pl.format("{}y", years))
    frame = frame.with_columns(
        pl.when(anniversary > pl.lit(ctx.config.as_of)).then(years).otherwise(years + 1).alias("renewals")
    )
    yearly = pl.col("kind").is_in([POLICY_TYPES.index("umbrella"), POLICY_TYPES.index("property")])
    end = frame.select(
        pl.when(pl.col("kind") == POLICY_TYPES.index("term_life"))
        .then(pl.col("start_date").dt.offset_by(pl.format("{}y", "term_years")))
        .when(pl.col("kind") == POLICY_TYPES.index("disability"))
        .then(pl.col("birth_date").dt.offset_by(f"{DISABILITY_TO_AGE}y"))
        .when(pl.col("kind") == POLICY_TYPES.index("long_term_care"))
        .then(pl.col("birth_date").dt.offset_by(f"{LONG_TERM_CARE_TO_AGE}y"))
        .when(yearly)
        .then(pl.col("start_date").dt.offset_by(pl.format("{}y", "renewals")))
        .otherwise(None)
        .alias("end_date")
    ).get_column("end_date")
    end_days = _days(end)
    whole = is_["whole_life"]
    span = np.where(whole, 0, (np.minimum(end_days, as_of) - start).astype(int))
    lapsed = ~whole & (rng.random(m) < LAPSE_RATE) & (span > 60)
    lapse_day = start + 30 + (rng.random(m) * np.maximum(span - 30, 1)).astype(int)
    end_days = np.where(lapsed, lapse_day, end_days)
    status = np.where(lapsed, 0, np.where(whole | (end_days > as_of), 1, 2))
    beneficiary = np.where(
        married[row],
        0,
        np.where(
            children[row] > 0, 1, np.where(segment[row] == "uhnw", 4, rng.choice([2, 3, 5], m, p=[0.4, 0.3, 0.3]))
        ),
    )
    life = np.isin(kind, [POLICY_TYPES.index(name) for name in LIFE_POLICIES])
    insurer = _gather(INSURERS, rng.integers(0, len(INSURERS), m))
    return pl.DataFrame(
        {
            "policy_id": ctx.ids(m),
            "client_id": info.get_column("client_id").to_numpy()[row],
            "policy_type": _gather(POLICY_TYPES, kind),
            "insurer": insurer,
            "coverage_amount": _cents(coverage),
            "annual_premium": _cents(premium),
            "currency_code": info.get_column("currency_code").gather(row),
            "start_date": start,
            "end_date": pl.Series(end_days, dtype=pl.Date),
            "beneficiary_relationship": _gather(
                ("spouse", "child", "parent", "sibling", "trust", "estate", "self"), np.where(life, beneficiary, 6)
            ),
            "status": _gather(("lapsed", "active", "expired"), status),
        }
    )
