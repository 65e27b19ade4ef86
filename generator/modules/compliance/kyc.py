"""KYC & compliance: the kyc_verifications table.

kyc_verifications: every client is verified at onboarding (identity, address, source of funds,
plus enhanced due diligence when rated high risk) and re-verified shortly before each expiry;
the validity is 3, 2 or 1 years for a low, medium or high risk rating (high: politically exposed
persons, ultra-high-net-worth clients; medium: high net worth, cross-border or cash-intensive
industries). A few documents are rejected and resubmitted. On the as-of date a few percent of
clients have a lapsed KYC (the re-verification never happened) and a few percent expire within
30 days; part of them have a recent pending re-verification. About 10 rows per client over a
ten-year relationship.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import Context
from generator.modules.compliance._shared import SOON_DAYS, _days, _gather, _officers

LAPSED_RATE = 0.03  # clients whose latest KYC is forced to have lapsed on the as-of date
SOON_RATE = 0.025  # clients forced to expire within 30 days (on top of those that do naturally)
LATE_RENEWAL_RATE = 0.06  # historical re-verifications done after the expiry
REJECTION_RATE = 0.05  # re-verifications with a document rejected first
PENDING_RATE = 0.6  # expired or expiring clients with a pending re-verification
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
        ctx.id_column("verification_id"),
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
