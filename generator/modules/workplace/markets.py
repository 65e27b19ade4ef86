"""Markets: each security trades on the market of its (region, currency) pair (LISTINGS below): US
dollar North American securities on XNYS, Canadian dollar ones on XTSE, euro European ones on XETR,
sterling UK ones on XLON, Swiss franc ones on XSWX, yen Asia-Pacific ones on XTKS and US dollar
emerging-market securities as US listings (ADRs and ETFs) on XNAS. `security_listings` holds the
mapping; `global_markets` one row per market used. Both are made once for the firm."""

from __future__ import annotations

import polars as pl

from generator.context import FirmContext

# market code, name, country, region of the exchange, currency, time zone, open, close (local time)
MARKETS = (
    ("XNYS", "New York Stock Exchange", "US", "north_america", "USD", "America/New_York", "09:30", "16:00"),
    ("XNAS", "Nasdaq Stock Market", "US", "north_america", "USD", "America/New_York", "09:30", "16:00"),
    ("XTSE", "Toronto Stock Exchange", "CA", "north_america", "CAD", "America/Toronto", "09:30", "16:00"),
    ("XETR", "Deutsche Boerse Xetra", "DE", "europe", "EUR", "Europe/Berlin", "09:00", "17:30"),
    ("XLON", "London Stock Exchange", "GB", "united_kingdom", "GBP", "Europe/London", "08:00", "16:30"),
    ("XSWX", "SIX Swiss Exchange", "CH", "switzerland", "CHF", "Europe/Zurich", "09:00", "17:30"),
    ("XTKS", "Tokyo Stock Exchange", "JP", "asia_pacific", "JPY", "Asia/Tokyo", "09:00", "15:30"),
)
# (security region, security currency) -> market code
LISTINGS = {
    ("north_america", "USD"): "XNYS",
    ("emerging_markets", "USD"): "XNAS",
    ("north_america", "CAD"): "XTSE",
    ("europe", "EUR"): "XETR",
    ("united_kingdom", "GBP"): "XLON",
    ("switzerland", "CHF"): "XSWX",
    ("asia_pacific", "JPY"): "XTKS",
}


def global_markets(ctx: FirmContext) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The markets the securities trade in, and each security's market."""
    securities = ctx.market.securities.select("security_id", "region_code", "currency_code")
    pairs = list(zip(securities["region_code"], securities["currency_code"], strict=True))
    unknown = sorted(set(pairs) - set(LISTINGS))
    if unknown:
        raise RuntimeError(f"workplace: no market for securities of (region, currency) {unknown}")
    used = {LISTINGS[pair] for pair in pairs}
    markets = pl.DataFrame(
        [market for market in MARKETS if market[0] in used],
        schema=[
            "market_code",
            "market_name",
            "country_code",
            "region_code",
            "currency_code",
            "time_zone",
            "open_time",
            "close_time",
        ],
        orient="row",
    ).with_columns(pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("market_id"))
    market_id = dict(zip(markets["market_code"], markets["market_id"], strict=True))
    listings = pl.DataFrame(
        {
            "security_id": securities.get_column("security_id"),
            "market_id": pl.Series([market_id[LISTINGS[pair]] for pair in pairs], dtype=pl.Int64),
        }
    )
    return markets, listings
