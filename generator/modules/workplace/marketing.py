"""Clients' interactions with marketing campaigns (`marketing_interactions`): email opens, clicks,
event attendance and webinars, about 3 per client per year over its window."""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import Context
from generator.modules._common import Window, gather
from generator.modules._common import poisson_events as _events
from generator.modules.workplace._shared import _at

MARKETING_RATE = 3.0  # interactions per client per year
INTERACTION_TYPES = ("email_open", "click", "event_attendance", "webinar")
INTERACTION_WEIGHTS = (0.5, 0.27, 0.08, 0.15)
CONVERSION_RATE = (0.02, 0.06, 0.15, 0.1)
# campaign templates ({} is the year) by interaction type: email campaigns, events, webinars
EMAIL_CAMPAIGNS = (
    "Market Outlook {}",
    "Year-End Tax Planning {}",
    "Quarterly Investment Letter {}",
    "Retirement Readiness {}",
    "ESG Investing Series {}",
)
EVENT_CAMPAIGNS = ("Client Appreciation Evening {}", "Family Wealth Forum {}")
WEBINAR_CAMPAIGNS = ("Market Outlook Webinar {}", "Estate Planning Essentials {}", "Retirement Income Webinar {}")
CLICK_CHANNELS = ("email", "website", "social_media")


def marketing_interactions(ctx: Context, window: Window) -> pl.DataFrame:
    rng = ctx.stream("marketing_interactions")
    row, day = _events(rng, window, MARKETING_RATE)
    k = len(row)
    kind = rng.choice(len(INTERACTION_TYPES), k, p=INTERACTION_WEIGHTS)
    campaigns = (EMAIL_CAMPAIGNS, EMAIL_CAMPAIGNS, EVENT_CAMPAIGNS, WEBINAR_CAMPAIGNS)
    offsets = np.cumsum([0, *[len(c) for c in campaigns]])[:-1]
    sizes = np.array([len(c) for c in campaigns])
    campaign = offsets[kind] + (rng.random(k) * sizes[kind]).astype(np.int64)
    templates = [template for group in campaigns for template in group]
    year = day.astype("datetime64[Y]").astype(np.int64) + 1970
    channel = np.where(
        kind == 0, 0, np.where(kind == 1, rng.choice(3, k, p=[0.6, 0.25, 0.15]), np.where(kind == 2, 3, 4))
    )
    hours = np.where(kind == 2, rng.integers(18 * 3600, 21 * 3600, k), rng.integers(7 * 3600, 22 * 3600, k))
    frame = pl.DataFrame(
        {
            "interaction_id": ctx.ids(k),
            "client_id": window.client_id[row],
            "template": gather(templates, campaign),
            "year": year,
            "channel": gather((*CLICK_CHANNELS, "in_person", "online"), channel),
            "interaction_type": gather(INTERACTION_TYPES, kind),
            "occurred_at": _at(day, hours),
            "converted": rng.random(k) < np.array(CONVERSION_RATE)[kind],
        }
    )
    return frame.with_columns(
        pl.col("template").str.replace("{}", pl.col("year").cast(pl.String), literal=True).alias("campaign")
    ).drop("template", "year")
