"""FX rates: US dollars per unit of each currency, a daily log return per currency

    x[t] = sigma / sqrt(252) * s[t] * (rho * z[t] + sqrt(1 - rho^2) * u[t])

with sigma and rho the currency's annual volatility and correlation with the equity market
(seed currencies), z the market factor's return standardised, u the currency's own EGARCH(1,1)
noise (unit long-run variance, Student-t shocks: fat tails and volatility clustering), and
s[t] = regime[t] ^ FX_REGIME_ELASTICITY (the market's volatility over its long run), divided by
its root mean square over the history so that sigma stays the currency's volatility: when the
equity market's volatility doubles, the currencies' rises by about half, and both are highest
in the crash, when the market's moves carry the currencies with them (rho z).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.calendar import TradingCalendar
from generator.config import Config
from generator.market.factors import TRADING_DAYS, egarch_noise, mean_abs_t, student_t
from generator.reference import seed
from generator.rng import stream

# EGARCH(1,1) of major currencies' daily returns: the log variance's persistence about 0.95-0.99
# (Hansen and Lunde 2005 on DM/USD; Andersen and Bollerslev 1998), and a stationary standard
# deviation of 0.25 of the log volatility (major pairs' realised volatility ranges over about a
# factor of two, 5%-15% a year).
FX_VOL_PERSISTENCE = 0.97
FX_LOG_VOL_SD = 0.25
# Student-t shocks of 10 degrees of freedom (kurtosis 4): with the EGARCH and the regime, a daily
# kurtosis of about 4-8, the range of major pairs' (Cont 2001; higher for the yen and the franc).
FX_SHOCK_DF = 10.0
# FX volatility rises with equity volatility in a crisis (2008, March 2020: major pairs' implied
# volatility roughly doubled while equities' tripled to quadrupled), an elasticity of about 0.6.
FX_REGIME_ELASTICITY = 0.6


def fx_rates(
    config: Config, cal: TradingCalendar, market: np.ndarray, regime: np.ndarray
) -> tuple[list[str], np.ndarray, pl.DataFrame]:
    """The currencies, their rates [day, currency] and the table fx_rates."""
    rng = stream(config.seed, "fx_rates")
    currencies = seed("currencies")
    codes = currencies.get_column("currency_code").to_list()
    z_market = (market - market.mean()) / market.std()
    vol = currencies["annual_volatility"].to_numpy() / np.sqrt(TRADING_DAYS)
    rho = currencies["market_correlation"].to_numpy()
    shocks = student_t(rng, FX_SHOCK_DF, (cal.n, len(codes)))
    mean_abs = mean_abs_t(FX_SHOCK_DF)
    gamma = 2 * FX_LOG_VOL_SD * np.sqrt((1 - FX_VOL_PERSISTENCE**2) / (1 - mean_abs**2))
    n_ccy = len(codes)
    own = egarch_noise(shocks, np.full(n_ccy, gamma), np.full(n_ccy, FX_VOL_PERSISTENCE), mean_abs)
    scale = regime**FX_REGIME_ELASTICITY
    scale /= np.sqrt(np.mean(scale**2))
    log_ret = vol * scale[:, None] * (rho * z_market[:, None] + np.sqrt(1 - rho**2) * own)
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
