"""Wealth planning (seed 000: "estate planning and tax information", "insurance and liabilities",
"market views"): liabilities, insurance policies, estate plans, tax profiles, the house's market
views, and the rating history of the bonds of the security master (seed 001 SecurityRatings).

Volumes per client (they scale linearly with the number of clients): about 1.1 liabilities,
1.75 insurance policies, 0.3 estate plans and exactly one tax profile, so about 4.2 rows per
client (4,166 rows at 1,000 clients). Market views are one per asset class and quarter of the
history (160 over ten years) and security ratings about 8 per bond over ten years (the security
master's 48 bonds), whatever the scale.

- liabilities: mortgage, home_equity, auto_loan, student_loan, credit_line and margin_loan, each
  at most once per client. Mortgages are likely for working clients under 65 (70% when married,
  35% when not, 12% otherwise); student loans for the young; margin loans and credit lines for
  the wealthy. Amounts follow income and are capped by net worth (mortgage up to 1.2x net worth,
  home equity up to 0.3x, credit lines up to 0.2x), so the outstanding total stays well below net
  worth for most clients. The first four are amortising: monthly_payment is the annuity payment
  of original_amount at interest_rate / 12 over the months from start_date to maturity_date
  (rounded to the cent), and the outstanding balance is the scheduled balance after the months
  elapsed, less a few percent of voluntary prepayments. Credit lines and margin loans are
  interest-only: original_amount is the limit (or the amount first drawn), the outstanding
  balance a share of it, and the payment the month's interest on the outstanding balance.
  Every liability is outstanding on the as-of date (maturity after the as-of date); it may have
  been taken before onboarding (never before the client's 19th birthday) but not after as-of.
- insurance_policies: term_life, whole_life, disability, long_term_care, umbrella and property,
  placed inside the client relationship. Term-life cover is 5 to 15 times income, for 10 to 30
  years (10 when a longer term would run past age 80); disability
  insures 60% of income a year to age 65; long-term care runs to age 95; umbrella and property
  renew yearly (end_date is the end of the term in force, or the last term); whole life has no
  end date. Premiums are coverage x a rate that rises with the age at the start (life: +8.5% a
  year of age for term, +5% whole life, +6% long-term care, +2% disability). 4% of policies
  lapse (end_date the lapse date); the rest are active, or expired when their term ended before
  the as-of date.
- estate_plans: for a share of clients rising with age and wealth (10-20% of the mass affluent
  under 45, over 80% of ultra-high-net-worth clients over 70). The estimated estate is the net
  worth x 0.95-1.10 (rounded to the thousand); the estate-tax exposure is
  ESTATE_TAX[country] applied to it: rate x (estate - allowance, doubled for married clients as
  the spouse inherits free), x 0.6 with a trust.
- tax_profiles: one per client, resident where the client lives. Filing status follows the
  marital status (US: single, head_of_household, married_filing_jointly or _separately,
  qualifying_surviving_spouse; DE, FR, CH: joint for married couples, individual otherwise; GB,
  CA, NL, IT, ES tax everyone individually). The marginal rate is the band of TAX_BANDS (below)
  that the client's annual income falls in; the capital-gains rate follows the rules below.
- market_views: on the first trading day of each quarter, one view per asset class (seed
  asset_classes), read from the global-equity benchmark's close the day before: its drawdown
  from the running high, its 12-month return and the cash rate. The equity score rises with the
  drawdown beyond 8% (the house buys after a fall) and falls after a strong year (over 12%), so
  equity is overweight far more often in the year after the worst drawdown; cash moves the other
  way; fixed income follows the cash rate. The expected 12-month return is the asset class's
  long-run return (seed asset_classes) plus 0.3 x the drawdown for equity and 0.1 x for
  alternatives (cash: the cash rate), tilted by 1.5% per unit of the view's score.
- security_ratings: every bond is rated by agency_a and agency_b, and by agency_c for all
  governments and half of the corporates, on the S&P-style scale of RATING_SCALE. Each series
  starts at the bond's listing (action initial) and has a few upgrades and downgrades over the
  history (about 0.15 a year), plus downgrades in the months after the market crash (CRASH_AT of
  the history) for 50% of corporates and 12% of governments. The history is built backwards from
  the security master's credit_rating, so the latest rating of every bond and agency equals it.

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
"""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import Context
from generator.market import CRASH_AT
from generator.pools import COUNTRIES
from generator.reference import seed

CURRENCY = {code: spec[2] for code, spec in COUNTRIES.items()}

# ---------------------------------------------------------------------------------------------
# liabilities
LIABILITY_TYPES = ("mortgage", "home_equity", "auto_loan", "student_loan", "credit_line", "margin_loan")
INTEREST_ONLY = ("credit_line", "margin_loan")
TERM_MONTHS: dict[str, tuple[tuple[int, ...], tuple[float, ...]]] = {
    "mortgage": ((180, 240, 300, 360), (0.25, 0.1, 0.1, 0.55)),
    "home_equity": ((120, 180, 240), (0.4, 0.4, 0.2)),
    "auto_loan": ((36, 48, 60, 72), (0.15, 0.3, 0.35, 0.2)),
    "student_loan": ((120, 180, 240), (0.6, 0.25, 0.15)),
    "credit_line": ((60, 120), (0.5, 0.5)),
    "margin_loan": ((12, 24, 36), (0.4, 0.3, 0.3)),
}
INTEREST_RATES = {
    "mortgage": (0.025, 0.07),
    "home_equity": (0.045, 0.095),
    "auto_loan": (0.03, 0.09),
    "student_loan": (0.03, 0.075),
    "credit_line": (0.06, 0.12),
    "margin_loan": (0.045, 0.085),
}
EARLIEST_AGE = {
    "mortgage": 25,
    "home_equity": 30,
    "auto_loan": 19,
    "student_loan": 19,
    "credit_line": 25,
    "margin_loan": 25,
}
PREPAYMENT = (0.9, 1.0)  # outstanding / scheduled balance of amortising loans

# ---------------------------------------------------------------------------------------------
# insurance
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

# ---------------------------------------------------------------------------------------------
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

# ---------------------------------------------------------------------------------------------
# tax
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

# ---------------------------------------------------------------------------------------------
# market views
VIEWS = ("underweight", "neutral", "overweight")
VIEW_THRESHOLD = 0.5  # score above: overweight, below minus: underweight
VIEW_NOISE = 0.4  # standard deviation of the committee's judgement in score units
DRAWDOWN_TRIGGER = 0.08  # the equity score rises with the drawdown beyond 8% from the high
RATIONALES: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {
    ("equity", "overweight"): (
        "Global equities stand {}% below their peak; valuations have cheapened and we add equity risk for the rebound.",
        ("drawdown_pct",),
    ),
    ("equity", "neutral"): (
        "Global equities returned {}% over twelve months; earnings and valuations balance out, so we hold the "
        "benchmark weight.",
        ("return_pct",),
    ),
    ("equity", "underweight"): (
        "After a {}% move over twelve months equity valuations look stretched; we trim equities and keep dry powder.",
        ("return_pct",),
    ),
    ("fixed_income", "overweight"): (
        "With the cash rate at {}% bonds offer fair carry and a hedge against equity risk; we add to fixed income.",
        ("rate_pct",),
    ),
    ("fixed_income", "neutral"): (
        "Cash rate at {}%: yields are fair but not compelling; fixed income stays at the benchmark weight.",
        ("rate_pct",),
    ),
    ("fixed_income", "underweight"): (
        "A cash rate of {}% leaves little term premium; we keep fixed income short and below the benchmark weight.",
        ("rate_pct",),
    ),
    ("alternatives", "overweight"): (
        "Real assets and commodities diversify an equity market {}% below its peak; we add to alternatives.",
        ("drawdown_pct",),
    ),
    ("alternatives", "neutral"): (
        "Alternatives stay at the benchmark weight as a diversifier; equities returned {}% over twelve months.",
        ("return_pct",),
    ),
    ("alternatives", "underweight"): (
        "Alternatives lag an equity market up {}% over twelve months; we fund equity risk from alternatives.",
        ("return_pct",),
    ),
    ("cash", "overweight"): ("Cash yields {}% while risks rise; we hold extra liquidity.", ("rate_pct",)),
    ("cash", "neutral"): ("Cash at {}% is held at the strategic weight.", ("rate_pct",)),
    ("cash", "underweight"): (
        "Cash at {}% earns little against expected returns elsewhere; we put it to work.",
        ("rate_pct",),
    ),
}

# ---------------------------------------------------------------------------------------------
# security ratings
RATING_SCALE = ("AAA", "AA+", "AA", "AA-", "A+", "A", "A-", "BBB+", "BBB", "BBB-", "BB+", "BB", "BB-", "B+", "B", "B-")
AGENCIES = ("agency_a", "agency_b", "agency_c")
RATING_CHANGES_PER_YEAR = 0.15
CRASH_DOWNGRADE = {"corporate": 0.5, "government": 0.12}  # share of bonds downgraded after the crash
CRASH_WINDOW_DAYS = 150  # trading days after the crash start in which those downgrades fall


def _gather(options: tuple[str, ...] | list[str] | np.ndarray, index: np.ndarray) -> pl.Series:
    return pl.Series(list(options), dtype=pl.String).gather(index)


def _days(series: pl.Series) -> np.ndarray:
    return series.to_numpy().astype("datetime64[D]")


def _cents(values: np.ndarray) -> np.ndarray:
    return np.round(values, 2)


def _clients(ctx: Context) -> pl.DataFrame:
    as_of = ctx.config.as_of
    return ctx.people.clients.select(
        "client_id",
        "birth_date",
        "onboarding_date",
        "annual_income",
        "net_worth",
        "marital_status",
        "segment_code",
        "residence_country",
        ((pl.lit(as_of) - pl.col("birth_date")).dt.total_days() / 365.25).alias("age"),
        (pl.col("occupation") == "Retired").alias("retired"),
        pl.col("dependents_info").str.count_matches('"relationship":"child"').alias("children"),
        pl.col("residence_country").replace_strict(CURRENCY, return_dtype=pl.String).alias("currency_code"),
    )


# ---------------------------------------------------------------------------------------------
def _liability_amount(kind: str, income: np.ndarray, worth: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    k = len(income)
    if kind == "mortgage":
        amount = np.maximum(np.minimum(income * rng.uniform(2.5, 4.5, k), worth * rng.uniform(0.5, 1.2, k)), 50_000)
        return np.round(amount / 1000) * 1000
    if kind == "home_equity":
        amount = np.maximum(np.minimum(income * rng.uniform(0.3, 1.0, k), worth * rng.uniform(0.1, 0.3, k)), 10_000)
        return np.round(amount / 500) * 500
    if kind == "auto_loan":
        return np.round(np.clip(income * rng.uniform(0.15, 0.5, k), 8_000, 120_000) / 100) * 100
    if kind == "student_loan":
        return np.round(rng.uniform(15_000, 120_000, k) / 100) * 100
    if kind == "credit_line":
        amount = np.maximum(np.minimum(income * rng.uniform(0.2, 1.0, k), worth * 0.2), 10_000)
        return np.round(amount / 1000) * 1000
    return np.round(np.maximum(worth * rng.uniform(0.02, 0.12, k), 10_000) / 1000) * 1000  # margin_loan


def _liabilities(ctx: Context, info: pl.DataFrame) -> pl.DataFrame:
    rng = ctx.stream("liabilities")
    n = info.height
    age = info.get_column("age").to_numpy()
    income = info.get_column("annual_income").to_numpy()
    worth = info.get_column("net_worth").to_numpy()
    married = (info.get_column("marital_status") == "married").to_numpy()
    retired = info.get_column("retired").to_numpy()
    segment = info.get_column("segment_code").to_numpy()
    working = ~retired & (age < 65) & (income > 0)
    wealthy = segment != "mass_affluent"
    probability = {
        "mortgage": np.where(working, np.where(married, 0.7, 0.35), 0.12),
        "home_equity": np.where(age < 70, 0.12, 0.04),
        "auto_loan": np.where(age < 70, 0.3, 0.08),
        "student_loan": np.where(age < 35, 0.45, np.where(age < 45, 0.12, 0.0)),
        "credit_line": np.where(wealthy, 0.25, 0.12),
        "margin_loan": np.where(segment == "uhnw", 0.3, np.where(wealthy, 0.12, 0.03)),
    }
    draws = rng.random((n, len(LIABILITY_TYPES)))
    parts = []
    for j, kind in enumerate(LIABILITY_TYPES):
        rows = np.flatnonzero(draws[:, j] < probability[kind])
        k = len(rows)
        terms, weights = TERM_MONTHS[kind]
        term = rng.choice(np.array(terms), k, p=np.array(weights))
        low, high = INTEREST_RATES[kind]
        max_elapsed = np.clip((age[rows] - EARLIEST_AGE[kind]) * 12, 0, None).astype(np.int64)
        parts.append(
            pl.DataFrame(
                {
                    "row": rows.astype(np.int64),
                    "type_index": np.full(k, j, dtype=np.int64),
                    "term": term.astype(np.int64),
                    "rate": np.round(rng.uniform(low, high, k), 4),
                    "original": _liability_amount(kind, income[rows], worth[rows], rng),
                    "elapsed": (rng.random(k) * (np.minimum(term - 1, max_elapsed) + 1)).astype(np.int64),
                    "lag": rng.integers(0, 21, k),
                }
            )
        )
    frame = pl.concat(parts).sort("row", "type_index")
    m = frame.height
    term = frame.get_column("term").to_numpy()
    rate = frame.get_column("rate").to_numpy()
    original = frame.get_column("original").to_numpy()
    elapsed = frame.get_column("elapsed").to_numpy()
    interest_only = np.isin(
        frame.get_column("type_index").to_numpy(), [LIABILITY_TYPES.index(t) for t in INTEREST_ONLY]
    )
    r = rate / 12
    growth = (1 + r) ** term
    annuity = original * r * growth / (growth - 1)
    grown = (1 + r) ** elapsed
    scheduled = original * grown - annuity * (grown - 1) / r
    prepaid = np.where(elapsed > 0, rng.uniform(*PREPAYMENT, m), 1.0)
    drawn = rng.uniform(0.2, 1.0, m)
    outstanding = np.minimum(_cents(np.where(interest_only, original * drawn, scheduled * prepaid)), original)
    payment = np.where(interest_only, _cents(outstanding * r), _cents(annuity))
    as_of = ctx.config.as_of
    client = info.select("client_id", "currency_code")[frame.get_column("row").to_numpy()]
    start = pl.lit(as_of).dt.offset_by(pl.format("-{}mo", pl.col("elapsed"))) - pl.duration(days=pl.col("lag"))
    return (
        frame.with_columns(start.alias("start_date"))
        .with_columns(pl.col("start_date").dt.offset_by(pl.format("{}mo", pl.col("term"))).alias("maturity_date"))
        .select(
            pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("liability_id"),
            client.get_column("client_id"),
            _gather(LIABILITY_TYPES, frame.get_column("type_index").to_numpy()).alias("liability_type"),
            _gather(("amortising", "interest_only"), interest_only.astype(np.int64)).alias("repayment_type"),
            _gather(ctx.pools.companies, rng.integers(0, len(ctx.pools.companies), m)).alias("lender"),
            pl.Series("original_amount", original),
            pl.Series("outstanding_balance", outstanding),
            pl.Series("interest_rate", rate),
            "start_date",
            "maturity_date",
            pl.col("term").cast(pl.Int32).alias("term_months"),
            pl.Series("monthly_payment", payment),
            client.get_column("currency_code"),
        )
    )


# ---------------------------------------------------------------------------------------------
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
            "policy_id": np.arange(1, m + 1, dtype=np.int64),
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


# ---------------------------------------------------------------------------------------------
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
            "estate_plan_id": np.arange(1, k + 1, dtype=np.int64),
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


# ---------------------------------------------------------------------------------------------
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
    number = rng.choice(100_000_000, n, replace=False)
    residence = info.get_column("residence_country")
    return pl.DataFrame(
        {
            "tax_profile_id": np.arange(1, n + 1, dtype=np.int64),
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


# ---------------------------------------------------------------------------------------------
def _percent(values: np.ndarray) -> pl.Series:
    """Percentages with one decimal, as text (e.g. 0.1234 -> "12.3")."""
    return pl.Series(np.round(values * 100, 1)).cast(pl.String)


def _market_views(ctx: Context) -> pl.DataFrame:
    rng = ctx.stream("market_views")
    cal = ctx.cal
    starts = cal.month_starts()
    quarter = starts[cal.days[starts].astype("datetime64[M]").astype(int) % 3 == 0]
    levels = (
        ctx.market.tables["benchmark_levels"]
        .filter(pl.col("benchmark_code") == "bm_global_equity")
        .sort("level_date")
        .get_column("index_level")
        .to_numpy()
    )
    seen = np.maximum(quarter - 1, 0)  # the house reads the close of the day before
    drawdown = levels[seen] / np.maximum.accumulate(levels)[seen] - 1
    trailing = levels[seen] / levels[np.maximum(seen - 252, 0)] - 1
    cash_rate = ctx.market.tables["risk_free_rates"].sort("rate_date").get_column("annual_rate").to_numpy()[seen]
    classes = seed("asset_classes").sort("sort_order")
    codes = classes.get_column("asset_class_code").to_list()
    q, a = len(quarter), len(codes)
    fall = -drawdown
    noise = rng.normal(0, VIEW_NOISE, (q, a))
    # the house buys equities once they are well below their high and trims them after a strong year
    cheap = np.maximum(fall - DRAWDOWN_TRIGGER, 0)
    equity = 6 * cheap - 1.5 * np.maximum(trailing - 0.12, 0) - 0.1
    signal = {
        "equity": equity,
        "fixed_income": 10 * (cash_rate - 0.02) + 0.5 * fall,
        "alternatives": 2 * cheap - 0.1,
        "cash": -0.5 * equity,
    }
    score = np.column_stack([signal.get(code, np.zeros(q)) for code in codes]) + noise
    view = np.where(score > VIEW_THRESHOLD, 2, np.where(score < -VIEW_THRESHOLD, 0, 1))
    margin = np.where(view == 1, VIEW_THRESHOLD - np.abs(score), np.abs(score) - VIEW_THRESHOLD)
    conviction = np.where(
        view == 1, np.where(margin >= 0.3, 1, 0), np.where(margin >= 0.7, 2, np.where(margin >= 0.3, 1, 0))
    )
    base = classes.get_column("expected_return").to_numpy()[None, :]
    tilt = np.column_stack(
        [
            {"equity": 0.3 * fall, "alternatives": 0.1 * fall, "cash": cash_rate - 0.02}.get(code, np.zeros(q))
            for code in codes
        ]
    )
    expected = np.round(base + tilt + 0.015 * np.clip(score, -2, 2), 4)
    seniors = ctx.people.advisors.filter(pl.col("title").is_in(["Managing Director", "Senior Wealth Advisor"]))
    authors = (seniors if seniors.height else ctx.people.advisors).get_column("advisor_id").to_numpy()
    frame = pl.DataFrame(
        {
            "view_date": np.repeat(cal.days[quarter], a),
            "asset_class_code": _gather(codes, np.tile(np.arange(a), q)),
            "view": _gather(VIEWS, view.reshape(-1)),
            "conviction": _gather(("low", "medium", "high"), conviction.reshape(-1)),
            "expected_return_12m": expected.reshape(-1),
            "author_advisor_id": authors[rng.integers(0, len(authors), q * a)],
            "drawdown_pct": _percent(np.repeat(fall, a)),
            "return_pct": _percent(np.repeat(trailing, a)),
            "rate_pct": _percent(np.repeat(cash_rate, a)),
        }
    )
    rationale = pl.format("We hold a {} view on {}.", pl.col("view"), pl.col("asset_class_code"))
    for (code, name), (template, args) in RATIONALES.items():
        rationale = (
            pl.when((pl.col("asset_class_code") == code) & (pl.col("view") == name))
            .then(pl.format(template, *[pl.col(arg) for arg in args]))
            .otherwise(rationale)
        )
    return frame.select(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("market_view_id"),
        "view_date",
        "asset_class_code",
        "view",
        "conviction",
        "expected_return_12m",
        rationale.alias("rationale"),
        "author_advisor_id",
    )


# ---------------------------------------------------------------------------------------------
def _security_ratings(ctx: Context) -> pl.DataFrame:
    rng = ctx.stream("security_ratings")
    bonds = ctx.market.securities.filter(pl.col("security_type") == "bond").sort("security_id")
    b = bonds.height
    government = (bonds.get_column("sector_code") == "government").to_numpy()
    scale = {rating: i for i, rating in enumerate(RATING_SCALE)}
    final = bonds.get_column("credit_rating").replace_strict(scale, return_dtype=pl.Int64).to_numpy()
    rated_c = government | (rng.random(b) < 0.5)
    series_bond = np.concatenate([np.arange(b), np.arange(b), np.flatnonzero(rated_c)])
    series_agency = np.concatenate([np.zeros(b, dtype=int), np.ones(b, dtype=int), np.full(int(rated_c.sum()), 2)])
    order = np.lexsort((series_agency, series_bond))
    series_bond, series_agency = series_bond[order], series_agency[order]
    s, days = len(series_bond), ctx.cal.n
    # ordinary rating actions over the history, either way
    count = rng.poisson(RATING_CHANGES_PER_YEAR * days / 252, s)
    normal_series = np.repeat(np.arange(s), count)
    normal_notch = np.where(rng.random(len(normal_series)) < 0.5, 1, -1)  # +1 = one notch down
    # downgrades in the months after the crash, for the same bonds at every agency rating them
    crash = int(CRASH_AT * days)
    share = np.where(government, CRASH_DOWNGRADE["government"], CRASH_DOWNGRADE["corporate"])
    hit_bond = rng.random(b) < share
    crash_series = np.flatnonzero(hit_bond[series_bond] & (rng.random(s) < 0.85))
    events = (
        pl.DataFrame(
            {
                "series": np.concatenate([normal_series, crash_series]),
                "day": np.concatenate(
                    [
                        rng.integers(1, days, len(normal_series)),
                        np.minimum(crash + rng.integers(0, CRASH_WINDOW_DAYS, len(crash_series)), days - 1),
                    ]
                ),
                "notch": np.concatenate([normal_notch, np.where(rng.random(len(crash_series)) < 0.2, 2, 1)]),
            }
        )
        .unique(["series", "day"], keep="first", maintain_order=True)
        .sort("series", "day")
    )
    series = events.get_column("series").to_numpy()
    notch = events.get_column("notch").to_numpy().copy()
    per_series = np.bincount(series, minlength=s)
    position = np.arange(len(series)) - np.repeat(np.cumsum(per_series) - per_series, per_series)
    back = per_series[series] - 1 - position  # 0 for each series' latest action
    current = final[series_bond].copy()
    after = np.zeros(len(series), dtype=np.int64)
    before = np.zeros(len(series), dtype=np.int64)
    top = len(RATING_SCALE) - 1
    for rank in range(int(per_series.max()) if len(series) else 0):  # a few steps, vectorised over series
        e = np.flatnonzero(back == rank)
        now = current[series[e]]
        step = notch[e]
        step = np.where((now - step < 0) | (now - step > top), -step, step)  # an impossible move goes the other way
        notch[e], after[e], before[e] = step, now, now - step
        current[series[e]] = now - step
    listing = _days(bonds.get_column("listing_date"))
    m = len(series)
    rows = pl.DataFrame(
        {
            "series": np.concatenate([np.arange(s), series]),
            "rating_date": np.concatenate([listing[series_bond], ctx.cal.days[events.get_column("day").to_numpy()]]),
            "rating": np.concatenate([current, after]),
            "previous": np.concatenate([np.full(s, -1), before]),
            "action": np.concatenate([np.zeros(s, dtype=int), np.where(notch > 0, 2, 1)]),
        }
    ).sort("series", "rating_date")
    action = rows.get_column("action").to_numpy()
    u = rng.random(s + m)
    outlook = np.select(
        [action == 0, action == 1],
        [np.where(u < 0.8, 0, np.where(u < 0.9, 1, 2)), np.where(u < 0.4, 1, 0)],
        np.where(u < 0.5, 2, 0),
    )
    row_series = rows.get_column("series").to_numpy()
    previous = rows.get_column("previous").to_numpy()
    return pl.DataFrame(
        {
            "rating_id": np.arange(1, s + m + 1, dtype=np.int64),
            "security_id": bonds.get_column("security_id").to_numpy()[series_bond[row_series]],
            "agency": _gather(AGENCIES, series_agency[row_series]),
            "rating": _gather(RATING_SCALE, rows.get_column("rating").to_numpy()),
            "rating_date": rows.get_column("rating_date"),
            "outlook": _gather(("stable", "positive", "negative"), outlook),
            "previous_rating": _gather(RATING_SCALE, np.maximum(previous, 0)).scatter(
                np.flatnonzero(previous < 0), None
            ),
            "rating_action": _gather(("initial", "upgrade", "downgrade"), action),
        }
    )


def build(ctx: Context) -> dict[str, pl.DataFrame]:
    info = _clients(ctx)
    liabilities = _liabilities(ctx, info)
    insurance = _insurance(ctx, info, liabilities)
    return {
        "liabilities": liabilities,
        "insurance_policies": insurance,
        "estate_plans": _estate_plans(ctx, info),
        "tax_profiles": _tax_profiles(ctx, info),
        "market_views": _market_views(ctx),
        "security_ratings": _security_ratings(ctx),
    }
