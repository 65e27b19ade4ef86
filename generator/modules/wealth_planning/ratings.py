"""Wealth planning: the security_ratings table.

security_ratings: every bond is rated by agency_a and agency_b, and by agency_c for all
governments and half of the corporates, on the S&P-style scale of RATING_SCALE. Each series
starts at the bond's listing (action initial) and has a few upgrades and downgrades over the
history (about 0.15 a year), plus downgrades in the months after the market crash (CRASH_AT of
the history) for 50% of corporates and 12% of governments. The history is built backwards from
the security master's credit_rating, so the latest rating of every bond and agency equals it.

A table of the firm (made once, from the firm's stream): it reads only the security master and
the calendar, so every shard sees the same ratings.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import FirmContext
from generator.market import CRASH_AT
from generator.modules.wealth_planning._shared import _days, _gather

RATING_SCALE = ("AAA", "AA+", "AA", "AA-", "A+", "A", "A-", "BBB+", "BBB", "BBB-", "BB+", "BB", "BB-", "B+", "B", "B-")
AGENCIES = ("agency_a", "agency_b", "agency_c")
RATING_CHANGES_PER_YEAR = 0.15
CRASH_DOWNGRADE = {"corporate": 0.5, "government": 0.12}  # share of bonds downgraded after the crash
CRASH_WINDOW_DAYS = 150  # trading days after the crash start in which those downgrades fall


def _security_ratings(ctx: FirmContext) -> pl.DataFrame:
    rng = ctx.stream("security_ratings")
    bonds = ctx.market.securities.filter(pl.col("security_type") == "bond").sort("security_id")
    b = bonds.height
    government = (bonds.get_column("sector_code") == "government").to_numpy()
    scale = {rating: i for i, rating in enumerate(RATING_SCALE)}
    final = bonds.get_column("credit_rating").replace_strict(scale, return_dtype=pl.Int64).to_numpy()
    rated_c = government | (rng.random(b) < 0.5)
    series_bond = np.concatenate([np.arange(b), np.arange(b), np.flatnonzero(rated_c)])
    series_agency = np.concatenate([np.zeros(b, dtype=int), np.ones(b, dtype=int), np.full(int(rated_c.sum()), 2)])
    order = np.lexsort((series_agency, series_bond))
    series_bond, series_agency = series_bond[order], series_agency[order]
    s, days = len(series_bond), ctx.cal.n
    # ordinary rating actions over the history, either way
    count = rng.poisson(RATING_CHANGES_PER_YEAR * days / 252, s)
    normal_series = np.repeat(np.arange(s), count)
    normal_notch = np.where(rng.random(len(normal_series)) < 0.5, 1, -1)  # +1 = one notch down
    # downgrades in the months after the crash, for the same bonds at every agency rating them
    crash = int(CRASH_AT * days)
    share = np.where(government, CRASH_DOWNGRADE["government"], CRASH_DOWNGRADE["corporate"])
    hit_bond = rng.random(b) < share
    crash_series = np.flatnonzero(hit_bond[series_bond] & (rng.random(s) < 0.85))
    events = (
        pl.DataFrame(
            {
                "series": np.concatenate([normal_series, crash_series]),
                "day": np.concatenate(
                    [
                        rng.integers(1, days, len(normal_series)),
                        np.minimum(crash + rng.integers(0, CRASH_WINDOW_DAYS, len(crash_series)), days - 1),
                    ]
                ),
                "notch": np.concatenate([normal_notch, np.where(rng.random(len(crash_series)) < 0.2, 2, 1)]),
            }
        )
        .unique(["series", "day"], keep="first", maintain_order=True)
        .sort("series", "day")
    )
    series = events.get_column("series").to_numpy()
    notch = events.get_column("notch").to_numpy().copy()
    per_series = np.bincount(series, minlength=s)
    position = np.arange(len(series)) - np.repeat(np.cumsum(per_series) - per_series, per_series)
    back = per_series[series] - 1 - position  # 0 for each series' latest action
    current = final[series_bond].copy()
    after = np.zeros(len(series), dtype=np.int64)
    before = np.zeros(len(series), dtype=np.int64)
    top = len(RATING_SCALE) - 1
    for rank in range(int(per_series.max()) if len(series) else 0):  # a few steps, vectorised over series
        e = np.flatnonzero(back == rank)
        now = current[series[e]]
        step = notch[e]
        step = np.where((now - step < 0) | (now - step > top), -step, step)  # an impossible move goes the other way
        notch[e], after[e], before[e] = step, now, now - step
        current[series[e]] = now - step
    listing = _days(bonds.get_column("listing_date"))
    m = len(series)
    rows = pl.DataFrame(
        {
            "series": np.concatenate([np.arange(s), series]),
            "rating_date": np.concatenate([listing[series_bond], ctx.cal.days[events.get_column("day").to_numpy()]]),
            "rating": np.concatenate([current, after]),
            "previous": np.concatenate([np.full(s, -1), before]),
            "action": np.concatenate([np.zeros(s, dtype=int), np.where(notch > 0, 2, 1)]),
        }
    ).sort("series", "rating_date")
    action = rows.get_column("action").to_numpy()
    u = rng.random(s + m)
    outlook = np.select(
        [action == 0, action == 1],
        [np.where(u < 0.8, 0, np.where(u < 0.9, 1, 2)), np.where(u < 0.4, 1, 0)],
        np.where(u < 0.5, 2, 0),
    )
    row_series = rows.get_column("series").to_numpy()
    previous = rows.get_column("previous").to_numpy()
    return pl.DataFrame(
        {
            "rating_id": np.arange(1, s + m + 1, dtype=np.int64),
            "security_id": bonds.get_column("security_id").to_numpy()[series_bond[row_series]],
            "agency": _gather(AGENCIES, series_agency[row_series]),
            "rating": _gather(RATING_SCALE, rows.get_column("rating").to_numpy()),
            "rating_date": rows.get_column("rating_date"),
            "outlook": _gather(("stable", "positive", "negative"), outlook),
            "previous_rating": _gather(RATING_SCALE, np.maximum(previous, 0)).scatter(
                np.flatnonzero(previous < 0), None
            ),
            "rating_action": _gather(("initial", "upgrade", "downgrade"), action),
        }
    )
