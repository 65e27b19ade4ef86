"""Referrals: about 10% of clients were referred by a client onboarded strictly before them; the
referral date is the referred client's onboarding date. Both clients are of the same shard (the
shard's ctx.people.clients), so a referral is the shard's row."""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import Context
from generator.modules._common import Window, gather
from generator.modules.workplace._shared import _days
from generator.pools import COUNTRIES

REFERRAL_RATE = 0.1
REFERRAL_PROGRAMS = ("Client Referral Program", "Friends & Family Rewards", "Family Office Introductions")
REFERRAL_REWARD = {"mass_affluent": 250.0, "hnw": 1000.0, "uhnw": 5000.0}
REWARD_PAID_AFTER_DAYS = 90


def referral_programs(ctx: Context, window: Window) -> pl.DataFrame:
    rng = ctx.stream("referral_programs")
    order = np.lexsort((window.client_id, window.onboarding))
    onboarding = window.onboarding[order]
    earlier = np.searchsorted(onboarding, onboarding, side="left")  # clients onboarded strictly before
    referred = (earlier > 0) & (rng.random(window.n) < REFERRAL_RATE)
    pick = (rng.random(window.n) * earlier).astype(np.int64)
    rows = np.flatnonzero(referred)
    segment = ctx.people.clients.select("client_id", "segment_code")
    home = ctx.people.clients.select(
        pl.col("client_id").alias("referrer_client_id"),
        pl.col("residence_country")
        .replace_strict({code: spec[2] for code, spec in COUNTRIES.items()}, return_dtype=pl.String)
        .alias("currency_code"),
    )
    frame = pl.DataFrame(
        {
            "referrer_client_id": window.client_id[order][pick[rows]],
            "referred_client_id": window.client_id[order][rows],
            "referral_date": onboarding[rows],
        }
    ).join(segment, left_on="referred_client_id", right_on="client_id", how="left", maintain_order="left")
    frame = frame.join(home, on="referrer_client_id", how="left", maintain_order="left")
    k = frame.height
    days_ago = (window.as_of - _days(frame.get_column("referral_date").to_numpy())).astype(np.int64)
    cancelled = rng.random(k) < 0.05
    status = np.where(cancelled, 2, np.where(days_ago > REWARD_PAID_AFTER_DAYS, 0, 1))
    program = np.where(frame.get_column("segment_code").to_numpy() == "uhnw", 2, rng.choice(2, k, p=[0.6, 0.4]))
    return _referral_frame(ctx, frame, program, status)


def _referral_frame(ctx: Context, frame: pl.DataFrame, program: np.ndarray, status: np.ndarray) -> pl.DataFrame:
    frame = frame.with_columns(
        pl.Series("program_name", gather(REFERRAL_PROGRAMS, program)),
        pl.col("segment_code").replace_strict(REFERRAL_REWARD, return_dtype=pl.Float64).alias("reward_amount"),
        pl.Series("reward_status", gather(("paid", "pending", "cancelled"), status)),
    ).sort("referral_date", "referred_client_id")
    return frame.select(
        ctx.id_column("referral_id"),
        "referrer_client_id",
        "referred_client_id",
        "referral_date",
        "program_name",
        "reward_amount",
        "currency_code",
        "reward_status",
    )
