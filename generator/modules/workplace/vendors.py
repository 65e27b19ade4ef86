"""The firm's third-party vendors and their contracts (`third_party_vendors`; made once for the firm)."""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import FirmContext

# service, base annual cost (USD), risk rating
VENDORS = (
    ("market_data", 260_000.0, "high"),
    ("market_data", 95_000.0, "medium"),
    ("pricing", 120_000.0, "high"),
    ("custody", 420_000.0, "critical"),
    ("custody", 180_000.0, "critical"),
    ("kyc_screening", 85_000.0, "high"),
    ("cloud_hosting", 310_000.0, "critical"),
    ("cloud_hosting", 60_000.0, "medium"),
    ("crm", 75_000.0, "medium"),
    ("e_signature", 24_000.0, "low"),
    ("document_storage", 38_000.0, "medium"),
    ("cybersecurity", 110_000.0, "high"),
    ("email_delivery", 14_000.0, "low"),
    ("tax_reporting", 52_000.0, "medium"),
)
EXPIRED_VENDORS = 3  # the last contracts drawn ended before the as-of date


def third_party_vendors(ctx: FirmContext) -> pl.DataFrame:
    rng = ctx.stream("third_party_vendors")
    n = len(VENDORS)
    as_of = np.datetime64(ctx.config.as_of, "D")
    names = ctx.pools.companies[rng.choice(len(ctx.pools.companies), n, replace=False)]
    expired = np.arange(n) >= n - EXPIRED_VENDORS
    start = np.where(expired, as_of - rng.integers(5 * 365, 9 * 365, n), as_of - rng.integers(60, 4 * 365, n))
    term = np.where(expired, rng.integers(1, 4, n), rng.integers(3, 7, n)) * 365 + rng.integers(0, 30, n)
    end = np.where(expired, np.minimum(start + term, as_of - 30), start + term)
    base = np.array([cost for _, cost, _ in VENDORS])
    cost = np.rint(base * np.exp(0.25 * rng.standard_normal(n)) * 100) / 100
    return pl.DataFrame(
        {
            "vendor_id": np.arange(1, n + 1, dtype=np.int64),
            "vendor_name": pl.Series(list(names), dtype=pl.String),
            "service": [service for service, _, _ in VENDORS],
            "contract_start": start,
            "contract_end": end,
            "contract_status": np.where(end >= as_of, "active", "expired"),
            "annual_cost": cost,
            "currency_code": "USD",
            "risk_rating": [rating for _, _, rating in VENDORS],
        }
    )
