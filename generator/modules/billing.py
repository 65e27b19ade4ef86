"""Billing and tax: subscriptions to a service plan, quarterly invoices, and annual tax records.

- Subscriptions: every client subscribes to the plan of its segment at onboarding; about 15%
  change plan once (the old subscription ends the day before the new one starts).
- Invoices: one per quarterly fee the simulation charged (billed in arrears on the average of
  the quarter's month-end values, tiered by the portfolio's fee schedule, pro rata to the months
  held). The invoice is what was debited: a documented share of them is wrong
  (generator.simulation.WRONG_INVOICE_RATE: basis overstated or rate misapplied), so billing
  reconciliation can find them. About four invoices per portfolio a year.
- Tax records: per portfolio (account) and calendar tax year with activity, the realised gains
  (average cost, in the base currency), dividends, interest and fees booked that year.

All three are the shard's (about its clients and portfolios): keys from ctx.id_column, in the
shard's row order. An invoice number carries its fee transaction's id, unique across shards.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import Context
from generator.modules._segments import Segments, int_cumsum
from generator.ordering import stable_argsort

PLANS = {"mass_affluent": "digital_advice", "hnw": "wealth_management", "uhnw": "private_office"}
PLAN_CHANGE_RATE = 0.15


def _subscriptions(ctx: Context) -> pl.DataFrame:
    rng = ctx.stream("subscriptions")
    clients = ctx.people.clients.select("client_id", "segment_code", "onboarding_date")
    n = clients.height
    as_of = np.datetime64(ctx.config.as_of, "D")
    onboarding = clients.get_column("onboarding_date").to_numpy().astype("datetime64[D]")
    span = (as_of - onboarding).astype(int)
    changed = (rng.random(n) < PLAN_CHANGE_RATE) & (span > 60)
    change = onboarding + (rng.uniform(0.2, 0.9, n) * span).astype(int)
    plans = list(dict.fromkeys(PLANS.values()))
    current = clients.get_column("segment_code").replace_strict(PLANS, return_dtype=pl.String)
    previous = pl.Series(plans).gather(rng.integers(0, len(plans), n))
    first = pl.DataFrame(
        {
            "client_id": clients["client_id"],
            "plan_code": previous.zip_with(pl.Series(changed), current),
            "start_date": onboarding,
            "end_date": np.where(changed, change - 1, np.datetime64("NaT")).astype("datetime64[D]"),
        }
    )
    second = pl.DataFrame(
        {
            "client_id": clients["client_id"].filter(changed),
            "plan_code": current.filter(changed),
            "start_date": change[changed],
            "end_date": np.full(int(changed.sum()), np.datetime64("NaT"), dtype="datetime64[D]"),
        }
    )
    return (
        pl.concat([first, second])
        .sort(["client_id", "start_date"])
        .with_columns(
            ctx.id_column("subscription_id"),
            pl.when(pl.col("end_date").is_null()).then(pl.lit("active")).otherwise(pl.lit("ended")).alias("status"),
            pl.lit("quarterly").alias("billing_frequency"),
            pl.col("end_date").is_null().alias("auto_renew"),
        )
    )


def _invoices(ctx: Context) -> pl.DataFrame:
    portfolios = ctx.portfolios.select("portfolio_id", "account_id", "client_id", "base_currency", "fee_schedule_code")
    fees = ctx.fee_records
    months = ctx.cal.days[ctx.cal.month_starts()].astype("datetime64[M]")
    first_month = months[fees.get_column("first_month").to_numpy()]
    last_month = months[fees.get_column("last_month").to_numpy()]
    charged = ctx.transactions.select(
        "transaction_id", "portfolio_id", pl.col("trade_date").alias("invoice_date"), "amount"
    ).filter(ctx.transactions.get_column("transaction_type") == "fee")
    inception = ctx.portfolios.get_column("inception_date").to_numpy().astype("datetime64[D]")
    rows = fees.get_column("portfolio").to_numpy()
    start = np.maximum(first_month.astype("datetime64[D]"), inception[rows])
    invoices = pl.DataFrame(
        {
            "portfolio_id": portfolios.get_column("portfolio_id").to_numpy()[rows],
            "billing_period_start": start,
            "billing_period_end": (last_month + 1).astype("datetime64[D]") - 1,
            "invoice_date": ctx.cal.days[fees.get_column("day").to_numpy()],
            "months_billed": fees.get_column("months_held"),
            "average_aum": fees.get_column("billed_average_aum"),
        }
    )
    joined = invoices.join(portfolios, on="portfolio_id").join(charged, on=["portfolio_id", "invoice_date"])
    if joined.height != invoices.height:
        raise RuntimeError("every quarterly fee must have exactly one fee transaction")
    return (
        joined.rename({"base_currency": "currency_code"})
        .sort(["invoice_date", "portfolio_id"])
        .with_columns(
            ctx.id_column("invoice_id"),
            pl.format(
                "INV-{}-{}", pl.col("invoice_date").dt.year(), pl.col("transaction_id").cast(pl.String).str.zfill(9)
            ).alias("invoice_number"),
            pl.lit("paid").alias("status"),
            (pl.col("amount").cast(pl.Float64) * 4 / pl.col("months_billed") * 3 / pl.col("average_aum"))
            .round(6)
            .alias("effective_annual_rate"),
        )
    )


def _average_cost(trades: pl.DataFrame) -> pl.DataFrame:
    """Add `before` (quantity held before each trade) and `cost_before` (its average-cost book
    value) to the trades of one booking order. Per (portfolio, security), a sale keeps the cost
    per share, so the cost of the position after trade i is the sum of the buys since it was
    last empty, each scaled by the product of (after / before) of the later sales: kept as a
    running sum of logs. Computed on rows sorted by holding, in numpy, restored to booking order."""
    portfolio = trades.get_column("portfolio_id").to_numpy()
    security = trades.get_column("security_id").to_numpy()
    order = stable_argsort(portfolio * (int(security.max(initial=0)) + 1) + security)
    key_p, key_s = portfolio[order], security[order]
    new_holding = np.r_[True, (key_p[1:] != key_p[:-1]) | (key_s[1:] != key_s[:-1])]
    buy = (trades.get_column("transaction_type") == "buy").to_numpy()[order]
    quantity = trades.get_column("quantity").to_numpy()[order]
    change = np.where(buy, quantity, -quantity)
    after = int_cumsum(change, new_holding)
    before = after - change
    period = Segments(new_holding | (before == 0))  # the holding since it was last empty
    shrink = (change < 0) & (after > 0)
    ratio = pl.Series(np.where(shrink, after, 1) / np.where(shrink, before, 1)).log().to_numpy()
    log_factor = period.float_cumsum(np.where(shrink, ratio, 0.0))
    buy_cost = np.where(buy, trades.get_column("amount").to_numpy()[order], 0.0)
    scaled = buy_cost * pl.Series(-log_factor).exp().to_numpy()
    cost_after = np.where(after == 0, 0.0, period.float_cumsum(scaled) * pl.Series(log_factor).exp().to_numpy())
    cost_before = np.where(new_holding, 0.0, np.r_[0.0, cost_after[:-1]])
    restore = np.empty_like(order)
    restore[order] = np.arange(len(order))
    return trades.with_columns(pl.Series("before", before[restore]), pl.Series("cost_before", cost_before[restore]))


def _tax_records(ctx: Context) -> pl.DataFrame:
    """Realised gains by average cost, and income and fees, per portfolio and tax year."""
    settled = ctx.transactions.select(  # converted before the filter (which then copies floats, not decimals)
        "portfolio_id",
        "security_id",
        "transaction_type",
        "trade_date",
        "quantity",
        pl.col("amount").cast(pl.Float64),
        pl.col("trade_date").dt.year().alias("tax_year"),
    ).filter(ctx.transactions.get_column("status") == "settled")
    # the transactions are numbered in row order: the trades stay in transaction_id order
    trades = _average_cost(settled.filter(pl.col("transaction_type").is_in(["buy", "sell"])))
    gains = (
        trades.filter(pl.col("transaction_type") == "sell")
        .with_columns((pl.col("amount") - pl.col("cost_before") * pl.col("quantity") / pl.col("before")).alias("gain"))
        .group_by(["portfolio_id", "tax_year"])
        .agg(pl.col("gain").sum().alias("realised_gains"), pl.col("amount").sum().alias("sale_proceeds"))
    )
    flows = settled.group_by(["portfolio_id", "tax_year"]).agg(
        pl.col("amount").filter(pl.col("transaction_type") == "dividend").sum().alias("dividends"),
        pl.col("amount").filter(pl.col("transaction_type") == "interest").sum().alias("interest"),
        pl.col("amount").filter(pl.col("transaction_type") == "fee").sum().alias("fees"),
    )
    accounts = ctx.book.accounts.select("account_id", "account_type", "tax_treatment")
    portfolios = ctx.portfolios.select(
        "portfolio_id", "account_id", "client_id", pl.col("base_currency").alias("currency_code")
    )
    return (
        flows.join(gains, on=["portfolio_id", "tax_year"], how="left")
        .join(portfolios, on="portfolio_id")
        .join(accounts, on="account_id")
        .with_columns(
            pl.col("realised_gains").fill_null(0.0).round(2),
            pl.col("sale_proceeds").fill_null(0.0).round(2),
            pl.col("dividends").round(2),
            pl.col("interest").round(2),
            pl.col("fees").round(2),
        )
        .with_columns(
            pl.when(pl.col("tax_treatment") == "taxable")
            .then(pl.col("realised_gains") + pl.col("dividends") + pl.col("interest") - pl.col("fees"))
            .otherwise(0.0)
            .round(2)
            .alias("taxable_income")
        )
        .sort(["tax_year", "portfolio_id"])
        .with_columns(ctx.id_column("tax_record_id"))
    )


def build(ctx: Context) -> dict[str, pl.DataFrame]:
    return {
        "subscriptions": _subscriptions(ctx),
        "billing_invoices": _invoices(ctx),
        "tax_records": _tax_records(ctx),
    }
