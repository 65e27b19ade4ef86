"""KYC & compliance: KYC verifications, regulatory flags and periodic compliance checks.

- kyc_verifications: every client is verified at onboarding (identity, address, source of funds,
  plus enhanced due diligence when rated high risk) and re-verified shortly before each expiry;
  the validity is 3, 2 or 1 years for a low, medium or high risk rating (high: politically exposed
  persons, ultra-high-net-worth clients; medium: high net worth, cross-border or cash-intensive
  industries). A few documents are rejected and resubmitted. On the as-of date a few percent of
  clients have a lapsed KYC (the re-verification never happened) and a few percent expire within
  30 days; part of them have a recent pending re-verification. About 10 rows per client over a
  ten-year relationship.
- regulatory_flags: PEP flags raised at onboarding screening for the politically exposed clients,
  screening name matches (PEP, sanctions, adverse media; mostly false positives) and AML flags
  raised by transaction monitoring a few days after a real large deposit or withdrawal (at least
  100,000 USD) in the transactions. Most are resolved; the most recent few are still open or
  under review on the as-of date (the latest AML flag among them). A few percent of clients are
  ever flagged, about 0.07 flags per client.
- compliance_checks: per portfolio, a suitability check at inception, quarterly suitability and
  concentration checks, a yearly KYC refresh check (Q4) and a quarterly trade-surveillance check
  of the quarters with trades. Suitability fails when the strategy is riskier than the client's
  risk profile (seed strategies.suitable_risk_profile_code) and warns when more conservative; the
  KYC refresh check reads the client's KYC validity on the check date; trade surveillance warns
  when the quarter holds a cancelled duplicate trade; concentration outcomes are a small random
  share of warnings and fails (persistent per portfolio). About 55 rows per portfolio over ten
  years (about 95 per client).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import Context
from generator.ordering import sort_rows
from generator.reference import seed

VALIDITY_YEARS = {"low": 3, "medium": 2, "high": 1}
CASH_INTENSIVE = ("real_estate", "hospitality", "construction")
LAPSED_RATE = 0.03  # clients whose latest KYC is forced to have lapsed on the as-of date
SOON_RATE = 0.025  # clients forced to expire within 30 days (on top of those that do naturally)
LATE_RENEWAL_RATE = 0.06  # historical re-verifications done after the expiry
REJECTION_RATE = 0.05  # re-verifications with a document rejected first
PENDING_RATE = 0.6  # expired or expiring clients with a pending re-verification
SOON_DAYS = 30
VERIFICATION_TYPES = ("identity", "address", "source_of_funds", "enhanced_due_diligence")
DOCUMENTS = {
    "identity": ("passport", "national_id", "driving_licence"),
    "address": ("utility_bill", "bank_statement", "tax_return"),
    "source_of_funds": ("bank_statement", "payslip", "tax_return", "sale_agreement"),
    "enhanced_due_diligence": ("wealth_report", "company_registry_extract", "reference_letter"),
}
NOTES = {
    ("identity", "verified"): ("Identity confirmed against the original document", "Electronic identity check passed"),
    ("address", "verified"): ("Address matches the client record", "Proof of address dated within three months"),
    ("source_of_funds", "verified"): (
        "Source of funds consistent with the client's income and wealth",
        "Funds traced to employment income and savings",
        "Funds traced to the sale of an asset",
    ),
    ("enhanced_due_diligence", "verified"): (
        "Enhanced due diligence approved by the compliance officer",
        "Source of wealth corroborated by independent documents",
    ),
    ("identity", "rejected"): ("Document expired at submission", "Scan illegible; resubmission requested"),
    ("address", "rejected"): ("Proof of address older than three months", "Name does not match the client record"),
    ("identity", "pending"): (
        "Re-verification documents received; review in progress",
        "Awaiting a certified copy of the document",
    ),
}
# regulatory flags: per-client rates of screening name matches over the relationship
SCREENING_RATES = {"pep": 0.012, "sanctions": 0.008, "adverse_media": 0.01}
RESOLUTION_MEDIAN_DAYS = {"aml": 25.0, "pep": 10.0, "sanctions": 3.0, "adverse_media": 14.0}
LARGE_MOVEMENT_USD = 100_000.0
AML_BASE_PROBABILITY = 0.02
OPEN_FLAG_RATE = 0.004  # share of clients with a flag held open (at least one flag)
OPEN_STATUS_DAYS = 14  # unresolved flags older than this are under review
CHECK_TYPES = ("suitability", "concentration", "kyc_refresh", "trade_surveillance")


def _gather(options: tuple[str, ...] | list[str], index: np.ndarray) -> pl.Series:
    return pl.Series(list(options), dtype=pl.String).gather(index)


def _days(series: pl.Series) -> np.ndarray:
    return series.to_numpy().astype("datetime64[D]")


def _officers(n_advisors: int) -> list[str]:
    """The compliance team: one officer per five advisors, at least two."""
    return [f"CO-{i:02d}" for i in range(1, max(2, -(-n_advisors // 5)) + 1)]


def _pick_text(
    frame: pl.DataFrame, keys: list[str], options: dict[object, tuple[str, ...]], u: np.ndarray, name: str
) -> pl.Series:
    """One option per row from the options of its key (uniform), vectorised with a join."""
    rows = [
        (*(key if isinstance(key, tuple) else (key,)), i, text)
        for key, texts in options.items()
        for i, text in enumerate(texts)
    ]
    table = pl.DataFrame(rows, schema=[*keys, "_i", name], orient="row")
    counts = table.group_by(keys).agg(pl.len().alias("_n"))
    picked = (
        frame.select(keys)
        .with_row_index("_row")
        .join(counts, on=keys, how="left")
        .with_columns((pl.Series(u) * pl.col("_n")).floor().cast(pl.Int64).alias("_i"))
        .join(table.with_columns(pl.col("_i").cast(pl.Int64)), on=[*keys, "_i"], how="left")
        .sort("_row")
    )
    return picked.get_column(name)


def _client_risk(ctx: Context) -> pl.DataFrame:
    """Per client: politically exposed or not, and the KYC risk rating (static over the relationship)."""
    rng = ctx.stream("compliance_client_risk")
    clients = ctx.people.clients
    n = clients.height
    segment = clients.get_column("segment_code").to_numpy()
    industry = clients.get_column("industry").fill_null("").to_numpy()
    pep_rate = np.where(segment == "uhnw", 0.08, np.where(segment == "hnw", 0.02, 0.006))
    pep = rng.random(n) < pep_rate * np.where(industry == "public_sector", 4.0, 1.0)
    cross_border = (clients.get_column("citizenship") != clients.get_column("residence_country")).to_numpy()
    high = pep | (segment == "uhnw") | (rng.random(n) < 0.02)
    cash_intensive = np.isin(industry, CASH_INTENSIVE) & (rng.random(n) < 0.5)
    medium = (segment == "hnw") | cross_border | cash_intensive | (rng.random(n) < 0.05)
    rating = np.where(high, 2, np.where(medium, 1, 0))
    return clients.select(
        "client_id",
        "onboarding_date",
        "segment_code",
        "occupation",
        pl.Series("pep", pep),
        _gather(("low", "medium", "high"), rating).alias("risk_rating"),
        pl.Series("validity_years", np.array([3, 2, 1])[rating]),
    )


def _cycles(ctx: Context, risk: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """One row per KYC cycle (onboarding, then each re-verification) with its date and expiry."""
    as_of = np.datetime64(ctx.config.as_of, "D")
    onboarding = _days(risk.get_column("onboarding_date"))
    years = risk.get_column("validity_years").to_numpy()
    period = np.rint(years * 365.25).astype(int)
    count = (as_of - onboarding).astype(int) // (period - 60) + 2
    row = np.repeat(np.arange(risk.height), count)
    k = np.arange(len(row)) - np.repeat(np.cumsum(count) - count, count)
    late = rng.random(len(row)) < LATE_RENEWAL_RATE
    lead = np.where(late, -rng.integers(1, 60, len(row)), rng.integers(0, 61, len(row)))
    gap = np.where(k == 0, 0, period[row] - lead)
    offset = pl.DataFrame({"row": row, "gap": gap}).select(pl.col("gap").cum_sum().over("row"))["gap"].to_numpy()
    verified = onboarding[row] + offset
    keep = verified <= as_of
    cycles = pl.DataFrame(
        {"row": row[keep], "k": k[keep], "verified_date": verified[keep], "years": years[row[keep]]}
    ).with_columns(
        pl.col("verified_date").dt.offset_by(pl.format("{}y", "years")).alias("expiry_date"),
        (pl.col("k") == pl.col("k").max().over("row")).alias("last"),
        pl.len().over("row").alias("n"),
        pl.col("verified_date").shift(1).over("row").alias("previous_date"),
        pl.col("verified_date").dt.offset_by(pl.format("{}y", "years")).shift(1).over("row").alias("previous_expiry"),
    )
    as_of_lit = pl.lit(ctx.config.as_of)
    # lapsed: the last re-verification never happened and the one before has expired
    eligible = cycles.filter(pl.col("last") & (pl.col("n") >= 2) & (pl.col("previous_expiry") < as_of_lit))
    quota = min(eligible.height, max(1, round(LAPSED_RATE * risk.height)))
    lapsed = eligible.get_column("row").gather(rng.permutation(eligible.height)[:quota])
    cycles = cycles.filter(~(pl.col("last") & pl.col("row").is_in(lapsed.implode())))
    cycles = cycles.with_columns((pl.col("k") == pl.col("k").max().over("row")).alias("last"))
    # expiring soon: the last re-verification moved so that it expires within 30 days
    soon_end = pl.Series(rng.integers(2, SOON_DAYS + 1, cycles.height))
    moved = as_of_lit.dt.offset_by(pl.format("{}d", soon_end)).dt.offset_by(pl.format("-{}y", "years"))
    cycles = cycles.with_columns(moved.alias("moved_date"))
    naturally_soon = cycles.filter(
        pl.col("last") & (pl.col("expiry_date") >= as_of_lit) & (pl.col("expiry_date") <= as_of_lit.dt.offset_by("30d"))
    ).get_column("row")
    eligible = cycles.filter(
        pl.col("last")
        & (pl.col("k") >= 1)
        & ~pl.col("row").is_in(lapsed.implode())
        & ~pl.col("row").is_in(naturally_soon.implode())
        & (pl.col("moved_date") >= pl.col("previous_date").dt.offset_by("180d"))
    )
    quota = min(eligible.height, max(1, round(SOON_RATE * risk.height)))
    soon = eligible.get_column("row").gather(rng.permutation(eligible.height)[:quota])
    shift = pl.col("last") & pl.col("row").is_in(soon.implode())
    cycles = cycles.with_columns(pl.when(shift).then("moved_date").otherwise("verified_date").alias("verified_date"))
    return (
        cycles.with_columns(pl.col("verified_date").dt.offset_by(pl.format("{}y", "years")).alias("expiry_date"))
        .select("row", "k", "last", "verified_date", "expiry_date")
        .join(risk.with_row_index("row").with_columns(pl.col("row").cast(pl.Int64)), on="row")
    )


def _verifier(ctx: Context, frame: pl.DataFrame, by_advisor: np.ndarray, rng: np.random.Generator) -> pl.Series:
    """The client's advisor on the date (as text) where by_advisor, else a compliance officer."""
    assignments = ctx.people.assignments.select("client_id", "advisor_id", pl.col("start_date").alias("verified_date"))
    advisor = (
        frame.select("client_id", "verified_date")
        .with_row_index("_row")
        .sort("verified_date")
        .join_asof(
            assignments.sort("verified_date"),
            on="verified_date",
            by="client_id",
            strategy="backward",
            check_sortedness=False,
        )
        .sort("_row")
        .get_column("advisor_id")
        .cast(pl.String)
    )
    officers = _officers(ctx.people.advisors.height)
    officer = _gather(officers, rng.integers(0, len(officers), frame.height))
    return pl.select(pl.when(pl.Series(by_advisor)).then(advisor).otherwise(officer)).to_series()


def kyc_verifications(ctx: Context, risk: pl.DataFrame) -> pl.DataFrame:
    rng = ctx.stream("kyc_verifications")
    as_of = ctx.config.as_of
    cycles = _cycles(ctx, risk, rng)
    verified = pl.concat(
        [
            cycles.filter(keep).with_columns(pl.lit(kind).alias("verification_type"), pl.lit(order).alias("type_order"))
            for order, kind, keep in (
                (0, "identity", pl.lit(True)),
                (1, "address", pl.lit(True)),
                (2, "source_of_funds", (pl.col("k") == 0) | (pl.col("risk_rating") != "low")),
                (3, "enhanced_due_diligence", pl.col("risk_rating") == "high"),
            )
        ]
    ).with_columns(pl.lit("verified").alias("status"))
    # a document rejected a few days before the re-verification that accepted its replacement
    renewals = cycles.filter(pl.col("k") >= 1)
    rejected = renewals.filter(pl.Series(rng.random(renewals.height) < REJECTION_RATE))
    kind = rng.integers(0, 2, rejected.height)
    rejected = rejected.with_columns(
        (pl.col("verified_date") - pl.duration(days=pl.Series(rng.integers(3, 22, rejected.height)))).alias(
            "verified_date"
        ),
        pl.lit(None, dtype=pl.Date).alias("expiry_date"),
        _gather(("identity", "address"), kind).alias("verification_type"),
        pl.Series("type_order", kind),
        pl.lit("rejected").alias("status"),
    )
    # a recent pending re-verification for part of the clients whose KYC expired or expires soon
    latest = cycles.filter(pl.col("last"))
    due = latest.filter(pl.col("expiry_date") <= pl.lit(as_of).dt.offset_by(f"{SOON_DAYS}d"))
    pending = due.filter(pl.Series(rng.random(due.height) < PENDING_RATE))
    submitted = pl.lit(as_of) - pl.duration(days=pl.Series(rng.integers(0, 26, pending.height)))
    pending = pending.with_columns(
        pl.max_horizontal(submitted, pl.col("verified_date").dt.offset_by("1d")).alias("verified_date"),
        pl.lit(None, dtype=pl.Date).alias("expiry_date"),
        pl.lit("identity").alias("verification_type"),
        pl.lit(0).alias("type_order"),
        pl.lit("pending").alias("status"),
    )
    columns = ["client_id", "verification_type", "type_order", "status", "risk_rating", "verified_date", "expiry_date"]
    rows = pl.concat(
        [frame.select(*columns, "occupation") for frame in (verified, rejected, pending)], how="vertical_relaxed"
    ).sort(["verified_date", "client_id", "type_order", "status"])
    n = rows.height
    retired = (rows.get_column("occupation") == "Retired").to_numpy() & (
        rows.get_column("verification_type") == "source_of_funds"
    ).to_numpy()
    document = _pick_text(rows, ["verification_type"], DOCUMENTS, rng.random(n), "document_type")
    document = document.scatter(np.flatnonzero(retired & (rng.random(n) < 0.7)), "pension_statement")
    notes = _pick_text(rows, ["verification_type", "status"], NOTES, rng.random(n), "notes")
    simple = rows.get_column("verification_type").is_in(["identity", "address"]).to_numpy()
    verifier = _verifier(ctx, rows, simple & (rng.random(n) < 0.5), rng)
    verifier = verifier.scatter(np.flatnonzero((rows.get_column("status") == "pending").to_numpy()), None)
    return rows.select(
        pl.int_range(1, n + 1, dtype=pl.Int64).alias("verification_id"),
        "client_id",
        "verification_type",
        document.alias("document_type"),
        "status",
        "risk_rating",
        "verified_date",
        "expiry_date",
        verifier.alias("verified_by"),
        notes.alias("notes"),
    )


def _large_movements(ctx: Context) -> pl.DataFrame:
    """Settled deposits and withdrawals of at least LARGE_MOVEMENT_USD, with their client."""
    kind = ctx.transactions.get_column("transaction_type")
    tx = ctx.transactions.select(
        "transaction_id", "portfolio_id", "transaction_type", "trade_date", "amount_local", "currency_code"
    ).filter((ctx.transactions.get_column("status") == "settled") & kind.is_in(["deposit", "withdrawal"]))
    day = np.searchsorted(ctx.cal.days, _days(tx.get_column("trade_date")))
    currency = tx.get_column("currency_code").replace_strict(
        {c: i for i, c in enumerate(ctx.market.currencies)}, return_dtype=pl.Int64
    )
    usd = tx.get_column("amount_local").cast(pl.Float64).to_numpy() * ctx.market.usd_per_unit[day, currency.to_numpy()]
    return (
        tx.with_columns(pl.Series("usd", usd))
        .filter(pl.col("usd") >= LARGE_MOVEMENT_USD)
        .join(ctx.portfolios.select("portfolio_id", "client_id"), on="portfolio_id")
        .select("transaction_id", "client_id", "transaction_type", "trade_date", "amount_local", "currency_code", "usd")
        .sort("transaction_id")
    )


def regulatory_flags(ctx: Context, risk: pl.DataFrame) -> pl.DataFrame:
    rng = ctx.stream("regulatory_flags")
    as_of = np.datetime64(ctx.config.as_of, "D")
    onboarding = _days(risk.get_column("onboarding_date"))
    n = risk.height
    # politically exposed clients, confirmed by the onboarding screening
    pep = risk.filter(pl.col("pep"))
    pep_flags = pep.select(
        "client_id",
        pl.lit("pep").alias("flag_type"),
        pl.when(pl.col("segment_code") == "uhnw").then(pl.lit("high")).otherwise(pl.lit("medium")).alias("severity"),
        (pl.col("onboarding_date") + pl.duration(days=pl.Series(rng.integers(0, 4, pep.height)))).alias("raised_date"),
        pl.lit("screening").alias("source"),
        pl.lit("resolved").alias("outcome"),
        pl.lit(
            "Politically exposed person confirmed by the onboarding screening; enhanced due diligence applied"
        ).alias("description"),
        pl.lit(None, dtype=pl.Int64).alias("transaction_id"),
        pl.lit(False).alias("can_stay_open"),
    )
    # screening name matches at any time of the relationship
    screening = []
    for flag_type, rate in SCREENING_RATES.items():
        hit = np.flatnonzero(rng.random(n) < rate)
        raised = onboarding[hit] + (rng.random(len(hit)) * (as_of - onboarding[hit]).astype(int)).astype(int)
        k = len(hit)
        if flag_type == "sanctions":
            severity = rng.choice(["high", "critical"], k, p=[0.8, 0.2])
            outcome = np.full(k, "false_positive")
            source = np.full(k, "screening")
            text = np.full(k, "Partial name match against a sanctions list")
        elif flag_type == "pep":
            severity = rng.choice(["low", "medium"], k, p=[0.6, 0.4])
            outcome = rng.choice(["false_positive", "resolved"], k, p=[0.85, 0.15])
            source = np.full(k, "screening")
            text = rng.choice(
                ["Name match against a PEP database", "Possible close associate of a politically exposed person"], k
            )
        else:
            severity = rng.choice(["low", "medium", "high"], k, p=[0.5, 0.4, 0.1])
            outcome = rng.choice(["false_positive", "resolved"], k, p=[0.5, 0.5])
            source = rng.choice(["screening", "manual_review"], k, p=[0.6, 0.4])
            text = rng.choice(
                [
                    "Negative news article naming the client",
                    "Press report of a lawsuit involving the client's business",
                    "Adverse media hit on the client's employer",
                ],
                k,
            )
        screening.append(
            pl.DataFrame(
                {
                    "client_id": risk.get_column("client_id").gather(hit),
                    "flag_type": pl.Series([flag_type] * k, dtype=pl.String),
                    "severity": pl.Series(severity.tolist(), dtype=pl.String),
                    "raised_date": raised,
                    "source": pl.Series(source.tolist(), dtype=pl.String),
                    "outcome": pl.Series(outcome.tolist(), dtype=pl.String),
                    "description": pl.Series(text.tolist(), dtype=pl.String),
                    "transaction_id": pl.Series([None] * k, dtype=pl.Int64),
                    "can_stay_open": pl.Series([True] * k),
                }
            )
        )
    # AML: transaction monitoring a few days after a large cash movement (the latest always flagged)
    moves = _large_movements(ctx)
    probability = np.minimum(
        AML_BASE_PROBABILITY * (moves.get_column("usd").to_numpy() / LARGE_MOVEMENT_USD) ** 0.3, 0.2
    )
    chosen = rng.random(moves.height) < probability
    chosen[-1:] = True  # the latest large movement (transactions are numbered in booking order)
    aml = moves.filter(pl.Series(chosen))
    usd = aml.get_column("usd").to_numpy()
    aml_flags = aml.select(
        "client_id",
        pl.lit("aml").alias("flag_type"),
        pl.Series("severity", np.where(usd < 500_000, "medium", np.where(usd < 2_500_000, "high", "critical"))),
        pl.min_horizontal(
            pl.col("trade_date") + pl.duration(days=pl.Series(rng.integers(1, 6, aml.height))), pl.lit(ctx.config.as_of)
        ).alias("raised_date"),
        pl.lit("transaction_monitoring").alias("source"),
        pl.Series("outcome", rng.choice(["false_positive", "resolved"], aml.height, p=[0.6, 0.4])),
        pl.format(
            "Large {} of {} {} on {} (transaction {}) flagged by transaction monitoring",
            "transaction_type",
            pl.col("amount_local").cast(pl.String),
            "currency_code",
            "trade_date",
            "transaction_id",
        ).alias("description"),
        "transaction_id",
        pl.lit(True).alias("can_stay_open"),
    )
    flags = pl.concat([pep_flags, *screening, aml_flags], how="vertical_relaxed").sort(
        ["raised_date", "client_id", "flag_type"]
    )
    k = flags.height
    median = flags.get_column("flag_type").replace_strict(RESOLUTION_MEDIAN_DAYS, return_dtype=pl.Float64).to_numpy()
    duration = np.maximum(np.ceil(median * np.exp(0.7 * rng.standard_normal(k))), 1).astype(int)
    stay = flags.get_column("can_stay_open").to_numpy()
    duration = np.where(stay, duration, np.minimum(duration, 45))
    raised = _days(flags.get_column("raised_date"))
    unresolved = stay & (raised + duration > as_of)
    # the most recent few flags (the latest AML flag first) are still being worked on
    quota = max(1, round(OPEN_FLAG_RATE * n))
    latest_aml = np.flatnonzero((flags.get_column("flag_type") == "aml").to_numpy())[-1:]  # sorted by raised_date
    recent = np.flatnonzero(stay)[::-1]
    held = np.unique(np.r_[latest_aml, recent[: max(quota - len(latest_aml), 0)]]).astype(int)
    unresolved[held] = True
    resolved = np.where(unresolved, np.datetime64("NaT"), raised + duration).astype("datetime64[D]")
    status = np.where(
        unresolved,
        np.where((as_of - raised).astype(int) <= OPEN_STATUS_DAYS, "open", "under_review"),
        flags.get_column("outcome").to_numpy(),
    )
    return flags.select(
        pl.int_range(1, k + 1, dtype=pl.Int64).alias("flag_id"),
        "client_id",
        "flag_type",
        "severity",
        "raised_date",
        pl.Series("resolved_date", resolved),
        pl.Series("status", status.tolist(), dtype=pl.String),
        "source",
        "description",
        "transaction_id",
    )


def _quarter_ends(ctx: Context) -> np.ndarray:
    months = np.arange(
        np.datetime64(ctx.config.history_start, "M"), np.datetime64(ctx.config.as_of, "M") + 1, dtype="datetime64[M]"
    )
    months = months[months.astype(int) % 3 == 2]
    ends = (months + 1).astype("datetime64[D]") - 1
    return ends[ends <= np.datetime64(ctx.config.as_of, "D")]


def compliance_checks(ctx: Context, kyc: pl.DataFrame) -> pl.DataFrame:
    rng = ctx.stream("compliance_checks")
    strategies = seed("strategies").select(
        pl.col("strategy_code").alias("strategy_type"),
        pl.col("risk_level").cast(pl.Int64).alias("strategy_level"),
        "suitable_risk_profile_code",
    )
    profiles = seed("risk_profiles").select(
        pl.col("risk_profile_code").alias("risk_profile"),
        pl.col("risk_level").cast(pl.Int64).alias("profile_level"),
        "max_single_position_weight",
    )
    portfolios = (
        ctx.portfolios.select("portfolio_id", "client_id", "strategy_type", "inception_date")
        .join(ctx.people.clients.select("client_id", "risk_profile"), on="client_id")
        .join(strategies, on="strategy_type")
        .join(profiles, on="risk_profile")
        .sort("portfolio_id")
    )
    ends = _quarter_ends(ctx)
    quarters = pl.DataFrame({"check_date": ends, "quarter": np.arange(len(ends))})
    periodic = portfolios.join(quarters, how="cross").filter(pl.col("check_date") > pl.col("inception_date"))
    inception = portfolios.with_columns(pl.col("inception_date").alias("check_date"), pl.lit(-1).alias("quarter"))

    # suitability: the strategy against the client's risk profile
    suitability = pl.concat([inception, periodic], how="vertical_relaxed").with_columns(
        pl.lit("suitability").alias("check_type"),
        pl.when(pl.col("suitable_risk_profile_code") == pl.col("risk_profile"))
        .then(pl.lit("pass"))
        .when(pl.col("strategy_level") > pl.col("profile_level"))
        .then(pl.lit("fail"))
        .otherwise(pl.lit("warning"))
        .alias("outcome"),
    )
    suitability = suitability.with_columns(
        pl.when(pl.col("outcome") == "pass")
        .then(pl.format("Strategy {} suits the {} risk profile", "strategy_type", "risk_profile"))
        .when(pl.col("outcome") == "fail")
        .then(
            pl.format(
                "Strategy {} (risk level {}) is riskier than the {} profile (level {})",
                "strategy_type",
                "strategy_level",
                "risk_profile",
                "profile_level",
            )
        )
        .otherwise(
            pl.format(
                "Strategy {} (risk level {}) is more conservative than the {} profile (level {})",
                "strategy_type",
                "strategy_level",
                "risk_profile",
                "profile_level",
            )
        )
        .alias("details")
    )

    # concentration: a small share of warnings and fails, more often in a few portfolios
    prone = pl.Series(rng.random(portfolios.height) < 0.1)
    concentration = periodic.join(
        portfolios.select("portfolio_id", prone.alias("prone")), on="portfolio_id"
    ).with_columns(pl.lit("concentration").alias("check_type"))
    u = rng.random(concentration.height)
    warn = np.where(concentration.get_column("prone").to_numpy(), 0.3, 0.02)
    level = np.where(u < warn * 0.15, 2, np.where(u < warn, 1, 0))
    limit = (pl.col("max_single_position_weight") * 100).round(0).cast(pl.Int64)
    concentration = concentration.with_columns(
        _gather(("pass", "warning", "fail"), level).alias("outcome"),
    ).with_columns(
        pl.when(pl.col("outcome") == "pass")
        .then(pl.format("No single position above the {} profile limit of {}%", "risk_profile", limit))
        .when(pl.col("outcome") == "warning")
        .then(pl.format("Largest position close to the {} profile limit of {}%", "risk_profile", limit))
        .otherwise(pl.format("Largest position above the {} profile limit of {}%", "risk_profile", limit))
        .alias("details")
    )

    # KYC refresh (yearly, Q4): the client's KYC validity on the check date
    verified = (
        kyc.filter((pl.col("status") == "verified") & (pl.col("verification_type") == "identity"))
        .select("client_id", pl.col("verified_date").alias("check_date"), "expiry_date")
        .sort("check_date")
    )
    refresh = (
        periodic.filter(pl.col("check_date").dt.month() == 12)
        .sort("check_date")
        .join_asof(verified, on="check_date", by="client_id", strategy="backward", check_sortedness=False)
        .with_columns(pl.lit("kyc_refresh").alias("check_type"))
    )
    refresh = refresh.with_columns(
        pl.when(pl.col("expiry_date").is_null() | (pl.col("expiry_date") < pl.col("check_date")))
        .then(pl.lit("fail"))
        .when(pl.col("expiry_date") <= pl.col("check_date").dt.offset_by(f"{SOON_DAYS}d"))
        .then(pl.lit("warning"))
        .otherwise(pl.lit("pass"))
        .alias("outcome")
    ).with_columns(
        pl.when(pl.col("outcome") == "pass")
        .then(pl.format("KYC valid until {}", "expiry_date"))
        .when(pl.col("outcome") == "warning")
        .then(pl.format("KYC expires on {}; re-verification due", "expiry_date"))
        .otherwise(
            pl.format(
                "KYC expired on {}; re-verification overdue", pl.col("expiry_date").cast(pl.String).fill_null("(none)")
            )
        )
        .alias("details")
    )

    # trade surveillance: the quarters with trades; a cancelled duplicate entry is an exception
    trades = ctx.transactions.select("portfolio_id", "trade_date", "status").filter(
        ctx.transactions.get_column("transaction_type").is_in(["buy", "sell"])
    )
    quarter = np.searchsorted(ends, _days(trades.get_column("trade_date")), side="left")
    surveyed = (
        trades.select(
            "portfolio_id", pl.Series("quarter", quarter), (pl.col("status") == "cancelled").alias("cancelled")
        )
        .filter(pl.col("quarter") < len(ends))
        .group_by("portfolio_id", "quarter")
        .agg(pl.len().alias("trades"), pl.col("cancelled").sum().alias("cancelled"))
    )
    surveillance = periodic.join(surveyed, on=["portfolio_id", "quarter"]).with_columns(
        pl.lit("trade_surveillance").alias("check_type"),
        pl.when(pl.col("cancelled") > 0).then(pl.lit("warning")).otherwise(pl.lit("pass")).alias("outcome"),
        pl.when(pl.col("cancelled") > 0)
        .then(pl.format("{} trades reviewed; {} cancelled duplicate entry", "trades", "cancelled"))
        .otherwise(pl.format("{} trades reviewed; no exceptions", "trades"))
        .alias("details"),
    )

    columns = ["portfolio_id", "client_id", "check_type", "check_date", "outcome", "details"]
    checks = pl.concat(
        [frame.select(columns) for frame in (suitability, concentration, refresh, surveillance)], how="vertical_relaxed"
    )
    order = pl.col("check_type").replace_strict({t: i for i, t in enumerate(CHECK_TYPES)}, return_dtype=pl.Int64)
    checks = sort_rows(checks, "check_date", "portfolio_id", order)  # unique keys
    officers = _officers(ctx.people.advisors.height)
    return checks.select(
        pl.int_range(1, checks.height + 1, dtype=pl.Int64).alias("check_id"),
        *columns,
        _gather(officers, rng.integers(0, len(officers), checks.height)).alias("reviewed_by"),
    )


def build(ctx: Context) -> dict[str, pl.DataFrame]:
    risk = _client_risk(ctx)
    kyc = kyc_verifications(ctx, risk)
    return {
        "kyc_verifications": kyc,
        "regulatory_flags": regulatory_flags(ctx, risk),
        "compliance_checks": compliance_checks(ctx, kyc),
    }
