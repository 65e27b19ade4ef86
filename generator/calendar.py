"""Trading calendar: weekdays that are not NYSE holidays (from the `holidays` library)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import holidays
import numpy as np
import polars as pl


@dataclass(frozen=True)
class TradingCalendar:
    days: np.ndarray  # datetime64[D] of trading days, ascending
    all_days: pl.DataFrame  # every calendar day with is_trading_day and holiday_name

    @property
    def n(self) -> int:
        return len(self.days)

    def index_on_or_after(self, when: np.ndarray) -> np.ndarray:
        """Index of the first trading day on or after each date."""
        return np.searchsorted(self.days, when.astype("datetime64[D]"), side="left")

    def month_starts(self) -> np.ndarray:
        """Indices of the first trading day of each month."""
        months = self.days.astype("datetime64[M]")
        return np.flatnonzero(np.r_[True, months[1:] != months[:-1]])

    def offset(self, index: np.ndarray, days: int) -> np.ndarray:
        """The trading day `days` after each index, capped at the last day."""
        return np.minimum(index + days, self.n - 1)


def build_calendar(start: date, end: date) -> TradingCalendar:
    exchange = holidays.financial_holidays("NYSE", years=range(start.year, end.year + 1))
    count = (end - start).days + 1
    every = [start + timedelta(days=i) for i in range(count)]
    names = [exchange.get(day) for day in every]
    trading = [day.weekday() < 5 and name is None for day, name in zip(every, names, strict=True)]
    frame = pl.DataFrame(
        {"calendar_date": every, "is_trading_day": trading, "holiday_name": names},
        schema={"calendar_date": pl.Date, "is_trading_day": pl.Boolean, "holiday_name": pl.String},
    )
    days = np.array([d for d, t in zip(every, trading, strict=True) if t], dtype="datetime64[D]")
    return TradingCalendar(days=days, all_days=frame)
