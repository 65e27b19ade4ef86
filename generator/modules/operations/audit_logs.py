"""Audit logs: the actions of clients, advisors and the system (volumes per client-year inside
the history):

- audit_logs: about 18 audited actions a year (views and statement exports by the client inside
  portal sessions, views, exports and edits by the client's advisor at the time, creation of the
  client, its accounts, portfolios and goals when they fall in the history, rebalancing updates
  and export-file handling by the system, and every advisor login).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import Context
from generator.modules._common import advisor_at, gather
from generator.modules.operations._shared import DAY, HOUR, Window
from generator.ordering import stable_argsort

PORTAL_ACTIONS_PER_SESSION = 0.45
ADVISOR_ACTIONS_PER_YEAR = 4.5
EDITS_PER_YEAR = 2.2
EXPORT_RETENTION_DAYS = 30
SYSTEM_IP = "10.0.0.10"

PORTAL_ACTIONS = (  # (action, entity_type, weight) of a client inside a portal session
    ("view", "portfolio", 0.45),
    ("view", "account", 0.2),
    ("view", "goal", 0.12),
    ("view", "client", 0.1),
    ("export", "portfolio", 0.08),
    ("export", "account", 0.05),
)
ADVISOR_ACTIONS = (  # (action, entity_type, weight) of an advisor on a client's records
    ("view", "client", 0.35),
    ("view", "portfolio", 0.3),
    ("view", "account", 0.12),
    ("view", "goal", 0.1),
    ("export", "portfolio", 0.05),
    ("update", "portfolio", 0.04),
    ("update", "goal", 0.04),
)


def _trading_day_in_window(ctx: Context, w: Window, row: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A uniform day of each row's client window moved to the next trading day (the last one at the end)."""
    trading = ctx.cal.days.astype(np.int64)
    day = w.start[row] + (rng.random(len(row)) * w.span[row]).astype(np.int64)
    index = np.minimum(np.searchsorted(trading, day), len(trading) - 1)
    return np.maximum(trading[index], w.start[row])


def _advisor_at(ctx: Context, client_id: np.ndarray, day: np.ndarray) -> np.ndarray:
    return advisor_at(ctx, client_id, day, "operations: an action")


def _entities(ctx: Context) -> pl.DataFrame:
    """Every client-owned entity an action can touch, with the day it exists from."""
    clients = ctx.people.clients.select(
        pl.lit("client").alias("entity_type"), "client_id", pl.col("client_id").alias("entity_id"), "onboarding_date"
    )
    accounts = ctx.book.accounts.select(
        pl.lit("account").alias("entity_type"), "client_id", pl.col("account_id").alias("entity_id"), "opened_date"
    )
    portfolios = ctx.portfolios.select(
        pl.lit("portfolio").alias("entity_type"),
        "client_id",
        pl.col("portfolio_id").alias("entity_id"),
        "inception_date",
    )
    goals = ctx.goals.select(
        pl.lit("goal").alias("entity_type"), "client_id", pl.col("goal_id").alias("entity_id"), "created_date"
    )
    frames = [
        frame.rename({frame.columns[3]: "since"}).with_columns(pl.col("since").cast(pl.Date))
        for frame in (clients, accounts, portfolios, goals)
    ]
    return pl.concat(frames).with_columns(pl.col("since").cast(pl.Int32).cast(pl.Int64))


def _resolve_entities(actions: pl.DataFrame, entities: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """Pick, for each action, one of the client's entities of its type created before its day
    (a view of the client record itself when none exists yet)."""
    rows = actions.with_row_index("_row").with_columns((pl.col("ts") // DAY).alias("_day"))
    candidates = (
        rows.select("_row", "client_id", "entity_type", "_day")
        .join(entities, on=["client_id", "entity_type"])
        .filter(pl.col("since") < pl.col("_day"))  # created on an earlier day (at a time of its own)
        .sort("_row", "entity_id")
    )
    picked = (
        candidates.with_columns(pl.Series("_u", rng.random(candidates.height)))
        .group_by("_row")
        .agg(pl.col("entity_id").sort_by("_u").first().alias("_entity"))
    )
    return (
        rows.join(picked, on="_row", how="left")
        .sort("_row")
        .with_columns(
            pl.when(pl.col("_entity").is_null()).then(pl.lit("client")).otherwise("entity_type").alias("entity_type"),
            pl.coalesce("_entity", "client_id").alias("entity_id"),
            # an update or export of a record that does not exist yet becomes a look at the client record
            pl.when(pl.col("_entity").is_null()).then(pl.lit("view")).otherwise("action").alias("action"),
        )
        .drop("_row", "_day", "_entity")
    )


def _weighted(rng: np.random.Generator, options: tuple[tuple[str, str, float], ...], n: int) -> pl.DataFrame:
    weights = np.array([w for _, _, w in options])
    pick = rng.choice(len(options), n, p=weights / weights.sum())
    return pl.DataFrame(
        {
            "action": gather([a for a, _, _ in options], pick),
            "entity_type": gather([e for _, e, _ in options], pick),
        }
    )


def _portal_actions(sessions: pl.DataFrame, entities: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """Views and statement exports by clients inside their portal sessions."""
    count = rng.poisson(PORTAL_ACTIONS_PER_SESSION, sessions.height)
    index = np.repeat(np.arange(sessions.height), count)
    source = sessions.select("client_id", "ts", "end_ts", "session_id", "ip_address")[index]
    span = (source.get_column("end_ts") - source.get_column("ts")).to_numpy()
    at = source.get_column("ts").to_numpy() + (rng.random(len(index)) * (span + 1)).astype(np.int64)
    actions = pl.concat([source.drop("ts", "end_ts"), _weighted(rng, PORTAL_ACTIONS, len(index))], how="horizontal")
    actions = actions.with_columns(pl.Series("ts", np.minimum(at, source.get_column("end_ts").to_numpy())))
    return _resolve_entities(actions, entities, rng).with_columns(
        pl.lit("client").alias("actor_type"),
        pl.col("client_id").alias("actor_client_id"),
        pl.lit(None, dtype=pl.Int64).alias("actor_advisor_id"),
    )


def _advisor_actions(ctx: Context, w: Window, entities: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """Actions of the client's advisor at the time: views, exports and updates on trading days,
    edits of the client record (kind edit) and the creation of the client's records."""
    count = rng.poisson(ADVISOR_ACTIONS_PER_YEAR * w.span / 365.25)
    row = np.repeat(np.arange(w.n), count)
    day = _trading_day_in_window(ctx, w, row, rng)
    routine = pl.concat(
        [
            pl.DataFrame({"client_id": w.client_id[row], "day": day, "kind": "routine"}),
            _weighted(rng, ADVISOR_ACTIONS, len(row)),
        ],
        how="horizontal",
    )
    count = rng.poisson(EDITS_PER_YEAR * w.span / 365.25)
    row = np.repeat(np.arange(w.n), count)
    edits = pl.DataFrame(
        {
            "client_id": w.client_id[row],
            "day": _trading_day_in_window(ctx, w, row, rng),
            "kind": "edit",
            "action": "update",
            "entity_type": "client",
        }
    ).with_columns(pl.col("client_id").alias("entity_id"))
    created = entities.filter(pl.col("since") >= w.history_start).select(
        "client_id",
        pl.col("since").alias("day"),
        pl.lit("create").alias("kind"),
        pl.lit("create").alias("action"),
        "entity_type",
        "entity_id",
    )
    # the time of day: creations in the order client, account, portfolio, goal; anything else 09:00-17:30
    slot = {"client": 9 * HOUR, "account": 11 * HOUR, "portfolio": 13 * HOUR, "goal": 15 * HOUR}
    created = created.with_columns(
        (
            pl.col("day") * DAY
            + pl.col("entity_type").replace_strict(slot, return_dtype=pl.Int64)
            + pl.Series(rng.integers(0, 2 * HOUR, created.height))
        ).alias("ts")
    )
    routine = routine.with_columns(
        (pl.col("day") * DAY + pl.Series(rng.integers(9 * HOUR, 17 * HOUR + 1800, routine.height))).alias("ts")
    )
    routine = _resolve_entities(routine.drop("day"), entities, rng)
    edits = edits.with_columns(
        (pl.col("day") * DAY + pl.Series(rng.integers(9 * HOUR, 17 * HOUR + 1800, edits.height))).alias("ts")
    ).drop("day")
    actions = pl.concat(
        [
            frame.select("client_id", "ts", "kind", "action", "entity_type", "entity_id")
            for frame in (routine, edits, created.drop("day"))
        ]
    )
    day = (actions.get_column("ts") // DAY).to_numpy()
    return actions.with_columns(
        pl.lit("advisor").alias("actor_type"),
        pl.Series("actor_advisor_id", _advisor_at(ctx, actions.get_column("client_id").to_numpy(), day)),
        pl.lit(None, dtype=pl.Int64).alias("actor_client_id"),
        pl.Series("day", day),
    )


def _audit_logs(
    ctx: Context,
    portal: pl.DataFrame,
    advisor: pl.DataFrame,
    attempts: pl.DataFrame,
    exports: pl.DataFrame,
    end_of_as_of: int,
) -> pl.DataFrame:
    rng = ctx.stream("audit_logs")
    columns = [
        "ts",
        "actor_type",
        "actor_advisor_id",
        "actor_client_id",
        "action",
        "entity_type",
        "entity_id",
        "client_id",
        "session_id",
        "ip_address",
        "kind",
        "source_key",
    ]
    sessions = attempts.filter("success")
    advisor_sessions = sessions.filter(pl.col("user_type") == "advisor").select(
        pl.col("advisor_id").alias("actor_advisor_id"), (pl.col("ts") // DAY).alias("day"), "session_id", "ip_address"
    )
    advisor = advisor.join(advisor_sessions, on=["actor_advisor_id", "day"], how="left").with_columns(
        pl.int_range(0, pl.len()).alias("source_key")
    )
    if advisor.get_column("session_id").null_count():
        raise RuntimeError("operations: an advisor action falls outside the advisor's working days")
    portal = portal.with_columns(pl.lit("portal").alias("kind"), pl.lit(-1).alias("source_key"))
    logins = sessions.filter(pl.col("user_type") == "advisor").select(
        "ts",
        pl.lit("advisor").alias("actor_type"),
        pl.col("advisor_id").alias("actor_advisor_id"),
        pl.lit(None, dtype=pl.Int64).alias("actor_client_id"),
        pl.lit("login").alias("action"),
        pl.lit("session").alias("entity_type"),
        pl.col("session_id").alias("entity_id"),
        pl.lit(None, dtype=pl.Int64).alias("client_id"),
        "session_id",
        "ip_address",
        pl.lit("login").alias("kind"),
        pl.lit(-1).alias("source_key"),
    )
    requests = exports.select(
        pl.col("requested").alias("ts"),
        pl.lit("client").alias("actor_type"),
        pl.lit(None, dtype=pl.Int64).alias("actor_advisor_id"),
        pl.col("client_id").alias("actor_client_id"),
        pl.lit("export").alias("action"),
        pl.lit("client").alias("entity_type"),
        pl.col("client_id").alias("entity_id"),
        "client_id",
        "session_id",
        "ip_address",
        pl.lit("gdpr_request").alias("kind"),
        pl.lit(-1).alias("source_key"),
    )
    done = exports.filter(pl.col("status") == "completed")
    system = pl.concat(
        [
            done.select(pl.col("completed").alias("ts"), pl.lit("create").alias("action"), "export_id", "client_id"),
            done.select(
                (pl.col("completed") + EXPORT_RETENTION_DAYS * DAY).alias("ts"),
                pl.lit("delete").alias("action"),
                "export_id",
                "client_id",
            ).filter(pl.col("ts") <= end_of_as_of),
        ]
    ).select(
        "ts",
        pl.lit("system").alias("actor_type"),
        pl.lit(None, dtype=pl.Int64).alias("actor_advisor_id"),
        pl.lit(None, dtype=pl.Int64).alias("actor_client_id"),
        "action",
        pl.lit("data_export").alias("entity_type"),
        pl.col("export_id").alias("entity_id"),
        "client_id",
        pl.lit(None, dtype=pl.Int64).alias("session_id"),
        pl.lit(SYSTEM_IP).alias("ip_address"),
        pl.lit("system").alias("kind"),
        pl.lit(-1).alias("source_key"),
    )
    history_start = int(np.datetime64(ctx.config.history_start, "D").astype(np.int64))
    rebalanced = ctx.portfolios.filter(
        pl.col("last_rebalance_date").is_not_null()
        & (pl.col("last_rebalance_date").cast(pl.Int32).cast(pl.Int64) >= history_start)
    )
    rebalances = rebalanced.select(
        (
            pl.col("last_rebalance_date").cast(pl.Int32).cast(pl.Int64) * DAY
            + pl.Series(rng.integers(16 * HOUR + 1800, 17 * HOUR, rebalanced.height))
        ).alias("ts"),
        pl.lit("system").alias("actor_type"),
        pl.lit(None, dtype=pl.Int64).alias("actor_advisor_id"),
        pl.lit(None, dtype=pl.Int64).alias("actor_client_id"),
        pl.lit("update").alias("action"),
        pl.lit("portfolio").alias("entity_type"),
        pl.col("portfolio_id").alias("entity_id"),
        "client_id",
        pl.lit(None, dtype=pl.Int64).alias("session_id"),
        pl.lit(SYSTEM_IP).alias("ip_address"),
        pl.lit("system").alias("kind"),
        pl.lit(-1).alias("source_key"),
    )
    frames = [portal, advisor, logins, requests, system, rebalances]
    logs = pl.concat([frame.select(columns) for frame in frames], how="vertical_relaxed")
    logs = logs.rechunk()[stable_argsort(logs.get_column("ts").to_numpy())]  # by ts, then row order
    return logs.with_columns(ctx.id_column("audit_log_id"))
