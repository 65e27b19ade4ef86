"""Wealth planning: the tax_profiles table.

tax_profiles: one per client, resident where the client lives. Filing status follows the
marital status (US: single, head_of_household, married_filing_jointly or _separately,
qualifying_surviving_spouse; DE, FR, CH: joint for married couples, individual otherwise; GB,
CA, NL, IT, ES tax everyone individually). The marginal rate is the band of TAX_BANDS (below)
that the client's annual income falls in; the capital-gains rate follows the rules below.

TAX_BANDS: national (federal) income-tax schedules of 2025, simplified: no state, provincial,
cantonal or local taxes (except CH: an approximate combined Zurich schedule), no surcharges,
allowances or phase-outs; taxable income is taken as the client's annual income. Each band is
(income above which the rate applies, marginal rate), in the country's currency:

    US single                     0 10%, 11,925 12%, 48,475 22%, 103,350 24%, 197,300 32%, 250,525 35%, 626,350 37%
    US married filing jointly     0 10%, 23,850 12%, 96,950 22%, 206,700 24%, 394,600 32%, 501,050 35%, 751,600 37%
    (also qualifying surviving spouse; married filing separately: the joint thresholds halved)
    US head of household          0 10%, 17,000 12%, 64,850 22%, 103,350 24%, 197,300 32%, 250,500 35%, 626,350 37%
    GB individual                 0 0%, 12,570 20%, 50,270 40%, 125,140 45%
    CA individual (federal)       0 15%, 57,375 20.5%, 114,750 26%, 177,882 29%, 253,414 33%
    DE individual                 0 0%, 12,096 14%, 17,443 30%, 68,480 42%, 277,825 45%  (joint: thresholds x2)
    FR individual (one part)      0 0%, 11,497 11%, 29,315 30%, 83,823 41%, 180,294 45%  (joint: two parts, x2)
    CH individual (approx.)       0 5%, 30,000 15%, 60,000 25%, 100,000 32%, 200,000 38% (joint: thresholds x2)
    NL individual                 0 35.82%, 38,441 37.48%, 76,817 49.5%
    IT individual                 0 23%, 28,000 35%, 50,000 43%
    ES individual (state+region)  0 19%, 12,450 24%, 20,200 30%, 35,200 37%, 60,000 45%, 300,000 47%

Capital gains (US_GAINS, FLAT_GAINS): US long-term rates 0/15/20% by income (single 48,350/533,400, joint 96,700/
600,050, head of household 64,750/566,700, separate 48,350/300,000) plus the 3.8% net investment
income tax above 200,000 (joint 250,000, separate 125,000); GB 18% for basic-rate payers and
24% otherwise; CA half the marginal rate (50% inclusion); DE 26.375% (25% + solidarity
surcharge); FR 30% (flat tax with social levies); CH 0% (private gains are tax free); NL 36%
(box 3, on a deemed return); IT 26%; ES 23% (middle of the savings scale).

Tax identifiers are built from an 8-digit number that is a keyed permutation of the client id
(_tax_numbers below, keyed by the run's seed alone), so they are unique across the firm although
every shard makes its own clients' profiles.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import Context
from generator.modules.wealth_planning._shared import _days, _gather

US_SINGLE = (
    (0, 0.10),
    (11_925, 0.12),
    (48_475, 0.22),
    (103_350, 0.24),
    (197_300, 0.32),
    (250_525, 0.35),
    (626_350, 0.37),
)
US_JOINT = (
    (0, 0.10),
    (23_850, 0.12),
    (96_950, 0.22),
    (206_700, 0.24),
    (394_600, 0.32),
    (501_050, 0.35),
    (751_600, 0.37),
)
US_HEAD = (
    (0, 0.10),
    (17_000, 0.12),
    (64_850, 0.22),
    (103_350, 0.24),
    (197_300, 0.32),
    (250_500, 0.35),
    (626_350, 0.37),
)
INDIVIDUAL_BANDS: dict[str, tuple[tuple[float, float], ...]] = {
    "GB": ((0, 0.0), (12_570, 0.20), (50_270, 0.40), (125_140, 0.45)),
    "CA": ((0, 0.15), (57_375, 0.205), (114_750, 0.26), (177_882, 0.29), (253_414, 0.33)),
    "DE": ((0, 0.0), (12_096, 0.14), (17_443, 0.30), (68_480, 0.42), (277_825, 0.45)),
    "FR": ((0, 0.0), (11_497, 0.11), (29_315, 0.30), (83_823, 0.41), (180_294, 0.45)),
    "CH": ((0, 0.05), (30_000, 0.15), (60_000, 0.25), (100_000, 0.32), (200_000, 0.38)),
    "NL": ((0, 0.3582), (38_441, 0.3748), (76_817, 0.495)),
    "IT": ((0, 0.23), (28_000, 0.35), (50_000, 0.43)),
    "ES": ((0, 0.19), (12_450, 0.24), (20_200, 0.30), (35_200, 0.37), (60_000, 0.45), (300_000, 0.47)),
}
JOINT_TAXATION = ("DE", "FR", "CH")  # married couples file jointly, thresholds doubled (splitting)


def _scaled(bands: tuple[tuple[float, float], ...], factor: float) -> tuple[tuple[float, float], ...]:
    return tuple((start * factor, rate) for start, rate in bands)


# (country, filing_status) -> bands
TAX_BANDS: dict[tuple[str, str], tuple[tuple[float, float], ...]] = {
    ("US", "single"): US_SINGLE,
    ("US", "head_of_household"): US_HEAD,
    ("US", "married_filing_jointly"): US_JOINT,
    ("US", "qualifying_surviving_spouse"): US_JOINT,
    ("US", "married_filing_separately"): _scaled(US_JOINT, 0.5),
    **{(country, "individual"): bands for country, bands in INDIVIDUAL_BANDS.items()},
    **{(country, "joint"): _scaled(INDIVIDUAL_BANDS[country], 2.0) for country in JOINT_TAXATION},
}
# US long-term capital gains: (15% from, 20% from, 3.8% surtax from) by filing status
US_GAINS = {
    "single": (48_350, 533_400, 200_000),
    "head_of_household": (64_750, 566_700, 200_000),
    "married_filing_jointly": (96_700, 600_050, 250_000),
    "qualifying_surviving_spouse": (96_700, 600_050, 250_000),
    "married_filing_separately": (48_350, 300_000, 125_000),
}
FLAT_GAINS = {"DE": 0.26375, "FR": 0.30, "CH": 0.0, "NL": 0.36, "IT": 0.26, "ES": 0.23}
TAX_YEAR_START_MONTH = {"GB": 4}  # 6 April; every other country taxes the calendar year
FILING_STATUSES = (
    "single",
    "head_of_household",
    "married_filing_jointly",
    "married_filing_separately",
    "qualifying_surviving_spouse",
    "individual",
    "joint",
)


def marginal_rate(country: str, filing_status: str, income: np.ndarray) -> np.ndarray:
    """The marginal income-tax rate of TAX_BANDS for each income (the band whose threshold it exceeds)."""
    bands = TAX_BANDS[(country, filing_status)]
    starts = np.array([start for start, _ in bands], dtype=float)
    rates = np.array([rate for _, rate in bands])
    return rates[np.clip(np.searchsorted(starts, income, side="left") - 1, 0, None)]


def _filing_status(info: pl.DataFrame, rng: np.random.Generator) -> np.ndarray:
    n = info.height
    country = info.get_column("residence_country").to_numpy()
    marital = info.get_column("marital_status").to_numpy()
    dependants = info.get_column("children").to_numpy() > 0
    index = {status: i for i, status in enumerate(FILING_STATUSES)}
    us = np.where(
        marital == "married",
        np.where(rng.random(n) < 0.9, index["married_filing_jointly"], index["married_filing_separately"]),
        np.where(
            (marital == "widowed") & dependants & (rng.random(n) < 0.3),
            index["qualifying_surviving_spouse"],
            np.where(dependants & (rng.random(n) < 0.8), index["head_of_household"], index["single"]),
        ),
    )
    joint = np.isin(country, JOINT_TAXATION) & (marital == "married")
    return np.where(country == "US", us, np.where(joint, index["joint"], index["individual"]))


def _pick(index: pl.Expr, options: str | tuple[str, ...]) -> pl.Expr:
    """The option at each (integer) index, as text."""
    return index.replace_strict(dict(enumerate(options)), return_dtype=pl.String)


TAX_NUMBERS = 10**8  # tax identifiers are built from 8-digit numbers: one per client id below this
FEISTEL_HALF = 10**4  # the permutation mixes the number's two 4-digit halves
FEISTEL_ROUNDS = 4


def _tax_numbers(ctx: Context, client_id: np.ndarray) -> np.ndarray:
    """A distinct 8-digit number per client: a balanced Feistel permutation of [0, TAX_NUMBERS)
    applied to client_id - 1, its round functions random tables from the firm's stream, so every
    shard applies the same permutation and no two clients of the firm share a number."""
    if len(client_id) and int(client_id.max()) > TAX_NUMBERS:
        raise ValueError(f"client ids above {TAX_NUMBERS} have no distinct 8-digit tax number")
    rounds = ctx.firm.stream("tax_numbers").integers(0, FEISTEL_HALF, (FEISTEL_ROUNDS, FEISTEL_HALF))
    left, right = np.divmod(client_id.astype(np.int64) - 1, FEISTEL_HALF)
    for table in rounds:
        left, right = right, (left + table[right]) % FEISTEL_HALF
    return left * FEISTEL_HALF + right


def _tax_ids(country: pl.Series, number: np.ndarray) -> pl.Series:
    """Synthetic national tax identifiers in each country's format, built from unique 8-digit numbers
    (not valid real numbers: US in the 9xx area, CA with a leading 0, fixed synthetic parts elsewhere)."""
    frame = pl.DataFrame({"country": country, "d": pl.Series(number).cast(pl.String).str.zfill(8)})
    d = pl.col("d")
    head = d.str.slice(0, 2).cast(pl.Int64)
    prefixes = tuple(a + b for a in "JKLMN" for b in "ABCEH")  # 25 NI number prefixes x 4 suffixes: 100 heads
    ni = pl.format("{}{}{}", _pick(head % 25, prefixes), d.str.slice(2, 6), _pick(head // 25, "ABCD"))
    last = _pick(d.str.slice(7, 1).cast(pl.Int64), "ABCDEFGHIJ")
    control = _pick(d.cast(pl.Int64) % 23, "TRWAGMYFPDXBNJZSQVHLCKE")
    identifier = (
        pl.when(pl.col("country") == "US")
        .then(pl.format("9{}-{}-{}", d.str.slice(0, 2), d.str.slice(2, 2), d.str.slice(4, 4)))
        .when(pl.col("country") == "GB")
        .then(ni)
        .when(pl.col("country") == "CA")
        .then(pl.format("0{} {} {}", d.str.slice(0, 2), d.str.slice(2, 3), d.str.slice(5, 3)))
        .when(pl.col("country") == "DE")
        .then(pl.format("800{}", d))
        .when(pl.col("country") == "FR")
        .then(pl.format("30000{}", d))
        .when(pl.col("country") == "CH")
        .then(pl.format("756.00{}.{}.{}", d.str.slice(0, 2), d.str.slice(2, 4), d.str.slice(6, 2)))
        .when(pl.col("country") == "NL")
        .then(pl.format("9{}", d))
        .when(pl.col("country") == "IT")
        .then(pl.format("SNTCLI{}A{}Z{}{}", d.str.slice(0, 2), d.str.slice(2, 2), d.str.slice(4, 3), last))
        .otherwise(pl.format("{}{}", d, control))
    )
    return frame.select(identifier.alias("tax_id")).to_series()


def _tax_profiles(ctx: Context, info: pl.DataFrame) -> pl.DataFrame:
    rng = ctx.stream("tax_profiles")
    n = info.height
    status = _filing_status(info, rng)
    country = info.get_column("residence_country").to_numpy()
    income = info.get_column("annual_income").to_numpy()
    rate = np.zeros(n)
    for country_code, filing in TAX_BANDS:
        mask = (country == country_code) & (status == FILING_STATUSES.index(filing))
        rate[mask] = marginal_rate(country_code, filing, income[mask])
    gains = np.zeros(n)
    for filing, (fifteen, twenty, surtax) in US_GAINS.items():
        mask = (country == "US") & (status == FILING_STATUSES.index(filing))
        base = np.where(income[mask] > twenty, 0.20, np.where(income[mask] > fifteen, 0.15, 0.0))
        gains[mask] = base + np.where(income[mask] > surtax, 0.038, 0.0)
    gains = np.where(country == "GB", np.where(rate <= 0.20, 0.18, 0.24), gains)
    gains = np.where(country == "CA", rate / 2, gains)
    for country_code, flat in FLAT_GAINS.items():
        gains = np.where(country == country_code, flat, gains)
    as_of = np.datetime64(ctx.config.as_of, "D")
    onboarding = _days(info.get_column("onboarding_date"))
    since = np.maximum(onboarding, as_of - 540)
    updated = since + (rng.random(n) * ((as_of - since).astype(int) + 1)).astype(int)
    number = _tax_numbers(ctx, info.get_column("client_id").to_numpy())
    residence = info.get_column("residence_country")
    return pl.DataFrame(
        {
            "tax_profile_id": ctx.ids(n),
            "client_id": info.get_column("client_id"),
            "tax_residency": residence,
            "filing_status": _gather(FILING_STATUSES, status),
            "marginal_tax_rate": np.round(rate, 5),
            "capital_gains_rate": np.round(gains, 5),
            "tax_id": _tax_ids(residence, number),
            "tax_year_start_month": residence.replace_strict(TAX_YEAR_START_MONTH, default=1, return_dtype=pl.Int32),
            "updated_date": updated,
        }
    )
