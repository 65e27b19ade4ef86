"""client_surveys: an onboarding survey for clients who join during the history, plus about
0.9 NPS / satisfaction surveys a year."""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import Context
from generator.modules._common import Window, gather
from generator.modules._common import poisson_events as _events
from generator.modules.engagement._shared import Mood

SURVEY_COMMENTS = (
    # promoters
    "My advisor is responsive and explains things clearly.",
    "Very happy with how my portfolio has been managed.",
    "The quarterly reviews are genuinely useful.",
    "I have already recommended you to two friends.",
    "Great service, the online dashboard is easy to use.",
    "It feels like the team really knows my family's goals.",
    # passives
    "Service is fine but the fees could be more transparent.",
    "Generally good, though replies sometimes take a few days.",
    "I would like more proactive updates when markets move.",
    "The app works but the statements are hard to read.",
    "Happy overall, not sure the returns justify the fees.",
    "Onboarding took longer than I expected.",
    # detractors
    "Nobody called me when the market dropped.",
    "Too many changes of advisor in the last year.",
    "Fees are too high for the performance I got.",
    "I had to chase support three times about a transfer.",
    "The portfolio lost more than I was told it could.",
    "It is hard to reach my advisor by phone.",
)


def client_surveys(ctx: Context, window: Window, mood: Mood) -> pl.DataFrame:
    rng = ctx.stream("client_surveys")
    joined = np.flatnonzero(window.onboarding >= window.start)  # clients who join during the history
    onboarding_day = window.onboarding[joined] + rng.integers(14, 61, len(joined))
    inside = onboarding_day <= window.as_of
    periodic_row, periodic_day = _events(rng, window, 0.9)
    row = np.r_[joined[inside], periodic_row]
    day = np.r_[onboarding_day[inside], periodic_day]
    kind = np.r_[np.full(int(inside.sum()), 2), rng.choice(2, len(periodic_row), p=[0.7, 0.3])]
    order = np.lexsort((kind, day, row))
    row, day, kind = row[order], day[order], kind[order]
    k = len(row)
    feeling = mood.expected(row, mood.month(day)) + 0.15 * rng.standard_normal(k)
    nps = np.clip(np.rint(7.4 + 4.0 * feeling + 1.3 * rng.standard_normal(k)), 0, 10).astype(np.int64)
    satisfaction = np.clip(np.rint(3.6 + 0.45 * (nps - 7) + 0.5 * rng.standard_normal(k)), 1, 5).astype(np.int64)
    category = np.digitize(nps, [7, 9])  # 0 detractor, 1 passive, 2 promoter
    per_category = len(SURVEY_COMMENTS) // 3
    comment = gather(SURVEY_COMMENTS, (2 - category) * per_category + rng.integers(0, per_category, k))
    silent = np.flatnonzero(rng.random(k) < 0.2)
    return pl.DataFrame(
        {
            "survey_id": ctx.ids(k),
            "client_id": window.client_id[row],
            "survey_date": day,
            "survey_type": gather(("nps", "satisfaction", "onboarding"), kind),
            "nps_score": nps,
            "satisfaction_score": satisfaction,
            "comment": comment.scatter(silent, None),
            "nps_category": gather(("detractor", "passive", "promoter"), category),
        }
    )
