"""Small pools of realistic text built once with Faker; numpy picks from them per row."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np
from faker import Faker

from generator.rng import int_seed

# residence country -> (Faker locale, weight, base currency, languages)
COUNTRIES: dict[str, tuple[str, float, str, tuple[str, ...]]] = {
    "US": ("en_US", 0.65, "USD", ("en",)),
    "GB": ("en_GB", 0.08, "GBP", ("en",)),
    "CA": ("en_CA", 0.05, "CAD", ("en", "fr")),
    "DE": ("de_DE", 0.05, "EUR", ("de",)),
    "FR": ("fr_FR", 0.05, "EUR", ("fr",)),
    "CH": ("de_CH", 0.05, "CHF", ("de", "fr")),
    "NL": ("nl_NL", 0.03, "EUR", ("nl", "en")),
    "IT": ("it_IT", 0.02, "EUR", ("it",)),
    "ES": ("es_ES", 0.02, "EUR", ("es",)),
}
POOL = 200


@dataclass(frozen=True)
class CountryPool:
    first_names: np.ndarray
    last_names: np.ndarray
    first_ascii: np.ndarray  # aligned with first_names: lower-case ASCII, for email addresses
    last_ascii: np.ndarray  # aligned with last_names
    streets: np.ndarray
    cities: np.ndarray
    postal_codes: np.ndarray  # aligned with cities


@dataclass(frozen=True)
class Pools:
    countries: dict[str, CountryPool]
    companies: np.ndarray
    issuers: np.ndarray
    jobs: np.ndarray


def _faker(locale: str, seed: int, key: str) -> Faker:
    fake = Faker(locale)
    fake.seed_instance(int_seed(seed, f"faker:{key}"))
    for provider in fake.providers:
        # some locales build their city list from a set (it_IT), whose order changes with
        # Python's hash seed from one process to the next: sort it so the draws don't
        cities = getattr(provider, "cities", None)
        if isinstance(cities, list):
            provider.cities = sorted(cities)
    return fake


def _ascii(values: np.ndarray) -> np.ndarray:
    """Lower-case ASCII forms of names (accents dropped, spaces and apostrophes removed)."""
    folded = (unicodedata.normalize("NFKD", v).encode("ascii", "ignore").decode() for v in values)
    return np.array([v.lower().replace(" ", "").replace("'", "") for v in folded], dtype=object)


def _unique(make: callable, n: int) -> np.ndarray:  # type: ignore[valid-type]
    seen: dict[str, None] = {}
    for _ in range(n * 20):
        seen.setdefault(make(), None)
        if len(seen) == n:
            break
    return np.array(list(seen), dtype=object)


def build_pools(seed: int) -> Pools:
    countries = {}
    for code, (locale, _, _, _) in COUNTRIES.items():
        fake = _faker(locale, seed, code)
        cities = [(fake.city(), fake.postcode()) for _ in range(POOL // 2)]
        first_names, last_names = _unique(fake.first_name, POOL), _unique(fake.last_name, POOL)
        countries[code] = CountryPool(
            first_names=first_names,
            last_names=last_names,
            first_ascii=_ascii(first_names),
            last_ascii=_ascii(last_names),
            streets=np.array([fake.street_address().replace("\n", ", ") for _ in range(POOL)], dtype=object),
            cities=np.array([c for c, _ in cities], dtype=object),
            postal_codes=np.array([p for _, p in cities], dtype=object),
        )
    fake = _faker("en_US", seed, "companies")
    return Pools(
        countries=countries,
        companies=_unique(fake.company, 400),
        issuers=np.array(["Atlas", "Meridian", "Northgate", "Harbor", "Summit", "Crescent", "Beacon", "Keystone"]),
        jobs=_unique(fake.job, 300),
    )
