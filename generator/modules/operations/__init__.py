"""Operations: portal logins and sessions, security events, audit logs and field-level audit
trails, GDPR data exports, system metrics, error logs, the warehouse's own nightly loads (ETL
runs) and the API versions.

Everything about a client lies inside the relationship and the history (on or after the later of
the onboarding date and the history start, on or before the as-of date at 23:59:59): the advisor
creates the client's records on the onboarding day, and the client's own activity starts the day
after. Timestamps are whole seconds (UTC). Volumes are per client-year inside the history (about
6,800 client-years at 1,000 clients over ten years), described in each file's docstring:

- logins.py: login_attempts and user_sessions (and when each client turned MFA on)
- security_events.py: security_events
- audit_logs.py: audit_logs (the actions of clients, advisors and the system)
- audit_trails.py: audit_trails (the field-level changes of the client-record edits)
- data_exports.py: data_export_logs
- metrics.py: system_metrics and error_logs
- etl_logs.py: etl_logs
- totals.py: the shards' daily counts (the summary of a shard) and the tables made from their sum
- api_versions.py: api_versions
- _shared.py: the time units, each client's window of the history and column helpers

The firm is made in shards (generator/shards.py). `build` makes a shard's login attempts,
sessions, security events, audit logs and trails and data exports, keyed by the shard's keys
(ctx.id_column), its advisors logging in and acting on its clients. `build_firm` makes the API
versions once. etl_logs, system_metrics and error_logs total the shards: `summarize` counts what
they need of a shard's rows per day (DailyCounts in totals.py) and `reduce` builds them once
from the sum, with the firm's streams and keys 1..n.

About 600k rows at 1,000 clients over ten years (login attempts and sessions, at the stated
login rate, make up 370k of them); `build` takes under a second.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields

import numpy as np
import polars as pl

from generator.context import Context, FirmContext
from generator.modules.operations._shared import DAY, _timestamp, _window
from generator.modules.operations.api_versions import _api_versions
from generator.modules.operations.audit_logs import _advisor_actions, _audit_logs, _entities, _portal_actions
from generator.modules.operations.audit_trails import _edit_values
from generator.modules.operations.data_exports import _data_exports
from generator.modules.operations.logins import (
    ALL_DEVICES,
    MIN_BURST_CLIENTS,
    _advisor_logins,
    _bursts,
    _client_logins,
    _client_sessions,
    _mfa,
    _number_attempts,
)
from generator.modules.operations.security_events import _security_events
from generator.modules.operations.totals import _reduce, _summarize


def build_firm(ctx: FirmContext) -> dict[str, pl.DataFrame]:
    return {"api_versions": _api_versions(ctx)}


def summarize(ctx: Context, tables: dict[str, pl.DataFrame]) -> dict[str, np.ndarray]:
    """The shard's daily counts (DailyCounts) as named arrays, as summaries are kept."""
    counts = _summarize(ctx, tables)
    return {field.name: getattr(counts, field.name) for field in fields(counts)}


def reduce(ctx: FirmContext, summaries: Sequence[object]) -> dict[str, pl.DataFrame]:
    return _reduce(ctx, summaries)


def build(ctx: Context) -> dict[str, pl.DataFrame]:
    w = _window(ctx)
    end_of_as_of = w.end * DAY + DAY - 1
    rng = ctx.stream("login_attempts")
    mfa_since, mfa_event = _mfa(w, ctx.stream("mfa_enrolment"))
    ordinary = _client_logins(ctx, w, rng, mfa_since)  # draws before the bursts' from the same stream
    bursts = _bursts(w, rng, MIN_BURST_CLIENTS if ctx.shard.index == 0 else 0)  # at least two in the firm
    client_logins = pl.concat([ordinary, bursts], how="vertical_relaxed")
    client_logins = _client_sessions(ctx.stream("user_sessions"), client_logins, end_of_as_of)
    entities = _entities(ctx)
    advisor_actions = _advisor_actions(ctx, w, entities, ctx.stream("audit_logs:advisors"))
    action_days = advisor_actions.select("actor_advisor_id", "day").unique().rename({"actor_advisor_id": "advisor_id"})
    advisor_logins = _advisor_logins(ctx, action_days, ctx.stream("login_attempts:advisors"))
    attempts = _number_attempts(ctx, client_logins, advisor_logins)
    client_sessions = attempts.filter(pl.col("success") & (pl.col("user_type") == "client"))
    portal = _portal_actions(client_sessions, entities, ctx.stream("audit_logs:portal"))
    exports = _data_exports(ctx, w, client_sessions, attempts, end_of_as_of)
    logs = _audit_logs(ctx, portal, advisor_actions, attempts, exports, end_of_as_of)
    edits = logs.filter(pl.col("kind") == "edit").rename({"audit_log_id": "audit_key"})
    trails = _edit_values(ctx, edits, ctx.stream("audit_trails"))
    trails = trails.sort("ts", "audit_key", "field")
    devices = pl.col("device").replace_strict(dict(enumerate(ALL_DEVICES)), return_dtype=pl.String)
    return {
        "login_attempts": attempts.select(
            "attempt_id",
            "user_type",
            "client_id",
            "advisor_id",
            _timestamp(attempts.get_column("ts")).alias("attempted_at"),
            "ip_address",
            devices.alias("device"),
            "country",
            "success",
            "failure_reason",
        ),
        "user_sessions": attempts.filter("success").select(
            "session_id",
            "attempt_id",
            "user_type",
            "client_id",
            "advisor_id",
            (pl.col("ts") * 1_000_000).cast(pl.Datetime("us")).alias("started_at"),
            (pl.col("end_ts") * 1_000_000).cast(pl.Datetime("us")).alias("ended_at"),
            pl.col("pages").alias("pages_viewed"),
            devices.alias("device"),
            "ip_address",
        ),
        "security_events": _security_events(ctx, w, attempts, mfa_since, mfa_event, end_of_as_of),
        "audit_logs": logs.select(
            "audit_log_id",
            (pl.col("ts") * 1_000_000).cast(pl.Datetime("us")).alias("occurred_at"),
            "actor_type",
            "actor_advisor_id",
            "actor_client_id",
            "action",
            "entity_type",
            "entity_id",
            "client_id",
            "session_id",
            "ip_address",
        ),
        "audit_trails": trails.select(
            ctx.id_column("trail_id"),
            pl.col("audit_key").alias("audit_log_id"),
            "client_id",
            pl.lit("clients").alias("table_name"),
            pl.col("field").alias("field_name"),
            "old_value",
            "new_value",
            (pl.col("ts") * 1_000_000).cast(pl.Datetime("us")).alias("changed_at"),
            pl.col("actor_advisor_id").alias("changed_by_advisor_id"),
        ),
        "data_export_logs": exports.select(
            "export_id",
            pl.col("client_id").alias("requested_by_client_id"),
            "session_id",
            (pl.col("requested") * 1_000_000).cast(pl.Datetime("us")).alias("requested_at"),
            (pl.col("completed") * 1_000_000).cast(pl.Datetime("us")).alias("completed_at"),
            "export_format",
            pl.col("records").alias("record_count"),
            "status",
        ),
    }
