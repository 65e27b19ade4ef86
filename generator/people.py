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
TITLES = ["Associate Advisor", "Wealth Advisor", "Senior Wealth Advisor", "Managing Director"]
CERTIFICATIONS = ["CFP", "CFA", "ChFC", "CIMA", "none"]
REASONS = ["client_request", "advisor_departure", "book_rebalancing", "onboarding"]
RETIREMENT_AGE = 67
CHUNK_ROWS = 2048
LEAP_CYCLE_START = int(np.datetime64("1968-01-01", "D").view(np.int64))
# days from LEAP_CYCLE_START over which every fourth year is a leap year (1901 to 2099)
JULIAN_FIRST = int(np.datetime64("1901-01-01", "D").view(np.int64)) - LEAP_CYCLE_START
JULIAN_LAST = int(np.datetime64("2099-12-31", "D").view(np.int64)) - LEAP_CYCLE_START
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


def _dates(days: np.ndarray) -> pl.Series:
    """datetime64[D] values (NaT as null) as a Polars Date column, converted as day numbers."""
    missing = np.isnat(days)
    numbers = pl.Series(days.view(np.int64).astype(np.int32), dtype=pl.Date)
    return numbers.scatter(np.flatnonzero(missing), None) if missing.any() else numbers


def _strings(values: object) -> pl.Series:
    return pl.Series(list(values), dtype=pl.String)  # type: ignore[call-overload]


def _text(table: pl.Series | object, index: str) -> pl.Expr:
    """Strings of a small table picked by an index column. Every text column of a table is
    built this way (and joined with concat_str) in the one select that makes the frame."""
    return pl.lit(table if isinstance(table, pl.Series) else _strings(table)).gather(pl.col(index))


def _years(days: np.ndarray) -> np.ndarray:
    """Calendar years of datetime64[D] values: from 1901 to 2099 every fourth year is a leap year
    (numpy's conversion to datetime64[Y] works out each date's month and day too, far slower)."""
    since = days.view(np.int64) - LEAP_CYCLE_START  # days since 1 January 1968, a leap year
    if len(since) == 0 or since.min() < JULIAN_FIRST or since.max() > JULIAN_LAST:
        return days.astype("datetime64[Y]").astype(np.int64) + 1970
    # years start 0, 366, 731 and 1096 days into each 1461-day cycle: 365.25 days a year, plus a
    # little so that a leap year's last day (365) stays in it and 731 = 2 * 365.25 - 0.5 does not
    return (np.floor((since + 0.1) / 365.25) + 1968).astype(np.int64)


def _choice(rng: np.random.Generator, p: list[float], n: int) -> np.ndarray:
    """Indices drawn with probabilities p: the same draws as numpy's choice(len(p), n, p=p)
    (a uniform number against the cumulative probabilities), without its per-call checks."""
    cdf = np.cumsum(p)
    return _bucket(rng.random(n), cdf[:-1] / cdf[-1])


def _bucket(values: np.ndarray, edges: object) -> np.ndarray:
    """np.digitize for a few increasing edges: how many edges each value reaches."""
    index = np.zeros(len(values), dtype=np.int64)
    for edge in edges:  # type: ignore[attr-defined]
        index += values >= edge
    return index


@dataclass(frozen=True)
class _Tables:
    """The text a row's strings are made of: every country's pools end to end (as Polars
    columns, converted once per run) with where each country's block starts and its length, and
    the small tables that phone numbers and email addresses are joined from."""

    columns: dict[str, pl.Series]
    starts: dict[str, np.ndarray]
    sizes: dict[str, np.ndarray]

    @classmethod
    def of(cls, pools: Pools) -> _Tables:
        countries = [pools.countries[code] for code in COUNTRIES]
        columns, starts, sizes = {}, {}, {}
        for name, attribute in POOL_FIELDS.items():
            parts = [getattr(country, attribute) for country in countries]
            size = np.array([len(part) for part in parts])
            columns[name] = pl.Series(name, np.concatenate(parts).tolist(), dtype=pl.String)
            starts[name], sizes[name] = np.cumsum(size) - size, size
        spoken = [COUNTRIES[code][3] for code in COUNTRIES]
        columns["language"] = _strings(language for languages in spoken for language in languages)
        sizes["language"] = np.array([len(languages) for languages in spoken])
        starts["language"] = np.cumsum(sizes["language"]) - sizes["language"]
        columns["first_dot"] = columns["first_ascii"] + "."
        columns["at_domain"] = "@" + _strings(EMAIL_DOMAINS)
        columns["country"] = _strings(COUNTRIES)
        columns["dial"] = _strings(DIAL[code] + " " for code in COUNTRIES)
        columns["three"] = pl.int_range(0, 1000, eager=True).cast(pl.String) + " "  # "892 "
        columns["two"] = (pl.int_range(100, 200, eager=True).cast(pl.String)).str.slice(1)  # "07"
        return cls(columns=columns, starts=starts, sizes=sizes)

    def pick(self, name: str, u: np.ndarray, country: np.ndarray) -> np.ndarray:
        """Uniform picks within each row's country block of `name`, from uniform draws in [0, 1)."""
        return self.starts[name][country] + (u * self.sizes[name][country]).astype(np.int64)

    def text(self, name: str, index: str) -> pl.Expr:
        return _text(self.columns[name], index)


POOL_FIELDS = {
    "first_name": "first_names",
    "last_name": "last_names",
    "first_ascii": "first_ascii",
    "last_ascii": "last_ascii",
    "street_address": "streets",
    "city": "cities",
    "postal_code": "postal_codes",
}


def _places(rng: np.random.Generator, tables: _Tables, country: np.ndarray) -> dict[str, np.ndarray]:
    """Index columns: names and addresses picked uniformly from each row's country pools (first
    name, last name, street and place independently; a city comes with its postcode)."""
    u = rng.random((4, len(country)))
    return {
        "_country": country,
        "_first": tables.pick("first_name", u[0], country),
        "_last": tables.pick("last_name", u[1], country),
        "_street": tables.pick("street_address", u[2], country),
        "_place": tables.pick("city", u[3], country),
    }


def _phones(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """Index columns of a phone number's digit groups: 200-998, 100-998 and 0000-9998 (as two
    pairs of digits)."""
    last = rng.integers(0, 9999, n)
    return {"_pa": rng.integers(200, 999, n), "_pb": rng.integers(100, 999, n), "_pc": last // 100, "_pd": last % 100}


def _phone(tables: _Tables) -> pl.Expr:
    """A phone number with the country's dialling code, e.g. +44 892 185 1576."""
    parts = [tables.text("dial", "_country"), tables.text("three", "_pa"), tables.text("three", "_pb")]
    return pl.concat_str([*parts, tables.text("two", "_pc"), tables.text("two", "_pd")])


def _advisors(config: Config, tables: _Tables) -> pl.DataFrame:
    rng = config.stream("advisors")
    n = config.n_advisors
    offices = np.array([list(COUNTRIES).index(code) for code in ("US", "GB", "CH", "DE", "CA")])
    country = offices[rng.choice(len(offices), n, p=[0.7, 0.1, 0.08, 0.06, 0.06])]
    places = _places(rng, tables, country)
    start = np.datetime64(config.history_start, "D")
    hire = start - rng.integers(365 * 9, 365 * 25, n)
    base = pl.DataFrame(
        {
            "advisor_id": config.part.ids(n),
            **places,
            **_phones(rng, n),
            "_title": _choice(rng, [0.2, 0.45, 0.25, 0.1], n),
            "_certification": _choice(rng, [0.4, 0.2, 0.1, 0.1, 0.2], n),
            "hire_date": _dates(_days(hire)),
        }
    )
    email = [tables.text("first_dot", "_first"), tables.text("last_ascii", "_last"), pl.lit(".")]
    return base.select(
        "advisor_id",
        tables.text("first_name", "_first").alias("first_name"),
        tables.text("last_name", "_last").alias("last_name"),
        pl.concat_str([*email, pl.col("advisor_id").cast(pl.String), pl.lit("@meridian-wealth.example")]).alias(
            "email"
        ),
        _phone(tables).alias("phone"),
        _text(TITLES, "_title").alias("title"),
        _text(CERTIFICATIONS, "_certification").alias("certification"),
        tables.text("city", "_place").alias("office_city"),
        tables.text("country", "_country").alias("office_country"),
        "hire_date",
        pl.lit(True).alias("is_active"),
    )


def _dependents(
    rng: np.random.Generator, n_children: np.ndarray, n_parents: np.ndarray, birth_year: np.ndarray, as_of_year: int
) -> tuple[dict[str, np.ndarray], pl.Expr]:
    """dependents_info as a JSON array of {relationship, birth_year} per client, children first.

    An item is one of a few hundred texts (relationship x year, opening the array or after a
    comma, closing it or not), so the array is built from item slots: slot j of a client holds
    its j-th item or nothing ("[]" in slot 0 for a client without dependents). Returns the
    slots' index columns and the expression that joins them."""
    counts = n_children + n_parents
    owner = np.repeat(np.arange(len(counts)), counts)
    slot = np.arange(len(owner)) - np.repeat(np.cumsum(counts) - counts, counts)
    is_child = slot < n_children[owner]
    parent_year = birth_year[owner] - rng.integers(22, 38, len(owner))
    child_year = np.minimum(birth_year[owner] + rng.integers(22, 42, len(owner)), as_of_year)
    year = np.where(is_child, child_year, parent_year)
    first_year = int(year.min()) if len(year) else as_of_year
    span = int(year.max()) - first_year + 1 if len(year) else 1
    plain = [
        f'{{"relationship":"{relationship}","birth_year":{y}}}'
        for relationship in ("child", "parent")
        for y in range(first_year, first_year + span)
    ]
    items = [opens + item + closes for opens in (",", "[") for closes in ("", "]") for item in plain]
    empty, no_dependents = len(items), len(items) + 1
    table = _strings([*items, "", "[]"])
    kind = 2 * (slot == 0) + (slot == counts[owner] - 1)  # opens, closes
    slots = np.full((max(int(counts.max(initial=0)), 1), len(counts)), empty)
    slots[0, counts == 0] = no_dependents
    slots[slot, owner] = (year - first_year) + span * (~is_child) + 2 * span * kind
    columns = {f"_slot{j}": row for j, row in enumerate(slots)}
    return columns, pl.concat_str([_text(table, name) for name in columns])


CULTURAL: tuple[tuple[str, tuple[str, ...], list[float]], ...] = (
    ("communication_style", ("formal", "casual"), [0.6, 0.4]),
    ("preferred_channel", ("email", "phone", "video", "in_person"), [0.4, 0.25, 0.15, 0.2]),
    ("observed_holidays", tuple(HOLIDAYS), [0.45, 0.35, 0.06, 0.06, 0.04, 0.04]),
    ("meeting_time", ("morning", "afternoon", "evening"), [1 / 3, 1 / 3, 1 / 3]),
)


def _cultural(rng: np.random.Generator, n: int) -> tuple[np.ndarray, list[str]]:
    """cultural_preferences as a JSON object: the combined index of four independent choices, and
    the 144 texts it picks from."""
    index = np.zeros(n, dtype=np.int64)
    texts = [""]
    for key, options, p in CULTURAL:
        index = index * len(options) + _choice(rng, p, n)
        texts = [f'{text},"{key}":"{option}"' for text in texts for option in options]
    return index, ["{" + text[1:] + "}" for text in texts]


def _uniform(rng: np.random.Generator, options: object, n: int) -> np.ndarray:
    return rng.integers(0, len(options), n)  # type: ignore[arg-type]


def _clients(config: Config, tables: _Tables, pools: Pools) -> pl.DataFrame:
    rng = config.stream("clients")
    n = config.part.clients
    weights = [COUNTRIES[c][1] for c in COUNTRIES]
    country_index = _choice(rng, weights, n)
    citizenship_index = np.where(rng.random(n) < 0.9, country_index, rng.integers(0, len(COUNTRIES), n))
    as_of = np.datetime64(config.as_of, "D")
    age = np.clip(rng.normal(54, 14, n), 23, 92)
    birth = _days(as_of - (age * 365.25).astype(int))
    earliest = np.datetime64(config.history_start, "D") - 365 * 8
    span = (as_of - 60 - earliest).astype(int)
    onboarding = earliest + (rng.random(n) ** 0.8 * span).astype(int)
    onboarding = _days(np.maximum(onboarding, birth + int(21 * 365.25)))
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
    risk = seed("risk_profiles")
    levels = zip(risk["risk_level"].to_list(), risk["risk_profile_code"].to_list(), strict=True)
    profiles = [code for _, code in sorted(levels)]
    segments = seed("client_segments")
    floors = segments.get_column("min_net_worth").to_numpy()[1:]
    married, widowed = list(MARITAL).index("married"), list(MARITAL).index("widowed")
    marital = np.where(age < 30, _choice(rng, [0.6, 0.35, 0.05, 0.0], n), _choice(rng, [0.2, 0.58, 0.14, 0.08], n))
    marital = np.where((marital == widowed) & (age < 45), married, marital)
    n_children = np.where(age > 27, rng.poisson(1.3, n), 0)
    n_parents = (rng.random(n) < 0.08).astype(int)
    places = _places(rng, tables, country_index)
    domain = _uniform(rng, EMAIL_DOMAINS, n)
    language = tables.pick("language", rng.random(n), country_index)
    # retired clients: the occupation "Retired" (after the jobs), no employer nor industry (null)
    occupation = np.where(retired, len(pools.jobs), _uniform(rng, pools.jobs, n))
    employer = np.where(retired, len(pools.companies), _uniform(rng, pools.companies, n))
    industry = np.where(retired, len(INDUSTRIES), _uniform(rng, INDUSTRIES, n))
    birth_year = _years(birth)
    education = _choice(rng, [0.12, 0.4, 0.3, 0.08, 0.1], n)
    cultural, cultural_texts = _cultural(rng, n)
    phones = _phones(rng, n)
    slots, dependents = _dependents(rng, n_children, n_parents, birth_year, config.as_of.year)
    base = pl.DataFrame(
        {
            "client_id": config.part.client_ids(),
            **places,
            "birth_date": _dates(birth),
            "_citizenship": citizenship_index,
            **phones,
            "_domain": domain,
            "_occupation": occupation,
            "annual_income": income,
            "_employer": employer,
            "_industry": industry,
            "_marital": marital,
            "family_size": (1 + (marital == married) + n_children + n_parents).astype(np.int64),
            **slots,
            "_risk": _bucket(risk_latent, [-1.1, -0.35, 0.35, 1.1]),
            "_experience": experience_level,
            "net_worth": net_worth,
            "_education": education,
            "_language": language,
            "_cultural": cultural,
            "_segment": _bucket(net_worth, floors),
            "onboarding_date": _dates(onboarding),
        }
    )
    first_name, last_name = tables.text("first_name", "_first"), tables.text("last_name", "_last")
    email = [
        tables.text("first_dot", "_first"),
        tables.text("last_ascii", "_last"),
        pl.col("client_id").cast(pl.String),
    ]
    return base.select(
        "client_id",
        pl.concat_str([first_name, last_name], separator=" ").alias("name"),
        first_name.alias("first_name"),
        last_name.alias("last_name"),
        "birth_date",
        tables.text("country", "_citizenship").alias("citizenship"),
        tables.text("country", "_country").alias("residence_country"),
        pl.concat_str([*email, tables.text("at_domain", "_domain")]).alias("email"),
        _phone(tables).alias("phone"),
        tables.text("street_address", "_street").alias("street_address"),
        tables.text("city", "_place").alias("city"),
        tables.text("postal_code", "_place").alias("postal_code"),
        _text([*pools.jobs, "Retired"], "_occupation").alias("occupation"),
        "annual_income",
        _text([*pools.companies, None], "_employer").alias("employer"),
        _text([*INDUSTRIES, None], "_industry").alias("industry"),
        _text(MARITAL, "_marital").alias("marital_status"),
        "family_size",
        dependents.alias("dependents_info"),
        _text(profiles, "_risk").alias("risk_profile"),
        _text(EXPERIENCE, "_experience").alias("market_experience"),
        "net_worth",
        _text(EDUCATION, "_education").alias("education_level"),
        tables.text("language", "_language").alias("preferred_language"),
        _text(cultural_texts, "_cultural").alias("cultural_preferences"),
        _text(segments.get_column("segment_code"), "_segment").alias("segment_code"),
        "onboarding_date",
    )


def _assignments(config: Config, onboarding: np.ndarray, n_advisors: int) -> pl.DataFrame:
    rng = config.stream("advisor_assignments")
    n = len(onboarding)
    as_of = np.datetime64(config.as_of, "D")
    periods = 1 + _choice(rng, [0.7, 0.25, 0.05], n)
    row = np.repeat(np.arange(n), periods)
    seq = np.arange(len(row)) - np.repeat(np.cumsum(periods) - periods, periods)
    span = (as_of - onboarding).astype(int)
    # change points: sorted days into the relationship, the first period starting at onboarding;
    # a change that would fall on the same day as the one before is dropped
    offset = np.where(seq == 0, 0, (rng.uniform(0.05, 0.95, len(seq)) * span[row]).astype(int))
    second = np.flatnonzero((seq == 1) & (periods[row] == 3))  # the only pair that can be out of order
    swap = second[offset[second] > offset[second + 1]]
    offset[swap], offset[swap + 1] = offset[swap + 1], offset[swap]
    kept = np.r_[True, (row[1:] != row[:-1]) | (offset[1:] != offset[:-1])]
    row, offset = row[kept], offset[kept]
    start = onboarding[row] + offset
    first = np.r_[True, row[1:] != row[:-1]]
    last = np.r_[first[1:], True]
    end = np.where(last, np.datetime64("NaT"), np.r_[start[1:], start[:1]] - 1)
    advisor = rng.integers(1, n_advisors + 1, len(row))
    same = np.r_[False, (advisor[1:] == advisor[:-1]) & ~first[1:]]
    advisor = np.where(same, advisor % n_advisors + 1, advisor)
    reason = np.where(first, REASONS.index("onboarding"), _choice(rng, [0.4, 0.3, 0.3], len(row)))
    return pl.DataFrame(
        [
            pl.Series("assignment_id", config.part.ids(len(row))),
            pl.Series("client_id", config.part.client_ids()[row]),
            pl.Series("advisor_id", config.part.id_offset + advisor.astype(np.int64)),
            pl.repeat("primary", len(row), eager=True).alias("assignment_role"),
            _dates(start).alias("start_date"),
            _dates(end.astype("datetime64[D]")).alias("end_date"),
            _strings(REASONS).gather(reason).alias("change_reason"),
        ]
    )


def build_people(config: Config, pools: Pools) -> People:
    tables = _Tables.of(pools)
    advisors = _advisors(config, tables)
    clients = _clients(config, tables, pools)
    onboarding = clients.get_column("onboarding_date").to_numpy().astype("datetime64[D]")
    assignments = _assignments(config, onboarding, advisors.height)
    return People(advisors=advisors, clients=_in_chunks(clients), assignments=assignments)


def build_clients(config: Config, pools: Pools) -> pl.DataFrame:
    """The clients table alone, as build_people makes it (the advisors and their assignments
    draw from streams of their own)."""
    return _in_chunks(_clients(config, _Tables.of(pools), pools))


def _in_chunks(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame as one chunk per Polars thread (of CHUNK_ROWS rows at least), the same rows:
    Polars writes a file's chunks in parallel, and the clients' long text makes it the slowest
    part of building them."""
    parts = min(pl.thread_pool_size(), frame.height // CHUNK_ROWS)
    if parts < 2:
        return frame
    return pl.concat(frame.iter_slices(-(-frame.height // parts)), rechunk=False)
