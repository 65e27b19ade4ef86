"""KYC & compliance: the compliance_checks table.

compliance_checks: per portfolio, a suitability check at inception, quarterly suitability and
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
from generator.modules.compliance._shared import SOON_DAYS, _days, _gather, _officers
from generator.ordering import sort_rows
from generator.reference import seed

CHECK_TYPES = ("suitability", "concentration", "kyc_refresh", "trade_surveillance")


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
        ctx.id_column("check_id"),
        *columns,
        _gather(officers, rng.integers(0, len(officers), checks.height)).alias("reviewed_by"),
    )
