"""Operations: logins, sessions and security events agree with each other; audit logs and trails
name the right advisors and chain the client records' values; ETL runs count their sources'
rows; metrics agree with the error logs; everything client-related is inside the relationship."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest

from tests.python.conftest import AS_OF

AS_OF_DATE = date.fromisoformat(AS_OF)
END_OF_AS_OF = datetime.combine(AS_OF_DATE, time(23, 59, 59))
BURST_GAP = timedelta(minutes=5)
BURST_SIZE = 5


def _history_start(raw: dict[str, pl.DataFrame]) -> date:
    return raw["trading_calendar"].get_column("calendar_date").min()  # type: ignore[return-value]


def _client_years(raw: dict[str, pl.DataFrame]) -> float:
    start = _history_start(raw)
    days = raw["clients"].select(
        (pl.lit(AS_OF_DATE) - pl.max_horizontal("onboarding_date", pl.lit(start))).dt.total_days() + 1
    )
    return float(days.to_series().sum()) / 365.25


def _failed_bursts(attempts: pl.DataFrame) -> pl.DataFrame:
    """Runs of a client's failed logins less than five minutes apart, with at least five failures:
    one row per failed attempt of a burst, with the burst's number."""
    failed = attempts.filter(~pl.col("success") & pl.col("client_id").is_not_null()).sort("client_id", "attempted_at")
    runs = failed.with_columns(
        (
            (pl.col("client_id") != pl.col("client_id").shift(1))
            | (pl.col("attempted_at") - pl.col("attempted_at").shift(1) > BURST_GAP)
        )
        .fill_null(True)
        .cum_sum()
        .alias("run")
    )
    return runs.filter(pl.len().over("run") >= BURST_SIZE)


def test_failed_bursts_each_raise_a_brute_force_event(raw: dict[str, pl.DataFrame]) -> None:
    bursts = _failed_bursts(raw["login_attempts"])
    events = raw["security_events"].filter(pl.col("event_type") == "brute_force_suspected")
    assert bursts.get_column("run").n_unique() >= 2
    assert events.height == bursts.get_column("run").n_unique()
    flagged = events.join(bursts, left_on="related_attempt_id", right_on="attempt_id")
    assert flagged.height == events.height  # every event points at a failed attempt of a burst
    assert flagged.get_column("run").n_unique() == events.height  # one event per burst
    assert (flagged["client_id"] == flagged["client_id_right"]).all()
    assert (flagged["occurred_at"] == flagged["attempted_at"]).all()
    # bursts come from foreign addresses within minutes: 5 to 15 failures
    sizes = bursts.group_by("run").agg(
        pl.len().alias("n"), (pl.col("attempted_at").max() - pl.col("attempted_at").min()).alias("span")
    )
    assert sizes["n"].is_between(BURST_SIZE, 15).all()
    assert (sizes["span"] < timedelta(minutes=15)).all()


def test_lockouts_only_after_repeated_failures(raw: dict[str, pl.DataFrame]) -> None:
    attempts = raw["login_attempts"]
    locked = attempts.filter(pl.col("failure_reason") == "locked_account")
    in_burst = _failed_bursts(attempts).get_column("attempt_id")
    assert locked.get_column("attempt_id").is_in(in_burst.implode()).all()
    events = raw["security_events"].filter(pl.col("event_type") == "account_locked")
    assert events.get_column("related_attempt_id").is_in(locked.get_column("attempt_id").implode()).all()
    # each locked burst has its account_locked event
    bursts_locked = (
        _failed_bursts(attempts).filter(pl.col("failure_reason") == "locked_account").get_column("run").n_unique()
    )
    assert events.height == bursts_locked


def test_failure_reasons_and_login_volumes(raw: dict[str, pl.DataFrame]) -> None:
    attempts = raw["login_attempts"]
    assert attempts.select((pl.col("failure_reason").is_null() == pl.col("success")).all()).item()
    clients = attempts.filter(pl.col("user_type") == "client")
    per_client_year = clients.height / _client_years(raw)
    assert 20 <= per_client_year <= 30
    success = clients.get_column("success").mean()
    assert 0.85 <= success <= 0.98  # type: ignore[operator]
    # most clients log in, and at different rates
    per_client = clients.group_by("client_id").len()
    assert per_client.height >= 0.95 * raw["clients"].height
    assert per_client["len"].std() > 3  # type: ignore[operator]
    assert attempts.filter(pl.col("user_type") == "advisor")["advisor_id"].null_count() == 0
    assert clients["advisor_id"].null_count() == clients.height


def test_sessions_only_after_successful_logins(raw: dict[str, pl.DataFrame]) -> None:
    sessions = raw["user_sessions"]
    attempts = raw["login_attempts"]
    joined = sessions.join(attempts, on="attempt_id", how="left", suffix="_login")
    assert joined["success"].fill_null(False).all()
    assert (joined["started_at"] == joined["attempted_at"]).all()
    assert (
        joined.select(
            (pl.col("client_id").eq_missing(pl.col("client_id_login")))
            & (pl.col("advisor_id").eq_missing(pl.col("advisor_id_login")))
            & (pl.col("device") == pl.col("device_login"))
        )
        .to_series()
        .all()
    )
    assert attempts.filter("success").height == sessions.height  # one session per successful login
    assert sessions["attempt_id"].is_unique().all()
    assert (sessions["ended_at"] > sessions["started_at"]).all()
    assert (sessions["ended_at"] <= END_OF_AS_OF).all()
    assert (sessions["pages_viewed"] >= 1).all()


def test_audit_trails_change_values_under_an_update_log(raw: dict[str, pl.DataFrame]) -> None:
    trails = raw["audit_trails"]
    logs = raw["audit_logs"]
    assert trails.height > 0
    assert (trails["old_value"] != trails["new_value"]).all()
    joined = trails.join(logs, on="audit_log_id", how="left")
    assert (joined["action"] == "update").all()
    assert (joined["entity_type"] == "client").all()
    assert (joined["entity_id"] == joined["client_id"]).all()
    assert (joined["client_id_right"] == joined["client_id"]).all()
    assert (joined["occurred_at"] == joined["changed_at"]).all()
    assert (joined["actor_advisor_id"] == joined["changed_by_advisor_id"]).all()
    # every update of a client record has its field changes
    updates = logs.filter((pl.col("action") == "update") & (pl.col("entity_type") == "client"))
    assert set(updates["audit_log_id"]) == set(trails["audit_log_id"])


def test_audit_trails_chain_to_the_current_client_record(raw: dict[str, pl.DataFrame]) -> None:
    trails = raw["audit_trails"].sort("client_id", "field_name", "changed_at", "trail_id")
    chained = trails.with_columns(pl.col("new_value").shift(1).over("client_id", "field_name").alias("previous_new"))
    following = chained.filter(pl.col("previous_new").is_not_null())
    assert (following["old_value"] == following["previous_new"]).all()
    fields = ["email", "phone", "street_address", "marital_status", "risk_profile"]
    current = raw["clients"].unpivot(index="client_id", on=fields, variable_name="field_name", value_name="current")
    latest = (
        trails.group_by("client_id", "field_name")
        .agg(pl.col("new_value").last())
        .join(current, on=["client_id", "field_name"])
    )
    assert (latest["new_value"] == latest["current"]).all()
    assert set(trails["field_name"]) <= set(fields)


def _covered_by_assignment(events: pl.DataFrame, assignments: pl.DataFrame) -> bool:
    keyed = events.with_row_index("event")
    covered = (
        keyed.join(assignments, on=["client_id", "advisor_id"])
        .filter(
            (pl.col("start_date") <= pl.col("day"))
            & (pl.col("end_date").is_null() | (pl.col("day") <= pl.col("end_date")))
        )
        .get_column("event")
        .n_unique()
    )
    return covered == events.height


def test_advisors_act_only_on_their_clients_at_the_time(raw: dict[str, pl.DataFrame]) -> None:
    assignments = raw["advisor_assignments"]
    actions = raw["audit_logs"].filter((pl.col("actor_type") == "advisor") & pl.col("client_id").is_not_null())
    assert actions.height > 0
    acted = actions.select(
        "client_id", pl.col("actor_advisor_id").alias("advisor_id"), pl.col("occurred_at").dt.date().alias("day")
    )
    assert _covered_by_assignment(acted, assignments)
    edited = raw["audit_trails"].select(
        "client_id", pl.col("changed_by_advisor_id").alias("advisor_id"), pl.col("changed_at").dt.date().alias("day")
    )
    assert _covered_by_assignment(edited, assignments)
    # a client whose advisor changed is handled by both advisors over time
    assert acted.group_by("client_id").agg(pl.col("advisor_id").n_unique())["advisor_id"].max() >= 2  # type: ignore[operator]


def test_actions_happen_inside_the_actors_sessions(raw: dict[str, pl.DataFrame]) -> None:
    logs = raw["audit_logs"]
    sessions = raw["user_sessions"]
    with_session = logs.filter(pl.col("session_id").is_not_null())
    assert (
        logs.filter(pl.col("actor_type") == "system")["session_id"].null_count()
        == logs.filter(pl.col("actor_type") == "system").height
    )
    joined = with_session.join(sessions, on="session_id", how="left", suffix="_session")
    assert joined.height == with_session.height
    assert ((joined["occurred_at"] >= joined["started_at"]) & (joined["occurred_at"] <= joined["ended_at"])).all()
    assert (
        joined.select(
            pl.col("actor_client_id").eq_missing(pl.col("client_id_session"))
            & pl.col("actor_advisor_id").eq_missing(pl.col("advisor_id"))
        )
        .to_series()
        .all()
    )
    clients_acting = logs.filter(pl.col("actor_type") == "client")
    assert (clients_acting["actor_client_id"] == clients_acting["client_id"]).all()


def test_audit_entities_exist_when_touched(raw: dict[str, pl.DataFrame]) -> None:
    logs = raw["audit_logs"]
    sources = {
        "client": ("clients", "client_id", "onboarding_date"),
        "account": ("accounts", "account_id", "opened_date"),
        "portfolio": ("portfolios", "portfolio_id", "inception_date"),
        "goal": ("goals", "goal_id", "created_date"),
    }
    entities = pl.concat(
        [
            raw[table].select(
                pl.lit(kind).alias("entity_type"),
                pl.col(key).alias("entity_id"),
                "client_id",
                pl.col(since).alias("since"),
            )
            for kind, (table, key, since) in sources.items()
        ]
    )
    owned = logs.filter(pl.col("entity_type").is_in(["client", "account", "portfolio", "goal"]))
    joined = owned.join(entities, on=["entity_type", "entity_id"], how="left", suffix="_owner")
    assert (joined["client_id_owner"] == joined["client_id"]).all()  # the client's own records
    assert (joined["occurred_at"].dt.date() >= joined["since"]).all()  # existing at the time
    created = joined.filter(pl.col("action") == "create")
    assert created.height > 0
    assert (created["occurred_at"].dt.date() == created["since"]).all()
    # nothing touches a record before the log of its creation
    creation = created.select("entity_type", "entity_id", pl.col("occurred_at").alias("created_at"))
    assert creation.select(pl.struct("entity_type", "entity_id").is_unique().all()).item()
    later = owned.join(creation, on=["entity_type", "entity_id"]).filter(pl.col("action") != "create")
    assert (later["occurred_at"] > later["created_at"]).all()
    assert {"view", "create", "update", "export", "login"} <= set(logs["action"])
    assert set(logs["action"]) <= {"view", "create", "update", "delete", "export", "login"}


def test_volumes_per_client_year(raw: dict[str, pl.DataFrame]) -> None:
    years = _client_years(raw)
    audited = raw["audit_logs"].filter(pl.col("client_id").is_not_null()).height / years
    assert 10 <= audited <= 60  # tens of audited actions per client a year
    edits = raw["audit_trails"].get_column("audit_log_id").n_unique() / years
    assert 1 <= edits <= 5  # a few client-record edits a year
    sessions = raw["user_sessions"].filter(pl.col("user_type") == "client").height / years
    assert 18 <= sessions <= 30
    # two at least (the first shard makes them), then about 0.005 a client-year in every shard:
    # at most four times that beyond the two, or three at the tests' small scale
    exports = raw["data_export_logs"].height
    assert 2 <= exports <= 2 + max(3, 0.02 * years)


def test_everything_client_related_is_inside_the_relationship(raw: dict[str, pl.DataFrame]) -> None:
    start = _history_start(raw)
    onboarding = raw["clients"].select("client_id", "onboarding_date")
    stamped = {
        "login_attempts": ("client_id", ["attempted_at"]),
        "user_sessions": ("client_id", ["started_at", "ended_at"]),
        "security_events": ("client_id", ["occurred_at", "resolved_at"]),
        "audit_logs": ("client_id", ["occurred_at"]),
        "audit_trails": ("client_id", ["changed_at"]),
        "data_export_logs": ("requested_by_client_id", ["requested_at", "completed_at"]),
    }
    for table, (key, columns) in stamped.items():
        frame = raw[table].filter(pl.col(key).is_not_null()).join(onboarding, left_on=key, right_on="client_id")
        assert frame.height > 0, table
        for column in columns:
            stamps = frame.filter(pl.col(column).is_not_null())
            first = pl.max_horizontal("onboarding_date", pl.lit(start)).cast(pl.Datetime("us"))
            assert stamps.select((pl.col(column) >= first).all()).item(), f"{table}.{column}"
            assert stamps.select((pl.col(column) <= END_OF_AS_OF).all()).item(), f"{table}.{column}"


def test_security_events_status(raw: dict[str, pl.DataFrame]) -> None:
    events = raw["security_events"]
    assert {"brute_force_suspected", "new_device_login", "mfa_enabled", "password_reset"} <= set(events["event_type"])
    assert events.select((pl.col("resolved_at").is_not_null() == (pl.col("status") == "closed")).all()).item()
    resolved = events.filter(pl.col("resolved_at").is_not_null())
    assert (resolved["resolved_at"] >= resolved["occurred_at"]).all()
    # a new-device event is the client's first successful login from that device
    new = events.filter(pl.col("event_type") == "new_device_login").join(
        raw["login_attempts"], left_on="related_attempt_id", right_on="attempt_id"
    )
    assert new["success"].all()
    earlier = new.join(
        raw["login_attempts"].filter("success").select("client_id", "device", pl.col("attempted_at").alias("before")),
        on=["client_id", "device"],
    ).filter(pl.col("before") < pl.col("attempted_at"))
    assert earlier.height == 0


def test_data_exports_are_requested_in_sessions(raw: dict[str, pl.DataFrame]) -> None:
    exports = raw["data_export_logs"]
    sessions = raw["user_sessions"]
    joined = exports.join(sessions, on="session_id")
    assert joined.height == exports.height
    assert (joined["client_id"] == joined["requested_by_client_id"]).all()
    assert ((joined["requested_at"] >= joined["started_at"]) & (joined["requested_at"] <= joined["ended_at"])).all()
    done = exports.filter(pl.col("completed_at").is_not_null())
    assert (done["completed_at"] > done["requested_at"]).all()
    requests = raw["audit_logs"].filter((pl.col("action") == "export") & (pl.col("entity_type") == "client"))
    assert set(requests["session_id"]) == set(exports["session_id"])
    completed = exports.filter(pl.col("status") == "completed")
    assert (completed["record_count"] > 0).all()


def _rows_in_range(runs: pl.DataFrame, source: pl.DataFrame, day: str) -> pl.DataFrame:
    per_day = source.group_by(day).len("n")
    counted = (
        runs.join(per_day, how="cross")
        .filter((pl.col(day) >= pl.col("data_from_date")) & (pl.col(day) <= pl.col("data_to_date")))
        .group_by("etl_run_id")
        .agg(pl.col("n").sum())
    )
    return runs.join(counted, on="etl_run_id", how="left").with_columns(pl.col("n").fill_null(0))


@pytest.mark.parametrize(
    ("pipeline", "table", "day"), [("prices", "prices", "price_date"), ("transactions", "transactions", "trade_date")]
)
def test_etl_rows_loaded_match_the_sources(raw: dict[str, pl.DataFrame], pipeline: str, table: str, day: str) -> None:
    runs = raw["etl_logs"].filter(pl.col("pipeline") == pipeline)
    trading = raw["trading_calendar"].filter("is_trading_day")
    assert runs.height == trading.height  # one run per trading day
    assert set(runs["run_date"]) == set(trading["calendar_date"])
    loaded = _rows_in_range(runs.filter(pl.col("status") != "failed"), raw[table], day)
    assert (loaded["rows_loaded"] == loaded["n"]).all()
    # a run after a good run the trading day before loads exactly its own day
    per_day = raw[table].group_by(day).len("n")
    normal = (
        runs.sort("run_date")
        .filter(pl.col("data_from_date") > pl.col("run_date").shift(1))
        .join(per_day, left_on="run_date", right_on=day, how="left")
    )
    assert normal.height > 0.9 * runs.height
    assert (normal["rows_loaded"] == normal["n"].fill_null(0)).all()
    failed = runs.filter(pl.col("status") == "failed")
    assert (failed["rows_loaded"] == 0).all()
    # everything in the history was loaded exactly once
    assert runs["rows_loaded"].sum() == raw[table].height


def test_metrics_agree_with_error_logs(raw: dict[str, pl.DataFrame]) -> None:
    metrics = raw["system_metrics"]
    errors = raw["error_logs"]
    assert metrics.select(pl.struct("metric_date", "service").is_unique().all()).item()
    occurrences = errors.group_by("service", pl.col("logged_at").dt.date().alias("metric_date")).agg(
        pl.col("occurrences").sum()
    )
    joined = metrics.join(occurrences, on=["service", "metric_date"], how="left")
    assert (joined["failed_requests"] == joined["occurrences"].fill_null(0)).all()
    assert occurrences.join(metrics, on=["service", "metric_date"], how="anti").height == 0
    rate = metrics.filter(pl.col("requests") > 0)
    expected = rate["failed_requests"] / rate["requests"]
    assert ((rate["error_rate"].cast(pl.Float64) - expected).abs() <= 5.1e-7).all()
    days = (AS_OF_DATE - _history_start(raw)).days + 1
    for service in ("api", "web", "database"):
        assert metrics.filter(pl.col("service") == service).height == days
    # ETL failures are logged as errors of the etl service
    etl_failures = raw["etl_logs"].select((pl.col("attempts") - (pl.col("status") != "failed").cast(pl.Int64)).sum())
    assert errors.filter(pl.col("service") == "etl").height == etl_failures.item()


def test_api_versions_are_ordered(raw: dict[str, pl.DataFrame]) -> None:
    versions = raw["api_versions"].sort("api_version_id")
    assert versions.height >= 3
    released = versions["released_date"]
    assert (released.diff().drop_nulls().dt.total_days() > 0).all()
    assert versions["is_current"].sum() == 1
    assert versions["is_current"][-1]
    assert (versions["deprecated_date"].head(-1) == released.tail(-1)).all()
    sunset = versions.filter(pl.col("sunset_date").is_not_null())
    assert (sunset["sunset_date"] > sunset["deprecated_date"]).all()
    assert (released <= AS_OF_DATE).all()
    assert (versions["sunset_date"].drop_nulls() <= AS_OF_DATE).all()


def test_bursts_are_found_in_the_warehouse(duckdb_path: Path, raw: dict[str, pl.DataFrame]) -> None:
    """An audit report in SQL finds the failed bursts on the staging models, each with its event."""
    query = """
        with failures as (
            select
                client_id,
                attempted_at,
                attempted_at - lag(attempted_at) over (partition by client_id order by attempted_at) as gap
            from staging.stg_login_attempts
            where not success and client_id is not null
        ),
        runs as (
            select
                client_id,
                attempted_at,
                sum(case when gap is null or gap > interval '5' minute then 1 else 0 end)
                    over (partition by client_id order by attempted_at) as run
            from failures
        ),
        bursts as (
            select client_id, run, min(attempted_at) as first_at, max(attempted_at) as last_at
            from runs
            group by client_id, run
            having count(*) >= 5
        )
        select
            count(*) as bursts,
            count(distinct events.event_id) as flagged
        from bursts
        left join staging.stg_security_events as events
            on events.client_id = bursts.client_id
            and events.event_type = 'brute_force_suspected'
            and events.occurred_at between bursts.first_at and bursts.last_at
    """
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        bursts, flagged = connection.execute(query).fetchall()[0]
    expected = raw["security_events"].filter(pl.col("event_type") == "brute_force_suspected").height
    assert bursts == flagged == expected >= 2
