"""Small pools of realistic text, drawn from Faker's own word lists and formats with numpy;
numpy then picks from the pools per row.

Per country: distinct first and last names (drawn by Faker's weights), street addresses in the
locale's usual shape, and (city, postcode) pairs whose postcode has the country's format and,
where Faker knows it (Italy's CAP list, French departments, Spanish provinces), belongs to the city.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from generator.rng import stream
from generator.wordlists import DIGITS, UPPER, Formats, Source, Words, numerify, pattern, provider, render

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
PLACES = POOL // 2
COMPANIES = 400
JOBS = 300
ISSUERS = ("Atlas", "Meridian", "Northgate", "Harbor", "Summit", "Crescent", "Beacon", "Keystone")
# address tokens that are plain word lists, and the provider attribute that holds each
WORD_LISTS = {
    "city_prefix": "city_prefixes",
    "city_suffix": "city_suffixes",
    "street_prefix": "street_prefixes",
    "street_suffix": "street_suffixes",
    "street_suffix_long": "street_suffixes_long",
    "street_suffix_short": "street_suffixes_short",
}
# the usual written form where Faker's differs: "12 rue Martin" (not "12, rue Martin" nor a bare
# "rue Martin"); no house number "0" (it_IT's "@@#") nor "Hauptstraße 2258" (de_DE's "%###")
STREET_FORMATS = {"fr_FR": ("{{building_number}} {{street_name}}",)}
BUILDING_FORMATS = {"it_IT": ("%", "%#", "%#", "%##"), "de_DE": ("%", "%#", "%#", "%##", "%a", "%#a")}
# Spain: Faker's provinces -> (INE province code = first two postcode digits, the capital's name)
SPAIN = {
    "Álava": (1, "Vitoria-Gasteiz"), "Albacete": (2, "Albacete"), "Alicante": (3, "Alicante"),
    "Almería": (4, "Almería"), "Asturias": (33, "Oviedo"), "Ávila": (5, "Ávila"), "Badajoz": (6, "Badajoz"),
    "Baleares": (7, "Palma"), "Barcelona": (8, "Barcelona"), "Burgos": (9, "Burgos"), "Cáceres": (10, "Cáceres"),
    "Cádiz": (11, "Cádiz"), "Cantabria": (39, "Santander"), "Castellón": (12, "Castellón de la Plana"),
    "Ceuta": (51, "Ceuta"), "Ciudad": (13, "Ciudad Real"), "Ciudad Real": (13, "Ciudad Real"),
    "Córdoba": (14, "Córdoba"), "Cuenca": (16, "Cuenca"), "Girona": (17, "Girona"), "Granada": (18, "Granada"),
    "Guadalajara": (19, "Guadalajara"), "Guipúzcoa": (20, "San Sebastián"), "Huelva": (21, "Huelva"),
    "Huesca": (22, "Huesca"), "Jaén": (23, "Jaén"), "La Coruña": (15, "A Coruña"), "La Rioja": (26, "Logroño"),
    "Las Palmas": (35, "Las Palmas de Gran Canaria"), "León": (24, "León"), "Lleida": (25, "Lleida"),
    "Lugo": (27, "Lugo"), "Madrid": (28, "Madrid"), "Málaga": (29, "Málaga"), "Melilla": (52, "Melilla"),
    "Murcia": (30, "Murcia"), "Navarra": (31, "Pamplona"), "Ourense": (32, "Ourense"),
    "Palencia": (34, "Palencia"), "Pontevedra": (36, "Pontevedra"), "Salamanca": (37, "Salamanca"),
    "Santa Cruz de Tenerife": (38, "Santa Cruz de Tenerife"), "Segovia": (40, "Segovia"),
    "Sevilla": (41, "Sevilla"), "Soria": (42, "Soria"), "Tarragona": (43, "Tarragona"),
    "Teruel": (44, "Teruel"), "Toledo": (45, "Toledo"), "Valencia": (46, "Valencia"),
    "Valladolid": (47, "Valladolid"), "Vizcaya": (48, "Bilbao"), "Zamora": (49, "Zamora"),
    "Zaragoza": (50, "Zaragoza"),
}  # fmt: skip
# letters that do not fold to ASCII by dropping accents
NUMERIC = {"#": np.array(DIGITS, dtype=object), "%": np.array(DIGITS[1:], dtype=object)}
LETTERS = np.array(UPPER, dtype=object)
REGIONS = np.array([f"{i:02d}" for i in range(1, 100)], dtype=object)  # Germany: no postcode starts with 00
NOT_EMAIL = re.compile(r"[^a-z\n-]")
LEADING_HASH = re.compile(r"(?<![#%$])#")
FOLD = {"ß": "ss", "æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "Oe", "ł": "l", "Ł": "L"}


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


Places = tuple[np.ndarray, np.ndarray]  # cities, postcodes (aligned)


def _ascii(values: np.ndarray) -> np.ndarray:
    """Lower-case ASCII forms of names for email addresses: accents dropped, letters without one
    spelled out (ß -> ss), and anything but a-z and hyphens removed ("Hans-J." -> "hans-j",
    "'s Gravensande" -> "sgravensande"); folded in one pass over the joined names."""
    joined = "\n".join(values)
    if joined.isascii():  # nothing to fold
        return np.array(NOT_EMAIL.sub("", joined.lower()).split("\n"), dtype=object)
    for letter, spelled in FOLD.items():
        if letter in joined:
            joined = joined.replace(letter, spelled)
    folded = unicodedata.normalize("NFKD", joined).encode("ascii", "ignore").decode().lower()
    return np.array(NOT_EMAIL.sub("", folded).split("\n"), dtype=object)


def _numbers(formats: tuple[str, ...]) -> Formats:
    """numerify formats whose numbers do not start with 0 ("0123 Oak Street", "Apt. 012", "Puerta 0")."""
    return numerify(tuple(LEADING_HASH.sub("%", f) for f in formats))


def _tokens(locale: str) -> dict[str, Source]:
    """Faker's word lists and templates for a locale, by the `{{token}}` its templates use."""
    person, address = provider("person", locale), provider("address", locale)
    tokens: dict[str, Source] = {"first_name": Words.of(person.first_names), "last_name": Words.of(person.last_names)}
    for token, attribute in WORD_LISTS.items():
        if hasattr(address, attribute):
            tokens[token] = Words.of(getattr(address, attribute))
    buildings = BUILDING_FORMATS.get(locale, address.building_number_formats)
    tokens["building_number"] = _numbers(buildings)
    if hasattr(address, "secondary_address_formats"):
        tokens["secondary_address"] = _numbers(address.secondary_address_formats)
    streets = STREET_FORMATS.get(locale, address.street_address_formats)
    tokens["street_address"] = Formats.of(tuple(f.replace("\n", ", ").strip() for f in streets))
    tokens["street_name"] = Formats.of(address.street_name_formats)
    if all("{{city}}" not in f for f in address.city_formats):
        tokens["city"] = Formats.of(address.city_formats)
    return tokens


def _cities(rng: np.random.Generator, locale: str, tokens: Mapping[str, Source]) -> np.ndarray:
    """Distinct real towns where Faker lists them, else towns built from Faker's city templates."""
    listed = getattr(provider("address", locale), "cities", None)
    if isinstance(listed, tuple):  # a list would be built from a set, in no fixed order
        return Words.of(listed).sample(rng, PLACES)
    return render(rng, tokens, "city", PLACES)


def _us(rng: np.random.Generator, tokens: Mapping[str, Source]) -> Places:
    """ZIP codes within a state's range (Faker's postcode_in_state)."""
    address = provider("address", "en_US")
    states = [s for s in address.states_abbr if s in address.states_postcode]
    low, high = np.array([address.states_postcode[s] for s in states]).T
    state = rng.integers(0, len(states), PLACES)
    zips = low[state] + (rng.random(PLACES) * (high[state] - low[state] + 1)).astype(int)
    return render(rng, tokens, "city", PLACES), np.array([f"{z:05d}" for z in zips], dtype=object)


def _gb(rng: np.random.Generator, tokens: Mapping[str, Source]) -> Places:
    """Outward and inward codes from Royal Mail's letter sets (Faker's _postcode_sets)."""
    address = provider("address", "en_GB")
    postcodes = Formats.of(address.postcode_formats, tables=address._postcode_sets)
    return render(rng, tokens, "city", PLACES), render(rng, {"postcode": postcodes}, "postcode", PLACES)


def _ca(rng: np.random.Generator, tokens: Mapping[str, Source]) -> Places:
    """A1A 1A1, the first letter one that a province's codes start with."""
    address = provider("address", "en_CA")
    first = tuple(sorted({letter for letters in address.provinces_postcode_prefixes.values() for letter in letters}))
    spaced = next(f for f in address.postal_code_formats if " " in f)
    tables = {"F": np.array(first, dtype=object), "?": np.array(address.postal_code_letters, dtype=object)}
    tables["%"] = NUMERIC["#"]
    codes = pattern(rng, "F" + spaced[1:], tables, PLACES)
    return render(rng, tokens, "city", PLACES), np.asarray(codes, dtype=object)


def _de(rng: np.random.Generator, tokens: Mapping[str, Source]) -> Places:
    """Five digits, from 01 to 99 in the first two (no German postcode starts with 00)."""
    return _cities(rng, "de_DE", tokens), np.asarray(pattern(rng, "R###", {"R": REGIONS, "#": NUMERIC["#"]}, PLACES))


def _fr(rng: np.random.Generator, tokens: Mapping[str, Source]) -> Places:
    """The department's number then digits to five (Faker's fr_FR postcode; Corsica is 20)."""
    departments = np.array([number for number, _ in provider("address", "fr_FR").departments], dtype=object)
    department = departments[rng.integers(0, len(departments), PLACES)]
    department[(department == "2A") | (department == "2B")] = "20"
    short = np.array([len(d) == 2 for d in department])
    codes = np.empty(PLACES, dtype=object)
    codes[short] = department[short] + pattern(rng, "%##", NUMERIC, int(short.sum()))
    codes[~short] = department[~short] + pattern(rng, "%#", NUMERIC, int((~short).sum()))
    return render(rng, tokens, "city", PLACES), codes


def _ch(rng: np.random.Generator, tokens: Mapping[str, Source]) -> Places:
    postcodes = numerify(provider("address", "de_CH").postcode_formats)
    return _cities(rng, "de_CH", tokens), render(rng, {"postcode": postcodes}, "postcode", PLACES)


def _nl(rng: np.random.Generator, tokens: Mapping[str, Source]) -> Places:
    """1234 AB, the usual written form (Faker also writes it without the space)."""
    codes = pattern(rng, "%### ??", {**NUMERIC, "?": LETTERS}, PLACES)
    return _cities(rng, "nl_NL", tokens), np.asarray(codes, dtype=object)


def _it(rng: np.random.Generator, tokens: Mapping[str, Source]) -> Places:
    """Real CAPs with one of the towns each serves (Faker's cap_city_province)."""
    served = provider("address", "it_IT").cap_city_province
    keys = np.array(list(served), dtype=object)
    caps = keys[rng.choice(len(keys), PLACES, replace=False)]
    pick = rng.random(PLACES)
    towns = [served[cap][int(u * len(served[cap]))][0] for cap, u in zip(caps, pick, strict=True)]
    return np.array(towns, dtype=object), caps


def _es(rng: np.random.Generator, tokens: Mapping[str, Source]) -> Places:
    """Faker's provinces as their capitals, with a central postcode of the province (28005 Madrid)."""
    known = [SPAIN[state] for state in provider("address", "es_ES").states if state in SPAIN]
    province = rng.integers(0, len(known), PLACES)
    district = rng.integers(1, 10, PLACES)
    cities = np.array([known[p][1] for p in province], dtype=object)
    return cities, np.array([f"{known[p][0]:02d}00{d}" for p, d in zip(province, district, strict=True)], dtype=object)


PLACE_MAKERS: dict[str, Callable[[np.random.Generator, Mapping[str, Source]], Places]] = {
    "US": _us,
    "GB": _gb,
    "CA": _ca,
    "DE": _de,
    "FR": _fr,
    "CH": _ch,
    "NL": _nl,
    "IT": _it,
    "ES": _es,
}


def _country(seed: int, code: str, locale: str) -> CountryPool:
    rng = stream(seed, f"pools:{code}")
    tokens = _tokens(locale)
    first_names = tokens["first_name"].sample(rng, POOL)  # type: ignore[union-attr]
    last_names = tokens["last_name"].sample(rng, POOL)  # type: ignore[union-attr]
    cities, postal_codes = PLACE_MAKERS[code](rng, tokens)
    return CountryPool(
        first_names=first_names,
        last_names=last_names,
        first_ascii=_ascii(first_names),
        last_ascii=_ascii(last_names),
        streets=render(rng, tokens, "street_address", POOL),
        cities=cities,
        postal_codes=postal_codes,
    )


def _companies(rng: np.random.Generator) -> np.ndarray:
    """Distinct company names from Faker's en_US company templates."""
    company = provider("company", "en_US")
    tokens: dict[str, Source] = {
        "last_name": Words.of(provider("person", "en_US").last_names),
        "company_suffix": Words.of(company.company_suffixes),
        "company": Formats.of(company.formats),
    }
    seen: dict[str, None] = {}
    while len(seen) < COMPANIES:
        seen.update(dict.fromkeys(render(rng, tokens, "company", COMPANIES + COMPANIES // 4)))
    return np.array(list(seen)[:COMPANIES], dtype=object)


def build_pools(seed: int) -> Pools:
    countries = {code: _country(seed, code, locale) for code, (locale, _, _, _) in COUNTRIES.items()}
    rng = stream(seed, "pools:companies")
    return Pools(
        countries=countries,
        companies=_companies(rng),
        issuers=np.array(ISSUERS),
        jobs=Words.of(provider("job", "en_US").jobs).sample(rng, JOBS),
    )
