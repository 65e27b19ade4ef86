"""Wealth planning: the liabilities table.

liabilities: mortgage, home_equity, auto_loan, student_loan, credit_line and margin_loan, each
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
"""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import Context
from generator.modules.wealth_planning._shared import _cents, _gather

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
            ctx.id_column("liability_id"),
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
