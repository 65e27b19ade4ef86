"""Helpers shared by the workplace tables: timestamps from days and seconds, durations from hours,
Poisson events per client over its window, and the client's advisor on a day."""

from __future__ import annotations

import numpy as np

from generator.context import Context
from generator.modules._common import advisor_at

US = "datetime64[us]"


def _at(day: np.ndarray, seconds: np.ndarray) -> np.ndarray:
    """Timestamps (datetime64[us]) from days and seconds into the day."""
    return (day.astype("datetime64[s]") + seconds.astype(np.int64).astype("timedelta64[s]")).astype(US)


def _hours(hours: np.ndarray) -> np.ndarray:
    """A duration in whole seconds (timedelta64[us]) from hours."""
    return np.rint(hours * 3600).astype(np.int64).astype("timedelta64[s]").astype("timedelta64[us]")


def _days(values: np.ndarray) -> np.ndarray:
    return values.astype("datetime64[D]")


def _advisor_at(ctx: Context, client_id: np.ndarray, day: np.ndarray) -> np.ndarray:
    return advisor_at(ctx, client_id, day, "workplace: a record")
