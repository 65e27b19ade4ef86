"""Security events (volumes per client-year inside the history):

- security_events: raised from the logins - brute_force_suspected for every failed burst (on its
  fifth failure), account_locked for every lockout, new_device_login for the first successful
  login of a client from a device not used before - plus password resets (after a lockout, and
  about one every seven years otherwise) and MFA enrolments (55% of clients).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import Context
from generator.modules.operations._shared import DAY, HOUR, Window, _masked, _timestamp
from generator.modules.operations.logins import ALL_DEVICES, BURST_THRESHOLD

PASSWORD_RESETS_PER_YEAR = 0.15


def _security_events(
    ctx: Context, w: Window, attempts: pl.DataFrame, mfa_since: np.ndarray, mfa_event: np.ndarray, end_of_as_of: int
) -> pl.DataFrame:
    rng = ctx.stream("security_events")
    client_attempts = attempts.select(  # the columns used below (the filters copy every column)
        "user_type",
        "client_id",
        "ts",
        "attempt_id",
        "device",
        "habitual",
        "success",
        "burst",
        "burst_pos",
        "locked",
        "ip_address",
        "country",
    ).filter(pl.col("user_type") == "client")
    bursts = client_attempts.filter(pl.col("burst") >= 0)
    brute = bursts.filter(pl.col("burst_pos") == BURST_THRESHOLD - 1).select(
        pl.lit("brute_force_suspected").alias("event_type"),
        pl.lit("high").alias("severity"),
        "client_id",
        "ts",
        pl.col("attempt_id").alias("related_attempt_id"),
        pl.format("{} failed logins within minutes from {} ({})", BURST_THRESHOLD, "ip_address", "country").alias(
            "description"
        ),
    )
    locked = bursts.filter(pl.col("locked") & (pl.col("burst_pos") == BURST_THRESHOLD)).select(
        pl.lit("account_locked").alias("event_type"),
        pl.lit("high").alias("severity"),
        "client_id",
        "ts",
        pl.col("attempt_id").alias("related_attempt_id"),
        pl.lit("Account locked after repeated failed logins").alias("description"),
    )
    ends = bursts.group_by("burst").agg(pl.col("client_id").first(), pl.col("ts").max(), pl.col("locked").first())
    after_lock = ends.filter("locked").sort("burst")
    after_lock = after_lock.with_columns(
        (pl.col("ts") + pl.Series(rng.integers(HOUR, 48 * HOUR, after_lock.height))).alias("ts")
    ).filter(pl.col("ts") <= end_of_as_of)
    count = rng.poisson(PASSWORD_RESETS_PER_YEAR * w.span / 365.25)
    row = np.repeat(np.arange(w.n), count)
    routine = pl.DataFrame(
        {
            "client_id": w.client_id[row],
            "ts": (w.start[row] + (rng.random(len(row)) * w.span[row]).astype(np.int64)) * DAY
            + rng.integers(6 * HOUR, 23 * HOUR, len(row)),
        }
    )
    resets = pl.concat([after_lock.select("client_id", "ts"), routine]).select(
        pl.lit("password_reset").alias("event_type"),
        pl.lit("low").alias("severity"),
        "client_id",
        "ts",
        pl.lit(None, dtype=pl.Int64).alias("related_attempt_id"),
        pl.lit("Password reset by the client through the emailed link").alias("description"),
    )
    # the first successful login from each device, except the client's first device and, for clients
    # onboarded before the history, the devices they already used then
    successful = (
        client_attempts.select("client_id", "ts", "attempt_id", "device", "habitual", "success")
        .filter("success")
        .sort("ts", "attempt_id")
    )
    first_ever = successful.group_by("client_id").agg(pl.col("device").first().alias("first_device"))
    known_before = pl.DataFrame({"client_id": w.client_id, "earlier": w.onboarding < w.history_start})
    new_device = (
        successful.group_by("client_id", "device")
        .agg(pl.col("ts").first(), pl.col("attempt_id").first(), pl.col("habitual").first())
        .join(first_ever, on="client_id")
        .join(known_before, on="client_id")
        .filter((pl.col("device") != pl.col("first_device")) & ~(pl.col("earlier") & pl.col("habitual")))
        .select(
            pl.lit("new_device_login").alias("event_type"),
            pl.lit("medium").alias("severity"),
            "client_id",
            "ts",
            pl.col("attempt_id").alias("related_attempt_id"),
            pl.format(
                "First login from {}",
                pl.col("device").replace_strict(dict(enumerate(ALL_DEVICES)), return_dtype=pl.String),
            ).alias("description"),
        )
    )
    enrolled = np.flatnonzero(mfa_event)
    mfa = pl.DataFrame({"client_id": w.client_id[enrolled], "ts": mfa_since[enrolled]}).select(
        pl.lit("mfa_enabled").alias("event_type"),
        pl.lit("info").alias("severity"),
        "client_id",
        "ts",
        pl.lit(None, dtype=pl.Int64).alias("related_attempt_id"),
        pl.lit("Two-factor authentication turned on").alias("description"),
    )
    events = pl.concat([brute, locked, resets, new_device, mfa]).sort(
        "ts", "client_id", "event_type", "related_attempt_id", "description", nulls_last=True
    )
    k = events.height
    delay_range = {
        "brute_force_suspected": (HOUR, 72 * HOUR),
        "account_locked": (HOUR, 48 * HOUR),
        "new_device_login": (300, 24 * HOUR),
        "password_reset": (0, 1),
        "mfa_enabled": (0, 1),
    }
    kinds = events.get_column("event_type").to_list()
    low = np.array([delay_range[t][0] for t in kinds], dtype=np.int64)
    high = np.array([delay_range[t][1] for t in kinds], dtype=np.int64)
    resolved = events.get_column("ts").to_numpy() + low + (rng.random(k) * (high - low)).astype(np.int64)
    unresolved = resolved > end_of_as_of
    age = end_of_as_of - events.get_column("ts").to_numpy()
    status = np.where(unresolved, np.where(age < DAY, "open", "investigating"), "closed")
    return events.select(
        ctx.id_column("event_id"),
        "event_type",
        "severity",
        "client_id",
        _timestamp(events.get_column("ts")).alias("occurred_at"),
        "related_attempt_id",
        pl.Series("status", status.tolist(), dtype=pl.String),
        _timestamp(_masked(resolved, ~unresolved, "resolved_at")).alias("resolved_at"),
        "description",
    )
