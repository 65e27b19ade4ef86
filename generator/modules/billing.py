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
"""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import Context

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
            pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("subscription_id"),
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
    charged = ctx.transactions.filter(pl.col("transaction_type") == "fee").select(
        "transaction_id", "portfolio_id", pl.col("trade_date").alias("invoice_date"), "amount"
    )
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
            pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("invoice_id"),
            pl.format(
                "INV-{}-{}", pl.col("invoice_date").dt.year(), pl.col("transaction_id").cast(pl.String).str.zfill(9)
            ).alias("invoice_number"),
            pl.lit("paid").alias("status"),
            (pl.col("amount").cast(pl.Float64) * 4 / pl.col("months_billed") * 3 / pl.col("average_aum"))
            .round(6)
            .alias("effective_annual_rate"),
        )
    )


def _tax_records(ctx: Context) -> pl.DataFrame:
    """Realised gains by average cost, and income and fees, per portfolio and tax year."""
    settled = ctx.transactions.filter(pl.col("status") == "settled").with_columns(
        pl.col("amount").cast(pl.Float64), pl.col("trade_date").dt.year().alias("tax_year")
    )
    group = ["portfolio_id", "security_id"]
    trades = (
        settled.filter(pl.col("transaction_type").is_in(["buy", "sell"]))
        .sort("transaction_id")
        .with_columns(
            pl.when(pl.col("transaction_type") == "buy")
            .then(pl.col("quantity"))
            .otherwise(-pl.col("quantity"))
            .alias("change"),
            pl.when(pl.col("transaction_type") == "buy").then(pl.col("amount")).otherwise(0.0).alias("buy_cost"),
        )
        .with_columns(pl.col("change").cum_sum().over(group).alias("after"))
        .with_columns((pl.col("after") - pl.col("change")).alias("before"))
        .with_columns((pl.col("before") == 0).cast(pl.Int64).cum_sum().over(group).alias("period"))
        .with_columns(
            pl.when((pl.col("change") < 0) & (pl.col("after") > 0))
            .then((pl.col("after") / pl.col("before")).log())
            .otherwise(0.0)
            .cum_sum()
            .over([*group, "period"])
            .alias("log_factor")
        )
        .with_columns(
            pl.when(pl.col("after") == 0)
            .then(0.0)
            .otherwise(
                (pl.col("buy_cost") * (-pl.col("log_factor")).exp()).cum_sum().over([*group, "period"])
                * pl.col("log_factor").exp()
            )
            .alias("cost_after")
        )
        .with_columns(pl.col("cost_after").shift(1, fill_value=0.0).over(group).alias("cost_before"))
    )
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
        .with_columns(pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("tax_record_id"))
    )


def build(ctx: Context) -> dict[str, pl.DataFrame]:
    return {
        "subscriptions": _subscriptions(ctx),
        "billing_invoices": _invoices(ctx),
        "tax_records": _tax_records(ctx),
    }
