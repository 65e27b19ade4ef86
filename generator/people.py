"""Advisors, clients (every CLIENT field of seed 000 plus contact details and a segment) and
advisor assignments over time.

Wealth is heavy-tailed (Student-t noise on log net worth) and correlated with income and age;
the risk profile is correlated with age, market experience and wealth.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np
import polars as pl

from generator.config import Config
from generator.pools import COUNTRIES, Pools
from generator.reference import seed
from generator.rng import stream

INDUSTRIES = np.array(
    [
        "technology",
        "finance",
        "health_care",
        "legal",
        "real_estate",
        "manufacturing",
        "energy",
        "education",
        "retail",
        "media",
        "consulting",
        "public_sector",
        "hospitality",
        "construction",
    ]
)
EDUCATION = np.array(["high_school", "bachelor", "master", "doctorate", "professional"])
EXPERIENCE = np.array(["none", "limited", "moderate", "extensive"])
MARITAL = np.array(["single", "married", "divorced", "widowed"])
EMAIL_DOMAINS = np.array(["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me", "gmx.net"])
RETIREMENT_AGE = 67
DIAL = {
    "US": "+1",
    "CA": "+1",
    "GB": "+44",
    "DE": "+49",
    "FR": "+33",
    "CH": "+41",
    "NL": "+31",
    "IT": "+39",
    "ES": "+34",
}


@dataclass
class People:
    advisors: pl.DataFrame
    clients: pl.DataFrame
    assignments: pl.DataFrame


def _ascii(values: np.ndarray) -> np.ndarray:
    out = [
        unicodedata.normalize("NFKD", v).encode("ascii", "ignore").decode().lower().replace(" ", "").replace("'", "")
        for v in values
    ]
    return np.array(out, dtype=object)


def _days(values: np.ndarray) -> np.ndarray:
    return values.astype("datetime64[D]")


def _phones(rng: np.random.Generator, country: np.ndarray) -> np.ndarray:
    a, b, c = (
        rng.integers(200, 999, len(country)),
        rng.integers(100, 999, len(country)),
        rng.integers(0, 9999, len(country)),
    )
    dial = np.array([DIAL[x] for x in country], dtype=object)
    return np.array([f"{d} {x} {y} {z:04d}" for d, x, y, z in zip(dial, a, b, c, strict=True)], dtype=object)


def _names(rng: np.random.Generator, pools: Pools, country: np.ndarray) -> dict[str, np.ndarray]:
    n = len(country)
    first, last, street, city, postal = (np.empty(n, dtype=object) for _ in range(5))
    for code, pool in pools.countries.items():
        mask = country == code
        k = int(mask.sum())
        first[mask] = rng.choice(pool.first_names, k)
        last[mask] = rng.choice(pool.last_names, k)
        street[mask] = rng.choice(pool.streets, k)
        pick = rng.integers(0, len(pool.cities), k)
        city[mask], postal[mask] = pool.cities[pick], pool.postal_codes[pick]
    return {"first_name": first, "last_name": last, "street_address": street, "city": city, "postal_code": postal}


def _advisors(config: Config, pools: Pools) -> pl.DataFrame:
    rng = stream(config.seed, "advisors")
    n = config.n_advisors
    country = rng.choice(["US", "GB", "CH", "DE", "CA"], n, p=[0.7, 0.1, 0.08, 0.06, 0.06])
    names = _names(rng, pools, country)
    start = np.datetime64(config.history_start, "D")
    hire = start - rng.integers(365 * 9, 365 * 25, n)
    first_ascii, last_ascii = _ascii(names["first_name"]), _ascii(names["last_name"])
    return pl.DataFrame(
        {
            "advisor_id": np.arange(1, n + 1, dtype=np.int64),
            "first_name": names["first_name"].astype(str),
            "last_name": names["last_name"].astype(str),
            "email": [
                f"{f}.{last}.{i}@meridian-wealth.example"
                for i, (f, last) in enumerate(zip(first_ascii, last_ascii, strict=True), 1)
            ],
            "phone": _phones(rng, country).astype(str),
            "title": rng.choice(
                ["Associate Advisor", "Wealth Advisor", "Senior Wealth Advisor", "Managing Director"],
                n,
                p=[0.2, 0.45, 0.25, 0.1],
            ),
            "certification": rng.choice(["CFP", "CFA", "ChFC", "CIMA", "none"], n, p=[0.4, 0.2, 0.1, 0.1, 0.2]),
            "office_city": names["city"].astype(str),
            "office_country": country,
            "hire_date": _days(hire),
            "is_active": np.ones(n, dtype=bool),
        }
    )


def _json_dependents(
    client_id: np.ndarray,
    n_children: np.ndarray,
    n_parents: np.ndarray,
    birth_year: np.ndarray,
    as_of_year: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """dependents_info as a JSON array of {relationship, birth_year} per client."""
    rows_client = np.repeat(np.arange(len(client_id)), n_children + n_parents)
    is_child = (
        np.concatenate([np.r_[np.ones(c, bool), np.zeros(p, bool)] for c, p in zip(n_children, n_parents, strict=True)])
        if len(rows_client)
        else np.zeros(0, bool)
    )
    parent_year = birth_year[rows_client] - rng.integers(22, 38, len(rows_client))
    child_year = np.minimum(birth_year[rows_client] + rng.integers(22, 42, len(rows_client)), as_of_year)
    frame = pl.DataFrame(
        {
            "row": rows_client,
            "item": np.where(
                is_child, '{"relationship":"child","birth_year":', '{"relationship":"parent","birth_year":'
            ),
            "year": np.where(is_child, child_year, parent_year),
        }
    ).with_columns((pl.col("item") + pl.col("year").cast(pl.String) + "}").alias("item"))
    joined = frame.group_by("row", maintain_order=True).agg(pl.col("item").str.join(","))
    out = np.full(len(client_id), "[]", dtype=object)
    out[joined["row"].to_numpy()] = ("[" + joined["item"] + "]").to_numpy()
    return out


def _clients(config: Config, pools: Pools) -> pl.DataFrame:
    rng = stream(config.seed, "clients")
    n = config.scale
    codes = np.array(list(COUNTRIES))
    weights = np.array([COUNTRIES[c][1] for c in codes])
    country = rng.choice(codes, n, p=weights / weights.sum())
    citizenship = np.where(rng.random(n) < 0.9, country, rng.choice(codes, n))
    as_of = np.datetime64(config.as_of, "D")
    age = np.clip(rng.normal(54, 14, n), 23, 92)
    birth = as_of - (age * 365.25).astype(int)
    earliest = np.datetime64(config.history_start, "D") - 365 * 8
    span = (as_of - 60 - earliest).astype(int)
    onboarding = earliest + (rng.random(n) ** 0.8 * span).astype(int)
    onboarding = np.maximum(onboarding, birth + int(21 * 365.25))
    retired = age >= RETIREMENT_AGE + rng.normal(0, 2, n)
    age_curve = -(((age - 55) / 20) ** 2)
    log_income = 11.45 + 0.35 * age_curve + rng.normal(0, 0.65, n) - 0.6 * retired
    income = np.round(np.exp(log_income), 2)
    wealth_noise = rng.standard_t(4, n) * 0.72
    log_nw = 13.0 + 0.85 * (log_income - 11.45) + 0.03 * (age - 45) + wealth_noise
    net_worth = np.round(np.exp(np.clip(log_nw, 10.5, 20.5)), 2)
    experience_level = np.clip(
        np.round(0.8 + 0.02 * (age - 30) + 0.35 * (log_nw - 13) + rng.normal(0, 0.8, n)), 0, 3
    ).astype(int)
    risk_latent = -0.045 * (age - 50) + 0.35 * (experience_level - 1.5) + 0.25 * (log_nw - 13.2) + rng.normal(0, 0.8, n)
    profiles = seed("risk_profiles").sort("risk_level").get_column("risk_profile_code").to_numpy()
    risk_profile = profiles[np.digitize(risk_latent, [-1.1, -0.35, 0.35, 1.1])]
    segments = seed("client_segments")
    floors = segments.get_column("min_net_worth").to_numpy()[1:]
    segment = segments.get_column("segment_code").to_numpy()[np.digitize(net_worth, floors)]
    marital = np.where(
        age < 30, rng.choice(MARITAL, n, p=[0.6, 0.35, 0.05, 0.0]), rng.choice(MARITAL, n, p=[0.2, 0.58, 0.14, 0.08])
    )
    marital = np.where((marital == "widowed") & (age < 45), "married", marital)
    n_children = np.where(age > 27, rng.poisson(1.3, n), 0)
    n_parents = (rng.random(n) < 0.08).astype(int)
    spouse = (marital == "married").astype(int)
    family_size = 1 + spouse + n_children + n_parents
    names = _names(rng, pools, country)
    first_ascii, last_ascii = _ascii(names["first_name"]), _ascii(names["last_name"])
    client_id = np.arange(1, n + 1, dtype=np.int64)
    domains = rng.choice(EMAIL_DOMAINS, n)
    email = np.array(
        [f"{f}.{last}{i}@{d}" for f, last, i, d in zip(first_ascii, last_ascii, client_id, domains, strict=True)],
        dtype=object,
    )
    languages = np.array([rng.choice(COUNTRIES[c][3]) for c in country])
    employer = rng.choice(pools.companies, n).astype(object)
    occupation = rng.choice(pools.jobs, n).astype(object)
    industry = rng.choice(INDUSTRIES, n).astype(object)
    occupation[retired] = "Retired"
    employer[retired] = None
    industry[retired] = None
    birth_year = birth.astype("datetime64[Y]").astype(int) + 1970
    education = rng.choice(EDUCATION, n, p=[0.12, 0.4, 0.3, 0.08, 0.1])
    style = rng.choice(["formal", "casual"], n, p=[0.6, 0.4])
    channel = rng.choice(["email", "phone", "video", "in_person"], n, p=[0.4, 0.25, 0.15, 0.2])
    holidays_observed = rng.choice(
        ["secular", "christian", "jewish", "muslim", "hindu", "lunar_new_year"],
        n,
        p=[0.45, 0.35, 0.06, 0.06, 0.04, 0.04],
    )
    meeting = rng.choice(["morning", "afternoon", "evening"], n)
    cultural = [
        f'{{"communication_style":"{s}","preferred_channel":"{c}","observed_holidays":"{h}","meeting_time":"{m}"}}'
        for s, c, h, m in zip(style, channel, holidays_observed, meeting, strict=True)
    ]
    return pl.DataFrame(
        {
            "client_id": client_id,
            "name": [f"{f} {last}" for f, last in zip(names["first_name"], names["last_name"], strict=True)],
            "first_name": names["first_name"].astype(str),
            "last_name": names["last_name"].astype(str),
            "birth_date": _days(birth),
            "citizenship": citizenship,
            "residence_country": country,
            "email": email.astype(str),
            "phone": _phones(rng, country).astype(str),
            "street_address": names["street_address"].astype(str),
            "city": names["city"].astype(str),
            "postal_code": names["postal_code"].astype(str),
            "occupation": pl.Series(occupation.tolist(), dtype=pl.String),
            "annual_income": income,
            "employer": pl.Series(employer.tolist(), dtype=pl.String),
            "industry": pl.Series(industry.tolist(), dtype=pl.String),
            "marital_status": marital,
            "family_size": family_size,
            "dependents_info": _json_dependents(client_id, n_children, n_parents, birth_year, config.as_of.year, rng),
            "risk_profile": risk_profile,
            "market_experience": EXPERIENCE[experience_level],
            "net_worth": net_worth,
            "education_level": education,
            "preferred_language": languages,
            "cultural_preferences": cultural,
            "segment_code": segment,
            "onboarding_date": _days(onboarding),
        },
        strict=False,
    )


def _assignments(config: Config, clients: pl.DataFrame, n_advisors: int) -> pl.DataFrame:
    rng = stream(config.seed, "advisor_assignments")
    n = clients.height
    as_of = np.datetime64(config.as_of, "D")
    onboarding = clients.get_column("onboarding_date").to_numpy().astype("datetime64[D]")
    periods = rng.choice([1, 2, 3], n, p=[0.7, 0.25, 0.05])
    row_client = np.repeat(np.arange(n), periods)
    seq = np.concatenate([np.arange(k) for k in periods])
    span = (as_of - onboarding).astype(int)
    # change points: sorted fractions of the relationship, the first period starting at onboarding
    fraction = np.where(seq == 0, 0.0, rng.uniform(0.05, 0.95, len(seq)))
    frame = pl.DataFrame({"row": row_client, "seq": seq, "fraction": fraction}).sort(["row", "fraction"])
    row = frame["row"].to_numpy()
    start = onboarding[row] + (frame["fraction"].to_numpy() * span[row]).astype(int)
    nxt = np.r_[start[1:], start[:1]]
    last = np.r_[row[1:] != row[:-1], True]
    end = np.where(last, np.datetime64("NaT"), nxt - 1)
    advisor = rng.integers(1, n_advisors + 1, len(row))
    same = np.r_[False, (advisor[1:] == advisor[:-1]) & (row[1:] == row[:-1])]
    advisor = np.where(same, advisor % n_advisors + 1, advisor)
    first = np.r_[True, row[1:] != row[:-1]]
    reason = np.where(
        first,
        "onboarding",
        rng.choice(["client_request", "advisor_departure", "book_rebalancing"], len(row), p=[0.4, 0.3, 0.3]),
    )
    return pl.DataFrame(
        {
            "assignment_id": np.arange(1, len(row) + 1, dtype=np.int64),
            "client_id": clients.get_column("client_id").to_numpy()[row],
            "advisor_id": advisor.astype(np.int64),
            "assignment_role": "primary",
            "start_date": start,
            "end_date": end.astype("datetime64[D]"),
            "change_reason": reason,
        }
    )


def build_people(config: Config, pools: Pools) -> People:
    advisors = _advisors(config, pools)
    clients = _clients(config, pools)
    return People(advisors=advisors, clients=clients, assignments=_assignments(config, clients, advisors.height))
