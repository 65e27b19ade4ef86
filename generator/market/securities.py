"""The security master: stocks, equity and bond ETFs, bonds, alternatives and money market funds,
with their sector, region, currency, income (dividend yield, coupon), duration, rating, ESG
score and, for stocks, a market capitalisation (the size that sets, with the sector, how
volatile the stock is: generator/market/stocks.py)."""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.config import Config
from generator.pools import Pools
from generator.reference import seed
from generator.rng import stream

N_STOCKS = 240
N_EQUITY_ETFS = 24
N_BONDS = 48
N_BOND_ETFS = 8
N_ALTERNATIVES = 12
# Stocks' market capitalisation, log-normal: a median of 8 bn USD and a log standard deviation
# of 1.4 put about 16% of the stocks under 2 bn (small caps) and 4% over 100 bn, roughly the
# spread of the US-listed stocks a wealth manager's clients hold; clipped to 0.2 bn - 1,500 bn.
MARKET_CAP_MEDIAN_USD = 8e9
MARKET_CAP_LOG_SD = 1.4
MARKET_CAP_RANGE_USD = (2e8, 1.5e12)


def build_securities(config: Config, pools: Pools) -> pl.DataFrame:
    rng = stream(config.seed, "securities")
    regions = seed("regions")
    sectors = seed("sectors")
    equity_sectors = (
        sectors.filter((pl.col("asset_class_code") == "equity") & (pl.col("sector_code") != "broad_market"))
        .get_column("sector_code")
        .to_numpy()
    )
    region_codes = regions.get_column("region_code").to_numpy()
    home_ccy = dict(zip(regions["region_code"], regions["home_currency_code"], strict=True))
    region_p = np.array([0.45, 0.18, 0.10, 0.07, 0.12, 0.08])

    def stock_currency(region: np.ndarray) -> np.ndarray:
        ccy = np.array([home_ccy[r] for r in region], dtype=object)
        canadian = (region == "north_america") & (rng.random(len(region)) < 0.15)
        ccy[canadian] = "CAD"
        return ccy

    parts: list[dict[str, np.ndarray]] = []
    region = rng.choice(region_codes, N_STOCKS, p=region_p)
    parts.append(
        {
            "security_type": np.full(N_STOCKS, "stock"),
            "asset_class_code": np.full(N_STOCKS, "equity"),
            "sector_code": rng.choice(equity_sectors, N_STOCKS),
            "region_code": region,
            "currency_code": stock_currency(region),
            "security_name": rng.choice(pools.companies, N_STOCKS),
        }
    )
    region = np.resize(region_codes, N_EQUITY_ETFS)
    parts.append(
        {
            "security_type": np.full(N_EQUITY_ETFS, "etf"),
            "asset_class_code": np.full(N_EQUITY_ETFS, "equity"),
            "sector_code": np.full(N_EQUITY_ETFS, "broad_market"),
            "region_code": region,
            "currency_code": np.array([home_ccy[r] for r in region], dtype=object),
            "security_name": np.array(
                [f"{rng.choice(pools.issuers)} {r.replace('_', ' ').title()} Equity ETF" for r in region]
            ),
        }
    )
    bond_ccy = rng.choice(["USD", "EUR", "GBP", "CHF", "CAD"], N_BONDS, p=[0.6, 0.2, 0.1, 0.05, 0.05])
    government = rng.random(N_BONDS) < 0.4
    ccy_region = {
        "USD": "north_america",
        "EUR": "europe",
        "GBP": "united_kingdom",
        "CHF": "switzerland",
        "CAD": "north_america",
    }
    parts.append(
        {
            "security_type": np.full(N_BONDS, "bond"),
            "asset_class_code": np.full(N_BONDS, "fixed_income"),
            "sector_code": np.where(government, "government", "corporate"),
            "region_code": np.array([ccy_region[c] for c in bond_ccy]),
            "currency_code": bond_ccy,
            "security_name": np.where(
                government, np.array([f"{c} Government" for c in bond_ccy]), rng.choice(pools.companies, N_BONDS)
            ),
        }
    )
    etf_ccy = np.resize(np.array(["USD", "EUR", "USD", "GBP"]), N_BOND_ETFS)
    etf_sector = np.resize(np.array(["government", "corporate"]), N_BOND_ETFS)
    parts.append(
        {
            "security_type": np.full(N_BOND_ETFS, "etf"),
            "asset_class_code": np.full(N_BOND_ETFS, "fixed_income"),
            "sector_code": etf_sector,
            "region_code": np.array([ccy_region[c] for c in etf_ccy]),
            "currency_code": etf_ccy,
            "security_name": np.array(
                [
                    f"{rng.choice(pools.issuers)} {c} {s.title()} Bond ETF"
                    for c, s in zip(etf_ccy, etf_sector, strict=True)
                ]
            ),
        }
    )
    alt_sector = np.resize(np.array(["real_assets", "commodities"]), N_ALTERNATIVES)
    alt_ccy = np.resize(np.array(["USD", "USD", "EUR", "USD", "GBP", "USD"]), N_ALTERNATIVES)
    parts.append(
        {
            "security_type": np.full(N_ALTERNATIVES, "etf"),
            "asset_class_code": np.full(N_ALTERNATIVES, "alternatives"),
            "sector_code": alt_sector,
            "region_code": np.array([ccy_region[c] for c in alt_ccy]),
            "currency_code": alt_ccy,
            "security_name": np.array(
                [f"{rng.choice(pools.issuers)} {s.replace('_', ' ').title()} Fund" for s in alt_sector]
            ),
        }
    )
    mmf_ccy = np.array(["USD", "EUR", "GBP", "CHF", "CAD"])
    parts.append(
        {
            "security_type": np.full(len(mmf_ccy), "money_market_fund"),
            "asset_class_code": np.full(len(mmf_ccy), "cash"),
            "sector_code": np.full(len(mmf_ccy), "money_market"),
            "region_code": np.array([ccy_region[c] for c in mmf_ccy]),
            "currency_code": mmf_ccy,
            "security_name": np.array([f"{rng.choice(pools.issuers)} {c} Money Market Fund" for c in mmf_ccy]),
        }
    )
    frame = pl.concat([pl.DataFrame({k: v.astype(str) for k, v in part.items()}) for part in parts])
    n = frame.height
    kind = frame.get_column("security_type").to_numpy()
    sector = frame.get_column("sector_code").to_numpy()
    is_bond = kind == "bond"
    payer = (kind == "stock") & (rng.random(n) < 0.6) | (kind == "etf") & (
        frame["asset_class_code"].to_numpy() != "fixed_income"
    )
    dividend_yield = np.where(payer, np.round(rng.uniform(0.008, 0.04, n), 4), np.nan)
    dividend_yield = np.where(sector == "real_assets", np.round(rng.uniform(0.03, 0.05, n), 4), dividend_yield)
    dividend_yield = np.where(sector == "commodities", np.nan, dividend_yield)
    coupon = np.where(
        is_bond | (frame["asset_class_code"].to_numpy() == "fixed_income"),
        np.round(rng.uniform(0.01, 0.06, n) * 800) / 800,
        np.nan,
    )
    coupon = np.where(is_bond, coupon, np.nan)
    bond_etf = (kind == "etf") & (frame["asset_class_code"].to_numpy() == "fixed_income")
    dividend_yield = np.where(bond_etf, np.round(rng.uniform(0.02, 0.045, n), 4), dividend_yield)
    duration = np.where(is_bond | bond_etf, rng.uniform(2, 12, n), 0.0)
    years = np.ceil(duration * 1.15).astype(int) + 1
    maturity = np.where(is_bond, np.datetime64(config.as_of, "D").astype("datetime64[Y]") + years, np.datetime64("NaT"))
    maturity_date = np.where(is_bond, maturity.astype("datetime64[D]") + rng.integers(0, 365, n), np.datetime64("NaT"))
    ratings_gov = np.array(["AAA", "AA+", "AA"])
    ratings_corp = np.array(["AA-", "A+", "A", "A-", "BBB+", "BBB", "BBB-", "BB+", "BB"])
    rating = np.where(sector == "government", rng.choice(ratings_gov, n), rng.choice(ratings_corp, n))
    rating = np.where(is_bond, rating, None)
    esg_base = {
        "energy": 35.0,
        "materials": 45.0,
        "utilities": 55.0,
        "information_technology": 65.0,
        "health_care": 62.0,
    }
    esg_mean = np.array([esg_base.get(s, 58.0) for s in sector])
    esg = np.clip(np.round(esg_mean + rng.normal(0, 14, n), 1), 1, 99)
    esg = np.where(kind == "money_market_fund", np.nan, esg)
    tickers = _tickers(rng, n)
    names = frame.get_column("security_name").to_numpy().astype(object)
    names = np.where(
        is_bond,
        [
            f"{nm} {c * 100:.3f}% {str(m)[:4]}"
            for nm, c, m in zip(names, np.nan_to_num(coupon), maturity_date, strict=True)
        ],
        names,
    )
    listing = np.datetime64(config.history_start, "D") - rng.integers(365, 365 * 30, n)
    # drawn last, so that the other columns' draws are those of the master before it had sizes
    cap = np.clip(np.exp(rng.normal(np.log(MARKET_CAP_MEDIAN_USD), MARKET_CAP_LOG_SD, n)), *MARKET_CAP_RANGE_USD)
    market_cap = np.where(kind == "stock", np.round(cap, -6), np.nan)  # to the million
    return frame.with_columns(
        pl.Series("security_id", np.arange(1, n + 1, dtype=np.int64)),
        pl.Series("ticker", tickers),
        pl.Series("security_name", names.astype(str)),
        pl.Series("dividend_yield", dividend_yield),
        pl.Series("coupon_rate", coupon),
        pl.Series("duration_years", np.where(duration > 0, np.round(duration, 2), np.nan)),
        pl.Series("maturity_date", maturity_date.astype("datetime64[D]")),
        pl.Series("credit_rating", rating.tolist(), dtype=pl.String),
        pl.Series("esg_score", esg),
        pl.Series("listing_date", listing),
        pl.Series("market_cap_usd", market_cap),
    ).with_columns(
        pl.col(c).fill_nan(None)
        for c in ("dividend_yield", "coupon_rate", "duration_years", "esg_score", "market_cap_usd")
    )


def _tickers(rng: np.random.Generator, n: int) -> np.ndarray:
    letters = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < n:
        length = int(rng.integers(3, 5))
        ticker = "".join(rng.choice(letters, length))
        if ticker not in seen:
            seen.add(ticker)
            out.append(ticker)
    return np.array(out)
