"""The generated data is internally true: checked on the raw files, independently of dbt."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from tests.python.conftest import AS_OF

INFLOWS = ("deposit", "sell", "dividend", "interest")


@pytest.fixture(scope="module")
def settled(raw: dict[str, pl.DataFrame]) -> pl.DataFrame:
    return raw["transactions"].filter(pl.col("status") == "settled").sort("transaction_id")


def test_positions_never_negative(settled: pl.DataFrame) -> None:
    trades = settled.filter(pl.col("transaction_type").is_in(["buy", "sell"])).with_columns(
        pl.when(pl.col("transaction_type") == "buy")
        .then(pl.col("quantity"))
        .otherwise(-pl.col("quantity"))
        .alias("change")
    )
    running = trades.with_columns(pl.col("change").cum_sum().over(["portfolio_id", "security_id"]).alias("position"))
    assert running.height > 0
    assert running["position"].min() >= 0


def test_cash_never_negative_in_booking_order(settled: pl.DataFrame) -> None:
    signed = settled.with_columns(
        pl.when(pl.col("transaction_type").is_in(INFLOWS))
        .then(pl.col("amount"))
        .otherwise(-pl.col("amount"))
        .alias("change")
    )
    running = signed.with_columns(pl.col("change").cum_sum().over("portfolio_id").alias("cash"))
    assert running["cash"].min() >= 0


def test_dividends_equal_position_on_ex_date_times_amount(raw: dict[str, pl.DataFrame], settled: pl.DataFrame) -> None:
    income = settled.filter(pl.col("transaction_type").is_in(["dividend", "interest"]))
    events = raw["dividends"].select("security_id", "pay_date", "ex_date", "amount_per_share")
    income = income.join(
        events, left_on=["security_id", "trade_date"], right_on=["security_id", "pay_date"], how="left"
    )
    assert income["ex_date"].null_count() == 0
    trades = settled.filter(pl.col("transaction_type").is_in(["buy", "sell"])).with_columns(
        pl.when(pl.col("transaction_type") == "buy")
        .then(pl.col("quantity"))
        .otherwise(-pl.col("quantity"))
        .alias("change")
    )
    held = trades.group_by(["portfolio_id", "security_id", "trade_date"]).agg(pl.col("change").sum()).sort("trade_date")
    held = held.with_columns(
        pl.col("change").cum_sum().over(["portfolio_id", "security_id"], order_by="trade_date").alias("held")
    )
    # entitled: the position at the close of the trading day before the ex-date
    check = income.sort(["portfolio_id", "security_id", "ex_date"]).join_asof(
        held.sort(["portfolio_id", "security_id", "trade_date"]),
        left_on="ex_date",
        right_on="trade_date",
        by=["portfolio_id", "security_id"],
        strategy="backward",
        allow_exact_matches=False,
    )
    assert (check["held"] == check["quantity"]).all()
    product = check["quantity"].cast(pl.Float64) * check["amount_per_share"].cast(pl.Float64)
    expected = product.round(2, mode="half_away_from_zero")
    assert ((check["amount_local"].cast(pl.Float64) - expected).abs() <= 1e-9).all()
    assert income.height > 0


def test_trade_prices_within_spread_of_close(raw: dict[str, pl.DataFrame], settled: pl.DataFrame) -> None:
    spreads = pl.read_csv("seeds/security_types.csv").select("security_type", "max_half_spread")
    trades = (
        settled.filter(pl.col("transaction_type").is_in(["buy", "sell"]))
        .join(raw["prices"], left_on=["security_id", "trade_date"], right_on=["security_id", "price_date"])
        .join(raw["securities"].select("security_id", "security_type"), on="security_id")
        .join(spreads, on="security_type")
        .with_columns((pl.col("price").cast(pl.Float64) / pl.col("close_price").cast(pl.Float64) - 1).alias("distance"))
    )
    assert trades.height == settled.filter(pl.col("transaction_type").is_in(["buy", "sell"])).height
    assert (trades["distance"].abs() <= trades["max_half_spread"] + 1e-6).all()
    buys = trades.filter(pl.col("transaction_type") == "buy")
    assert (buys["distance"] >= -1e-6).all()


def test_trades_and_cash_movements_happen_on_trading_days(raw: dict[str, pl.DataFrame]) -> None:
    days = raw["trading_calendar"].filter(pl.col("is_trading_day")).get_column("calendar_date")
    assert raw["transactions"]["trade_date"].is_in(days.implode()).all()
    assert raw["prices"]["price_date"].is_in(days.implode()).all()


def test_foreign_keys_resolve(raw: dict[str, pl.DataFrame]) -> None:
    def resolves(child: str, column: str, parent: str, key: str) -> None:
        values = raw[child].get_column(column).drop_nulls()
        missing = values.filter(~values.is_in(raw[parent].get_column(key).implode()))
        assert missing.len() == 0, f"{child}.{column} -> {parent}.{key}: {missing.head(5).to_list()}"

    resolves("transactions", "portfolio_id", "portfolios", "portfolio_id")
    resolves("transactions", "account_id", "accounts", "account_id")
    resolves("transactions", "security_id", "securities", "security_id")
    resolves("portfolios", "account_id", "accounts", "account_id")
    resolves("portfolios", "client_id", "clients", "client_id")
    resolves("accounts", "client_id", "clients", "client_id")
    resolves("advisor_assignments", "client_id", "clients", "client_id")
    resolves("advisor_assignments", "advisor_id", "advisors", "advisor_id")
    resolves("prices", "security_id", "securities", "security_id")
    resolves("dividends", "security_id", "securities", "security_id")
    account_owner = raw["portfolios"].join(raw["accounts"], on="account_id")
    assert (account_owner["client_id"] == account_owner["client_id_right"]).all()


def test_date_ranges_are_ordered(raw: dict[str, pl.DataFrame]) -> None:
    t = raw["transactions"]
    assert (t["settle_date"] >= t["trade_date"]).all()
    a = raw["advisor_assignments"].drop_nulls("end_date")
    assert (a["end_date"] >= a["start_date"]).all()
    d = raw["dividends"]
    assert (d["pay_date"] > d["ex_date"]).all()
    c = raw["clients"]
    assert (c["birth_date"] < c["onboarding_date"]).all()
    p = raw["portfolios"].join(raw["accounts"], on="account_id")
    assert (p["inception_date"] >= p["opened_date"]).all()
    assert (
        p.drop_nulls("last_rebalance_date")["last_rebalance_date"]
        >= p.drop_nulls("last_rebalance_date")["inception_date"]
    ).all()
    first = (
        raw["transactions"]
        .group_by("portfolio_id")
        .agg(pl.col("trade_date").min())
        .join(raw["portfolios"], on="portfolio_id")
    )
    assert (first["trade_date"] == first["inception_date"]).all()


def test_assignments_are_contiguous_and_start_at_onboarding(raw: dict[str, pl.DataFrame]) -> None:
    a = raw["advisor_assignments"].sort(["client_id", "start_date"])
    nxt = a.with_columns(pl.col("start_date").shift(-1).over("client_id").alias("next_start"))
    closed = nxt.drop_nulls("next_start")
    assert ((closed["next_start"] - closed["end_date"]).dt.total_days() == 1).all()
    assert (
        nxt.filter(pl.col("next_start").is_null())["end_date"].null_count()
        == nxt.filter(pl.col("next_start").is_null()).height
    )
    first = a.group_by("client_id").agg(pl.col("start_date").min()).join(raw["clients"], on="client_id")
    assert (first["start_date"] == first["onboarding_date"]).all()


def test_nothing_after_as_of(raw: dict[str, pl.DataFrame]) -> None:
    as_of = date.fromisoformat(AS_OF)
    from generator.schema import future_columns

    future_ok = future_columns()  # declared in the sources YAML: meta {after_as_of: true}
    assert ("securities", "maturity_date") in future_ok
    for table, frame in raw.items():
        for name, dtype in frame.schema.items():
            if frame[name].null_count() == frame.height or (table, name) in future_ok:
                continue
            if dtype == pl.Date:
                assert frame[name].max() <= as_of, f"{table}.{name}"
            elif isinstance(dtype, pl.Datetime):
                assert frame[name].max().date() <= as_of, f"{table}.{name}"


def test_json_fields_are_valid_json(raw: dict[str, pl.DataFrame]) -> None:
    import json

    clients = raw["clients"]
    for text, family in zip(clients["dependents_info"], clients["family_size"], strict=True):
        dependents = json.loads(text)
        assert isinstance(dependents, list) and len(dependents) < family
    for text in clients["cultural_preferences"]:
        assert set(json.loads(text)) == {
            "communication_style",
            "preferred_channel",
            "observed_holidays",
            "meeting_time",
        }
    for text in raw["portfolios"]["esg_preferences"]:
        assert set(json.loads(text)) == {"exclude_sectors", "min_esg_score", "impact_themes"}


def test_portfolios_never_buy_sectors_they_exclude(raw: dict[str, pl.DataFrame]) -> None:
    import json

    excluded = (
        raw["portfolios"]
        .select(
            "portfolio_id",
            pl.col("esg_preferences").map_elements(
                lambda t: json.loads(t)["exclude_sectors"], return_dtype=pl.List(pl.String)
            ),
        )
        .explode("esg_preferences")
    )
    bought = (
        raw["transactions"]
        .filter(pl.col("transaction_type") == "buy")
        .join(raw["securities"].select("security_id", "sector_code"), on="security_id")
        .select("portfolio_id", "sector_code")
        .unique()
    )
    assert excluded.drop_nulls().height > 0
    clash = bought.join(excluded, left_on=["portfolio_id", "sector_code"], right_on=["portfolio_id", "esg_preferences"])
    assert clash.height == 0
