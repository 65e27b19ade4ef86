"""Advisors, clients (every CLIENT field of seed 000 plus contact details and a segment) and
advisor assignments over time.

Wealth is heavy-tailed (Student-t noise on log net worth) and correlated with income and age;
the risk profile is correlated with age, market experience and wealth.
"""

from __future__ import annotations

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
HOLIDAYS = ["secular", "christian", "jewish", "muslim", "hindu", "lunar_new_year"]
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


def _days(values: np.ndarray) -> np.ndarray:
    return values.astype("datetime64[D]")


def _phones(rng: np.random.Generator, country: np.ndarray) -> pl.Series:
    """Phone numbers with the country's dialling code, e.g. +44 892 185 1576."""
    n = len(country)
    digits = pl.DataFrame(
        {
            "country": country,
            "a": rng.integers(200, 999, n),
            "b": rng.integers(100, 999, n),
            "c": rng.integers(0, 9999, n),
        }
    )
    dial = pl.col("country").replace_strict(DIAL, return_dtype=pl.String)
    return digits.select(pl.format("{} {} {} {}", dial, "a", "b", pl.col("c").cast(pl.String).str.zfill(4))).to_series()


def _names(rng: np.random.Generator, pools: Pools, country: np.ndarray) -> pl.DataFrame:
    """Names and addresses picked from each country's pools (indices drawn per country)."""
    n = len(country)
    names = ("first_name", "last_name", "first_ascii", "last_ascii", "street_address", "city", "postal_code")
    columns = {name: np.empty(n, dtype=object) for name in names}
    for code, pool in pools.countries.items():
        mask = country == code
        k = int(mask.sum())
        first = rng.integers(0, len(pool.first_names), k)
        last = rng.integers(0, len(pool.last_names), k)
        place = rng.integers(0, len(pool.cities), k)
        columns["first_name"][mask], columns["first_ascii"][mask] = pool.first_names[first], pool.first_ascii[first]
        columns["last_name"][mask], columns["last_ascii"][mask] = pool.last_names[last], pool.last_ascii[last]
        columns["street_address"][mask] = pool.streets[rng.integers(0, len(pool.streets), k)]
        columns["city"][mask], columns["postal_code"][mask] = pool.cities[place], pool.postal_codes[place]
    return pl.DataFrame({name: pl.Series(name, values.tolist(), dtype=pl.String) for name, values in columns.items()})


def _languages(rng: np.random.Generator, country: np.ndarray) -> pl.Series:
    language = np.empty(len(country), dtype=object)
    for code, (_, _, _, spoken) in COUNTRIES.items():
        mask = country == code
        language[mask] = np.array(spoken, dtype=object)[rng.integers(0, len(spoken), int(mask.sum()))]
    return pl.Series(language.tolist(), dtype=pl.String)


def _advisors(config: Config, pools: Pools) -> pl.DataFrame:
    rng = stream(config.seed, "advisors")
    n = config.n_advisors
    country = rng.choice(["US", "GB", "CH", "DE", "CA"], n, p=[0.7, 0.1, 0.08, 0.06, 0.06])
    names = _names(rng, pools, country)
    start = np.datetime64(config.history_start, "D")
    hire = start - rng.integers(365 * 9, 365 * 25, n)
    advisor_id = pl.Series("advisor_id", np.arange(1, n + 1, dtype=np.int64))
    email = names.select(pl.format("{}.{}.{}@meridian-wealth.example", "first_ascii", "last_ascii", advisor_id))
    return pl.DataFrame(
        {
            "advisor_id": advisor_id,
            "first_name": names["first_name"],
            "last_name": names["last_name"],
            "email": email.to_series(),
            "phone": _phones(rng, country),
            "title": rng.choice(
                ["Associate Advisor", "Wealth Advisor", "Senior Wealth Advisor", "Managing Director"],
                n,
                p=[0.2, 0.45, 0.25, 0.1],
            ),
            "certification": rng.choice(["CFP", "CFA", "ChFC", "CIMA", "none"], n, p=[0.4, 0.2, 0.1, 0.1, 0.2]),
            "office_city": names["city"],
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
    starts = np.repeat(np.cumsum(n_children + n_parents) - (n_children + n_parents), n_children + n_parents)
    is_child = np.arange(len(rows_client)) - starts < n_children[rows_client]
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
    arrays = pl.Series(np.full(len(client_id), "[]", dtype=object).tolist(), dtype=pl.String)
    return arrays.scatter(joined["row"].to_numpy(), "[" + joined["item"] + "]")


def _gather(options: object, index: np.ndarray) -> pl.Series:
    """Strings picked by integer index, built in Polars (no per-row Python, no numpy strings)."""
    return pl.Series(list(options), dtype=pl.String).gather(index)  # type: ignore[call-overload]


def _pick(rng: np.random.Generator, options: object, n: int, p: list[float] | None = None) -> pl.Series:
    return _gather(options, rng.choice(len(options), n, p=p))  # type: ignore[arg-type]


def _clients(config: Config, pools: Pools) -> pl.DataFrame:
    rng = stream(config.seed, "clients")
    n = config.scale
    codes = np.array(list(COUNTRIES))
    weights = np.array([COUNTRIES[c][1] for c in codes])
    country_index = rng.choice(len(codes), n, p=weights / weights.sum())
    country = codes[country_index]
    citizenship_index = np.where(rng.random(n) < 0.9, country_index, rng.integers(0, len(codes), n))
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
    profiles = seed("risk_profiles").sort("risk_level").get_column("risk_profile_code")
    segments = seed("client_segments")
    floors = segments.get_column("min_net_worth").to_numpy()[1:]
    young = age < 30
    marital = np.where(
        young,
        rng.choice(len(MARITAL), n, p=[0.6, 0.35, 0.05, 0.0]),
        rng.choice(len(MARITAL), n, p=[0.2, 0.58, 0.14, 0.08]),
    )
    married, widowed = list(MARITAL).index("married"), list(MARITAL).index("widowed")
    marital = np.where((marital == widowed) & (age < 45), married, marital)
    n_children = np.where(age > 27, rng.poisson(1.3, n), 0)
    n_parents = (rng.random(n) < 0.08).astype(int)
    family_size = 1 + (marital == married) + n_children + n_parents
    names = _names(rng, pools, country)
    client_id = np.arange(1, n + 1, dtype=np.int64)
    contact = names.select(
        pl.format("{} {}", "first_name", "last_name").alias("name"),
        pl.format("{}.{}{}@{}", "first_ascii", "last_ascii", pl.Series(client_id), _pick(rng, EMAIL_DOMAINS, n)).alias(
            "email"
        ),
    )
    languages = _languages(rng, country)
    retired_rows = np.flatnonzero(retired)
    occupation = _pick(rng, pools.jobs, n).scatter(retired_rows, "Retired")
    employer = _pick(rng, pools.companies, n).scatter(retired_rows, None)
    industry = _pick(rng, INDUSTRIES, n).scatter(retired_rows, None)
    birth_year = birth.astype("datetime64[Y]").astype(int) + 1970
    education = _pick(rng, EDUCATION, n, [0.12, 0.4, 0.3, 0.08, 0.1])
    template = '{{"communication_style":"{}","preferred_channel":"{}","observed_holidays":"{}","meeting_time":"{}"}}'
    cultural = pl.select(
        pl.format(
            template,
            _pick(rng, ["formal", "casual"], n, [0.6, 0.4]),
            _pick(rng, ["email", "phone", "video", "in_person"], n, [0.4, 0.25, 0.15, 0.2]),
            _pick(rng, HOLIDAYS, n, [0.45, 0.35, 0.06, 0.06, 0.04, 0.04]),
            _pick(rng, ["morning", "afternoon", "evening"], n),
        )
    ).to_series()
    return pl.DataFrame(
        {
            "client_id": client_id,
            "name": contact["name"],
            "first_name": names["first_name"],
            "last_name": names["last_name"],
            "birth_date": _days(birth),
            "citizenship": _gather(codes, citizenship_index),
            "residence_country": _gather(codes, country_index),
            "email": contact["email"],
            "phone": _phones(rng, country),
            "street_address": names["street_address"],
            "city": names["city"],
            "postal_code": names["postal_code"],
            "occupation": occupation,
            "annual_income": income,
            "employer": employer,
            "industry": industry,
            "marital_status": _gather(MARITAL, marital),
            "family_size": family_size,
            "dependents_info": _json_dependents(client_id, n_children, n_parents, birth_year, config.as_of.year, rng),
            "risk_profile": profiles.gather(np.digitize(risk_latent, [-1.1, -0.35, 0.35, 1.1])),
            "market_experience": _gather(EXPERIENCE, experience_level),
            "net_worth": net_worth,
            "education_level": education,
            "preferred_language": languages,
            "cultural_preferences": cultural,
            "segment_code": segments.get_column("segment_code").gather(np.digitize(net_worth, floors)),
            "onboarding_date": _days(onboarding),
        }
    )


def _assignments(config: Config, clients: pl.DataFrame, n_advisors: int) -> pl.DataFrame:
    rng = stream(config.seed, "advisor_assignments")
    n = clients.height
    as_of = np.datetime64(config.as_of, "D")
    onboarding = clients.get_column("onboarding_date").to_numpy().astype("datetime64[D]")
    periods = rng.choice([1, 2, 3], n, p=[0.7, 0.25, 0.05])
    row_client = np.repeat(np.arange(n), periods)
    seq = np.arange(len(row_client)) - np.repeat(np.cumsum(periods) - periods, periods)
    span = (as_of - onboarding).astype(int)
    # change points: sorted days into the relationship, the first period starting at onboarding;
    # a change that would fall on the same day as the one before is dropped
    offset = np.where(seq == 0, 0, (rng.uniform(0.05, 0.95, len(seq)) * span[row_client]).astype(int))
    frame = pl.DataFrame({"row": row_client, "offset": offset}).unique(maintain_order=True).sort(["row", "offset"])
    row = frame["row"].to_numpy()
    start = onboarding[row] + frame["offset"].to_numpy()
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
