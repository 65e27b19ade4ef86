"""API versions (made once for the firm):

- api_versions: the public API's releases, roughly one a year.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import FirmContext
from generator.modules._common import gather

API_FEATURES = (
    "portfolio performance endpoints",
    "goal projections",
    "document downloads",
    "webhooks for statements",
    "multi-currency valuations",
    "ESG scores on holdings",
    "pagination cursors",
    "tax-lot details",
    "advisor notes",
    "OAuth 2.1 device flow",
)
API_FIXES = (
    "rounding of FX-converted amounts",
    "time zones of trade timestamps",
    "duplicate dividends in the activity feed",
    "rate-limit headers",
    "sorting of holdings",
    "error codes of expired tokens",
)


def _api_versions(ctx: FirmContext) -> pl.DataFrame:
    rng = ctx.stream("api_versions")
    as_of = np.datetime64(ctx.config.as_of, "D")
    start = np.datetime64(ctx.config.history_start, "D") - 730
    gaps = rng.integers(240, 480, 64)
    released = start + np.r_[0, np.cumsum(gaps)]
    released = released[released <= as_of - 30]
    n = len(released)
    major = np.r_[1, 1 + np.cumsum(rng.random(n - 1) < 0.3)]
    minor = np.zeros(n, dtype=np.int64)
    for i in range(1, n):  # a loop over a few releases
        minor[i] = 0 if major[i] != major[i - 1] else minor[i - 1] + 1
    deprecated = np.r_[released[1:], np.datetime64("NaT")].astype("datetime64[D]")
    sunset = deprecated + 365
    sunset = np.where(sunset <= as_of, sunset, np.datetime64("NaT")).astype("datetime64[D]")
    status = np.where(np.isnat(deprecated), "current", np.where(np.isnat(sunset), "deprecated", "retired"))
    feature = gather(API_FEATURES, rng.integers(0, len(API_FEATURES), n))
    fix = gather(API_FIXES, rng.integers(0, len(API_FIXES), n))
    return pl.DataFrame(
        {
            "api_version_id": np.arange(1, n + 1, dtype=np.int64),
            "version": pl.DataFrame({"a": major, "b": minor}).select(pl.format("v{}.{}", "a", "b")).to_series(),
            "released_date": released,
            "deprecated_date": deprecated,
            "sunset_date": sunset,
            "is_current": np.isnat(deprecated),
            "status": status.tolist(),
            "changelog": pl.DataFrame({"f": feature, "x": fix, "m": minor})
            .select(
                pl.when(pl.col("m") == 0)
                .then(pl.format("New major version: {}; breaking changes to the authentication flow", "f"))
                .otherwise(pl.format("Added {}; fixed {}", "f", "x"))
            )
            .to_series(),
        }
    )
