"""Market data: security master, factor-model prices, FX, risk-free rate, benchmarks, dividends.

Daily log returns of every security come from one factor model:

    r = beta * market + sector + region_loading * region + idiosyncratic

The market factor has GARCH(1,1) volatility with Student-t shocks (fat tails, clustering)
and a crash regime (a drawdown of about a third) placed at a fixed fraction of the history.
Sector and region factors and the idiosyncratic noise are Student-t too, scaled by the
market's current volatility, so correlations and tails rise together in a crisis.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from generator.calendar import TradingCalendar
from generator.config import Config
from generator.pools import Pools
from generator.reference import seed
from generator.rng import stream

TRADING_DAYS = 252
N_STOCKS = 240
N_EQUITY_ETFS = 24
N_BONDS = 48
N_BOND_ETFS = 8
N_ALTERNATIVES = 12
CRASH_AT = 0.45  # fraction of the history where the crash regime starts
CRASH_DAYS = 25
CRASH_LOG_RETURN = -0.40
RECOVERY_DAYS = 250
RECOVERY_LOG_RETURN = 0.20
PAY_LAG_DAYS = 5  # trading days from ex-date to pay date


@dataclass
class Market:
    securities: pl.DataFrame
    close: np.ndarray  # [day, security] close in the security's currency, rounded to 6 dp
    usd_per_unit: np.ndarray  # [day, currency] rounded to 8 dp
    currencies: list[str]
    sec_currency: np.ndarray  # [security] index into currencies
    sec_type: np.ndarray  # [security] security_type code
    sec_asset_class: np.ndarray  # [security] asset_class_code
    max_half_spread: np.ndarray  # [security]
    settlement_days: np.ndarray  # [security]
    events: pl.DataFrame  # dividend and coupon events with day indices
    tables: dict[str, pl.DataFrame]


def _student_t(rng: np.random.Generator, df: float, shape: tuple[int, ...]) -> np.ndarray:
    """Student-t draws scaled to unit variance."""
    return rng.standard_t(df, size=shape) / np.sqrt(df / (df - 2.0))


def _market_factor(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Daily market log returns and conditional volatility (GARCH(1,1), t shocks, crash)."""
    annual_vol, alpha, beta = 0.16, 0.08, 0.90
    long_var = annual_vol**2 / TRADING_DAYS
    omega = long_var * (1 - alpha - beta)
    shocks = _student_t(rng, 5.0, (n,))
    drift = np.full(n, 0.07 / TRADING_DAYS - long_var / 2)
    crash = int(CRASH_AT * n)
    crash_end = min(crash + CRASH_DAYS, n)
    drift[crash:crash_end] += CRASH_LOG_RETURN / CRASH_DAYS
    drift[crash_end : crash_end + RECOVERY_DAYS] += RECOVERY_LOG_RETURN / RECOVERY_DAYS
    returns = np.empty(n)
    sigma = np.empty(n)
    var = long_var
    for t in range(n):
        sigma[t] = np.sqrt(var)
        eps = sigma[t] * shocks[t]
        returns[t] = drift[t] + eps
        var = omega + alpha * eps**2 + beta * var
        if crash <= t < crash_end:
            var = max(var, 4 * long_var)
    return returns, sigma / np.sqrt(long_var)


def _securities(config: Config, pools: Pools) -> pl.DataFrame:
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
    ).with_columns(pl.col(c).fill_nan(None) for c in ("dividend_yield", "coupon_rate", "duration_years", "esg_score"))


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


def _returns(
    config: Config, cal: TradingCalendar, sec: pl.DataFrame, rf_daily: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Daily log returns [day, security] and the market factor's shocks (for FX)."""
    rng = stream(config.seed, "prices")
    n_days, n_sec = cal.n, sec.height
    market, vol_scale = _market_factor(rng, n_days)
    clustering = vol_scale[:, None]
    sectors = seed("sectors")
    regions = seed("regions")
    sector_codes = sectors.get_column("sector_code").to_list()
    region_codes = regions.get_column("region_code").to_list()
    sector_f = (
        _student_t(rng, 5.0, (n_days, len(sector_codes)))
        * sectors["sector_volatility"].to_numpy()
        / np.sqrt(TRADING_DAYS)
        * np.sqrt(clustering)
    )
    region_f = (
        _student_t(rng, 5.0, (n_days, len(region_codes)))
        * regions["region_volatility"].to_numpy()
        / np.sqrt(TRADING_DAYS)
        * np.sqrt(clustering)
    )
    crash = int(CRASH_AT * n_days)
    dy = _student_t(rng, 4.0, (n_days,)) * 0.0055 / np.sqrt(TRADING_DAYS) - 0.25 * (market - market.mean()) * 0.05
    dy[crash : crash + CRASH_DAYS] -= 0.012 / CRASH_DAYS
    kind = sec.get_column("security_type").to_numpy()
    asset = sec.get_column("asset_class_code").to_numpy()
    s_idx = np.array([sector_codes.index(s) for s in sec["sector_code"]])
    r_idx = np.array([region_codes.index(r) for r in sec["region_code"]])
    duration = sec.get_column("duration_years").fill_null(0).to_numpy()
    stock = kind == "stock"
    beta = np.select(
        [
            stock,
            (kind == "etf") & (asset == "equity"),
            asset == "fixed_income",
            sec["sector_code"].to_numpy() == "real_assets",
            asset == "alternatives",
        ],
        [
            rng.uniform(0.7, 1.4, n_sec),
            np.full(n_sec, 1.0),
            np.where(sec["sector_code"].to_numpy() == "corporate", 0.05, 0.0),
            np.full(n_sec, 0.6),
            np.full(n_sec, 0.3),
        ],
        0.0,
    )
    region_loading = np.where(asset == "equity", 1.0, np.where(asset == "alternatives", 0.5, 0.0))
    idio_vol = np.select(
        [stock, asset == "equity", asset == "fixed_income", asset == "alternatives"],
        [rng.uniform(0.18, 0.35, n_sec), np.full(n_sec, 0.03), np.full(n_sec, 0.015), np.full(n_sec, 0.06)],
        0.0,
    )
    idio = _student_t(rng, 4.0, (n_days, n_sec)) * idio_vol / np.sqrt(TRADING_DAYS) * np.sqrt(clustering)
    returns = beta * market[:, None] + sector_f[:, s_idx] + region_loading * region_f[:, r_idx] + idio
    returns -= duration * dy[:, None]
    mmf = kind == "money_market_fund"
    returns[:, mmf] = np.log1p(rf_daily)[:, None]
    returns[0, :] = 0.0
    return returns, market


def _risk_free(config: Config, cal: TradingCalendar) -> tuple[pl.DataFrame, np.ndarray]:
    rng = stream(config.seed, "risk_free_rates")
    n = cal.n
    rate = np.empty(n)
    level, theta, kappa, sigma, dt = 0.015, 0.025, 0.6, 0.006, 1 / TRADING_DAYS
    shocks = rng.standard_normal(n)
    for t in range(n):
        rate[t] = level
        level = max(0.0, level + kappa * (theta - level) * dt + sigma * np.sqrt(dt) * shocks[t])
    annual = np.round(rate, 6)
    daily = np.round(annual / TRADING_DAYS, 10)
    frame = pl.DataFrame({"rate_date": cal.days, "currency_code": "USD", "annual_rate": annual, "daily_rate": daily})
    return frame, daily


def _fx(config: Config, cal: TradingCalendar, market: np.ndarray) -> tuple[list[str], np.ndarray, pl.DataFrame]:
    rng = stream(config.seed, "fx_rates")
    currencies = seed("currencies")
    codes = currencies.get_column("currency_code").to_list()
    z_market = (market - market.mean()) / market.std()
    vol = currencies["annual_volatility"].to_numpy() / np.sqrt(TRADING_DAYS)
    rho = currencies["market_correlation"].to_numpy()
    eps = rng.standard_normal((cal.n, len(codes)))
    log_ret = vol * (rho * z_market[:, None] + np.sqrt(1 - rho**2) * eps)
    log_ret[0, :] = 0.0
    rates = np.round(currencies["usd_per_unit_start"].to_numpy() * np.exp(np.cumsum(log_ret, axis=0)), 8)
    frame = pl.DataFrame(
        {
            "rate_date": np.repeat(cal.days, len(codes)),
            "currency_code": np.tile(np.array(codes), cal.n),
            "usd_per_unit": rates.reshape(-1),
        }
    )
    return codes, rates, frame


def _events(config: Config, cal: TradingCalendar, sec: pl.DataFrame, close: np.ndarray) -> pl.DataFrame:
    """Quarterly dividends and semi-annual coupons, ex-date on the 4th-9th trading day of a month."""
    rng = stream(config.seed, "dividends")
    n_sec = sec.height
    starts = cal.month_starts()
    ends = np.r_[starts[1:], cal.n]
    months = cal.days[starts].astype("datetime64[M]").astype(int) % 12
    dividend_yield = sec.get_column("dividend_yield").fill_null(0).to_numpy()
    coupon = sec.get_column("coupon_rate").fill_null(0).to_numpy()
    period = np.where(coupon > 0, 6, 3)
    phase = rng.integers(0, 6, n_sec) % period
    day_in_month = rng.integers(3, 9, n_sec)
    pays = (dividend_yield > 0) | (coupon > 0)
    m_idx, s_idx = np.nonzero((months[:, None] % period[None, :] == phase[None, :]) & pays[None, :])
    ex = starts[m_idx] + day_in_month[s_idx]
    pay = ex + PAY_LAG_DAYS
    keep = (pay < ends[m_idx]) & (pay < cal.n)
    m_idx, s_idx, ex, pay = m_idx[keep], s_idx[keep], ex[keep], pay[keep]
    is_coupon = coupon[s_idx] > 0
    amount = np.where(is_coupon, coupon[s_idx] / 2 * 100.0, dividend_yield[s_idx] / 4 * close[ex - 1, s_idx])
    order = np.lexsort((s_idx, ex))
    frame = pl.DataFrame(
        {
            "security_index": s_idx[order],
            "ex_index": ex[order],
            "pay_index": pay[order],
            "distribution_type": np.where(is_coupon, "interest", "dividend")[order],
            "amount_per_share": np.round(amount[order], 6),
        }
    )
    return frame.filter(pl.col("amount_per_share") > 0).with_columns(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("dividend_id")
    )


def _benchmarks(cal: TradingCalendar, sec: pl.DataFrame, close: np.ndarray, rf_daily: np.ndarray) -> pl.DataFrame:
    """Total-return index levels: each component is the equal-weighted universe of its asset
    class plus its income yield, blended daily by the benchmark's weights."""
    simple = np.vstack([np.zeros(close.shape[1]), close[1:] / close[:-1] - 1])
    asset = sec.get_column("asset_class_code").to_numpy()
    income = (sec.get_column("dividend_yield").fill_null(0) + sec.get_column("coupon_rate").fill_null(0)).to_numpy()
    component = {
        code: simple[:, asset == code].mean(axis=1) + income[asset == code].mean() / TRADING_DAYS
        for code in ("equity", "fixed_income", "alternatives")
    }
    component["cash"] = rf_daily
    component_zero = {k: np.r_[0.0, v[1:]] for k, v in component.items()}
    weights = seed("benchmark_components")
    frames = []
    for bench in seed("benchmarks").iter_rows(named=True):
        parts = weights.filter(pl.col("benchmark_code") == bench["benchmark_code"])
        daily = sum(w * component_zero[a] for a, w in zip(parts["asset_class_code"], parts["weight"], strict=True))
        level = np.round(bench["base_level"] * np.cumprod(1 + daily), 6)
        frames.append(
            pl.DataFrame({"benchmark_code": bench["benchmark_code"], "level_date": cal.days, "index_level": level})
        )
    return pl.concat(frames)


def build_market(config: Config, cal: TradingCalendar, pools: Pools) -> Market:
    securities = _securities(config, pools)
    rf_frame, rf_daily = _risk_free(config, cal)
    returns, market = _returns(config, cal, securities, rf_daily)
    rng = stream(config.seed, "price_levels")
    kind = securities.get_column("security_type").to_numpy()
    start = np.select(
        [kind == "stock", kind == "etf", kind == "bond"],
        [
            np.clip(np.exp(rng.normal(np.log(60), 0.8, len(kind))), 5, 900),
            rng.uniform(25, 400, len(kind)),
            rng.uniform(94, 106, len(kind)),
        ],
        1.0,
    )
    close = np.round(np.maximum(start * np.exp(np.cumsum(returns, axis=0)), 0.5), 6)
    currencies, usd, fx_frame = _fx(config, cal, market)
    events = _events(config, cal, securities, close)
    types = seed("security_types")
    spread = dict(zip(types["security_type"], types["max_half_spread"], strict=True))
    settle = dict(zip(types["security_type"], types["settlement_days"], strict=True))
    n_sec = securities.height
    securities = securities.with_columns(pl.Series("price_start", close[0]))
    prices = pl.DataFrame(
        {
            "security_id": np.tile(np.arange(1, n_sec + 1, dtype=np.int64), cal.n),
            "price_date": np.repeat(cal.days, n_sec),
            "close_price": close.reshape(-1),
        }
    )
    day = pl.Series(cal.days)
    dividends = events.with_columns(
        (pl.col("security_index") + 1).alias("security_id"),
        day.gather(events["ex_index"]).alias("ex_date"),
        day.gather(events["pay_index"]).alias("pay_date"),
        pl.Series("currency_code", securities["currency_code"].gather(events["security_index"])),
    ).drop("security_index", "ex_index", "pay_index")
    return Market(
        securities=securities,
        close=close,
        usd_per_unit=usd,
        currencies=currencies,
        sec_currency=np.array([currencies.index(c) for c in securities["currency_code"]]),
        sec_type=kind,
        sec_asset_class=securities.get_column("asset_class_code").to_numpy(),
        max_half_spread=np.array([spread[k] for k in kind]),
        settlement_days=np.array([settle[k] for k in kind]),
        events=events,
        tables={
            "securities": securities,
            "prices": prices,
            "fx_rates": fx_frame,
            "risk_free_rates": rf_frame,
            "benchmark_levels": _benchmarks(cal, securities, close, rf_daily),
            "dividends": dividends,
        },
    )
