"""KYC & compliance: the regulatory_flags table.

regulatory_flags: PEP flags raised at onboarding screening for the politically exposed clients,
screening name matches (PEP, sanctions, adverse media; mostly false positives) and AML flags
raised by transaction monitoring a few days after a real large deposit or withdrawal (at least
100,000 USD) in the transactions. Most are resolved; the most recent few are still open or
under review on the as-of date (the latest AML flag among them). A few percent of clients are
ever flagged, about 0.07 flags per client.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import Context
from generator.modules.compliance._shared import _days

# regulatory flags: per-client rates of screening name matches over the relationship
SCREENING_RATES = {"pep": 0.012, "sanctions": 0.008, "adverse_media": 0.01}
RESOLUTION_MEDIAN_DAYS = {"aml": 25.0, "pep": 10.0, "sanctions": 3.0, "adverse_media": 14.0}
LARGE_MOVEMENT_USD = 100_000.0
AML_BASE_PROBABILITY = 0.02
OPEN_FLAG_RATE = 0.004  # share of clients with a flag held open (at least one flag)
OPEN_STATUS_DAYS = 14  # unresolved flags older than this are under review


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
        ctx.id_column("flag_id"),
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
