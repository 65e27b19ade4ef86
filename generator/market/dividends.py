"""Dividends and coupons: quarterly dividends (a quarter of the yield times the close before the
ex-date) and semi-annual coupons (half the coupon per 100 of face value), the ex-date on the
4th-9th trading day of a month and the pay date PAY_LAG_DAYS trading days later."""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.calendar import TradingCalendar
from generator.config import Config
from generator.rng import stream

PAY_LAG_DAYS = 5  # trading days from ex-date to pay date


def distributions(config: Config, cal: TradingCalendar, sec: pl.DataFrame, close: np.ndarray) -> pl.DataFrame:
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
