"""The text pools drawn from Faker's word lists, and the people built from them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from generator.config import Config
from generator.people import build_people
from generator.pools import COUNTRIES, PLACES, POOL, SPAIN, Pools, build_pools
from generator.wordlists import Words, numerify, provider, render

POSTCODES = {
    "US": r"\d{5}",
    "GB": r"[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}",
    "CA": r"[ABCEGHJKLMNPRSTVXY]\d[A-Z] \d[A-Z]\d",
    "DE": r"(0[1-9]|[1-9]\d)\d{3}",
    "FR": r"\d{5}",
    "CH": r"[1-9]\d{3}",
    "NL": r"[1-9]\d{3} [A-Z]{2}",
    "IT": r"\d{5}",
    "ES": r"\d{5}",
}
STREETS = {
    "US": r"[1-9]\d* \S.*",  # 123 Oak Street (Apt. 4)
    "GB": r"([1-9]\d* |(Flat|Studio) \w+, )\S.*",
    "CA": r"[1-9]\d* \S.*",
    "DE": r"\S.* [1-9][\d/a-]*",  # Müllerstraße 12
    "FR": r"[1-9]\d* (rue|chemin|avenue|boulevard|place) .+",  # 12 rue de Martin
    "CH": r"\S+strasse [1-9]\d*",
    "NL": r"\S+ [1-9]\d*",
    "IT": r"\S+ .+, [1-9]\d*( .*)?",  # Via Rossi, 12
    "ES": r"\S+ .+ [1-9]\d*( .*)?",
}


@pytest.fixture(scope="module")
def pools() -> Pools:
    return build_pools(7)


def _digest(pools: Pools) -> list[list[str]]:
    fields = ("first_names", "last_names", "first_ascii", "last_ascii", "streets", "cities", "postal_codes")
    parts = [list(getattr(country, f)) for country in pools.countries.values() for f in fields]
    return [*parts, list(pools.companies), list(pools.jobs)]


def test_pools_are_deterministic_and_depend_on_the_seed(pools: Pools) -> None:
    assert _digest(build_pools(7)) == _digest(pools)
    assert _digest(build_pools(8)) != _digest(pools)


def test_pools_do_not_depend_on_the_hash_seed() -> None:
    code = "from generator.pools import build_pools; p = build_pools(3); print(p.countries['IT'].cities, p.jobs)"
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            cwd=Path(__file__).parents[2],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for hash_seed in ("1", "2")
    }
    assert len(outputs) == 1


def test_every_country_has_full_pools_of_distinct_names(pools: Pools) -> None:
    assert list(pools.countries) == list(COUNTRIES)
    for code, country in pools.countries.items():
        assert len(set(country.first_names)) == len(country.first_names) == POOL, code
        assert len(set(country.last_names)) == len(country.last_names) == POOL, code
        assert len(country.streets) == POOL and len(country.cities) == len(country.postal_codes) == PLACES, code
    assert len(set(pools.companies)) == len(pools.companies) == 400
    assert len(set(pools.jobs)) == len(pools.jobs) == 300


def test_names_come_from_the_locale_and_their_ascii_forms_are_aligned(pools: Pools) -> None:
    for code, country in pools.countries.items():
        person = provider("person", COUNTRIES[code][0])
        assert set(country.first_names) <= set(person.first_names), code
        assert set(country.last_names) <= set(person.last_names), code
        for name, folded in zip(
            [*country.first_names, *country.last_names], [*country.first_ascii, *country.last_ascii], strict=True
        ):
            assert re.fullmatch(r"[a-z][a-z-]*", folded), (name, folded)
            assert folded[0] == name.lstrip("'s ").lower()[0] or not name[0].isascii(), (name, folded)


def test_postcodes_and_streets_have_the_country_shape(pools: Pools) -> None:
    for code, country in pools.countries.items():
        for postcode in country.postal_codes:
            assert re.fullmatch(POSTCODES[code], postcode), (code, postcode)
        for street in country.streets:
            assert re.fullmatch(STREETS[code], street), (code, street)
            assert "\n" not in street and street == street.strip()


def test_postcodes_belong_to_their_city_where_faker_knows_it(pools: Pools) -> None:
    served = provider("address", "it_IT").cap_city_province
    italy = pools.countries["IT"]
    for city, cap in zip(italy.cities, italy.postal_codes, strict=True):
        assert city in [town for town, _ in served[cap]]
    capitals = {capital: number for number, capital in SPAIN.values()}
    spain = pools.countries["ES"]
    for city, postcode in zip(spain.cities, spain.postal_codes, strict=True):
        assert int(postcode[:2]) == capitals[city]
    departments = {number for number, _ in provider("address", "fr_FR").departments} | {"20"}
    assert all(p[:2] in departments or p[:3] in departments for p in pools.countries["FR"].postal_codes)
    assert set(pools.countries["DE"].cities) <= set(provider("address", "de_DE").cities)


def test_weighted_samples_follow_fakers_weights() -> None:
    names = Words.of(provider("person", "en_US").last_names)  # Smith ~2%, the rarest ~0.001%
    rng = np.random.default_rng(1)
    drawn = names.draw(rng, 20_000)
    assert 0.015 < np.mean(drawn == "Smith") < 0.03
    hits = sum("Smith" in names.sample(np.random.default_rng(seed), 50) for seed in range(20))
    assert hits >= 10  # Smith comes up early most of the time (about 1 in 20 if drawn uniformly)


def test_numerify_runs_keep_their_width_and_first_digit() -> None:
    rng = np.random.default_rng(2)
    tokens = {"n": numerify(("###", "%#", "Apt. %##", "1###"))}
    values = render(rng, tokens, "n", 2000)
    assert {len(v) for v in values if v.isdigit() and not v.startswith("1")} <= {2, 3}
    assert all(re.fullmatch(r"\d{3}|[1-9]\d|Apt\. [1-9]\d\d|1\d{3}", v) for v in values)
    assert any(v.startswith("0") for v in values)  # '#' runs are zero-padded, not shortened


def test_people_text_columns_are_consistent() -> None:
    people = build_people(Config(seed=5, scale=2000), build_pools(5))
    clients = people.clients
    for row in clients.select("first_name", "last_name", "name", "email", "family_size", "dependents_info").rows():
        first, last, name, email, family, dependents = row
        assert name == f"{first} {last}"
        assert re.fullmatch(r"[a-z][a-z-]*\.[a-z][a-z-]*\d+@[a-z.]+", email)
        items = json.loads(dependents)
        assert len(items) < family
        assert [item["relationship"] for item in items] == sorted(item["relationship"] for item in items)
    assert clients["phone"].str.contains(r"^\+\d{1,2} [2-9]\d\d [1-9]\d\d \d{4}$").all()
    dial = clients.select(pl.col("phone").str.split(" ").list.first(), "residence_country").unique()
    assert dial.group_by("residence_country").len()["len"].max() == 1
    retired = clients.filter(pl.col("occupation") == "Retired")
    assert retired["employer"].null_count() == retired.height == retired["industry"].null_count() > 0
    cultural = clients["cultural_preferences"].str.json_decode()
    assert cultural.struct.fields == ["communication_style", "preferred_channel", "observed_holidays", "meeting_time"]
