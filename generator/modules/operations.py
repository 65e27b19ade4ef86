"""Operations: portal logins and sessions, security events, audit logs and field-level audit
trails, GDPR data exports, system metrics, error logs, the warehouse's own nightly loads (ETL
runs) and the API versions.

Everything about a client lies inside the relationship and the history (on or after the later of
the onboarding date and the history start, on or before the as-of date at 23:59:59): the advisor
creates the client's records on the onboarding day, and the client's own activity starts the day
after. Timestamps are whole seconds (UTC). Volumes per client-year inside the history (about 6,800 client-years at
1,000 clients over ten years):

- login_attempts: about 25 client attempts a year (a Poisson count around a client-specific rate
  near 23, 5% failing - wrong password, or a failed MFA challenge once MFA is on - and retried
  successfully within three minutes). About 3% of clients (at least two) suffer a failed burst:
  5 to 15 wrong passwords from a foreign address within minutes, half of the longer ones ending
  in a lockout (the attempts after the fifth fail with locked_account). Advisors log in once on
  each working day (85% of trading days, and every day they act on a client).
- user_sessions: one per successful login, starting at the login; client sessions last minutes,
  advisor sessions the working day.
- security_events: raised from the logins - brute_force_suspected for every failed burst (on its
  fifth failure), account_locked for every lockout, new_device_login for the first successful
  login of a client from a device not used before - plus password resets (after a lockout, and
  about one every seven years otherwise) and MFA enrolments (55% of clients).
- audit_logs: about 18 audited actions a year (views and statement exports by the client inside
  portal sessions, views, exports and edits by the client's advisor at the time, creation of the
  client, its accounts, portfolios and goals when they fall in the history, rebalancing updates
  and export-file handling by the system, and every advisor login).
- audit_trails: about 2.2 edits of the client record a year by the client's advisor, each
  changing one or two fields (email, phone, street address, marital status, risk profile); each
  field's history chains old to new values and ends at the client's current value.
- data_export_logs: about 0.005 GDPR exports per client-year (at least two), requested by the
  client in a portal session.
- system_metrics / error_logs: one row per service (api, web, database every day; etl every
  trading day), the load following the sessions, page views and ETL runs; the failed requests of
  a day are split into error_logs rows (one per error code and day, with the occurrences).
- etl_logs: one run per pipeline per trading day (prices, fx_rates, benchmark_levels,
  transactions, clients); rows_loaded counts the source rows of the business dates loaded.
- api_versions: the public API's releases, roughly one a year.

About 600k rows at 1,000 clients over ten years (login attempts and sessions, at the stated
login rate, make up 370k of them); `build` takes under a second.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from generator.context import Context
from generator.modules._common import advisor_at, gather
from generator.modules._segments import run_starts, segment_positions, segment_sizes
from generator.ordering import lex_order, stable_argsort
from generator.reference import seed

DAY = 86_400
HOUR = 3_600
LOGINS_PER_YEAR = 23.0
LOGIN_FAILURE_RATE = 0.05
MFA_FAILURE_SHARE = 0.4  # of the failures of clients with MFA on
LATEST_LOGIN = DAY - 900  # client logins start before 23:45 (retries and sessions stay in the day)
NEW_DEVICE_RATE = 0.012
TRAVEL_RATE = 0.03
BURST_CLIENT_RATE = 0.03
MIN_BURST_CLIENTS = 2
BURST_THRESHOLD = 5  # failures that raise brute_force_suspected (and lock the account)
LOCKOUT_RATE = 0.5
ADVISOR_WORKDAY_RATE = 0.85
ADVISOR_LOGIN_FAILURE_RATE = 0.03
PORTAL_ACTIONS_PER_SESSION = 0.45
ADVISOR_ACTIONS_PER_YEAR = 4.5
EDITS_PER_YEAR = 2.2
TWO_FIELD_EDIT_RATE = 0.25
PASSWORD_RESETS_PER_YEAR = 0.15
MFA_ENROLMENT = 0.55  # share of clients who turn MFA on inside the history
EXPORTS_PER_CLIENT_YEAR = 0.005
MIN_EXPORTS = 2
EXPORT_RETENTION_DAYS = 30
SYSTEM_IP = "10.0.0.10"

DEVICES = (
    "Chrome on Windows",
    "Safari on macOS",
    "Edge on Windows",
    "Firefox on Linux",
    "Chrome on macOS",
    "iPhone app",
    "Android app",
    "iPad app",
    "Safari on iPhone",
)
MOBILE = np.array([False, False, False, False, False, True, True, True, True])
BURST_DEVICE = "Unknown (scripted client)"
OFFICE_DEVICE = "Office workstation (Chrome on Windows)"
ALL_DEVICES = (*DEVICES, BURST_DEVICE, OFFICE_DEVICE)
BURST_DEVICE_INDEX = len(DEVICES)
OFFICE_DEVICE_INDEX = len(DEVICES) + 1
TRAVEL_COUNTRIES = ("PT", "JP", "AE", "MX", "TH", "AU", "GR", "SG")  # never a residence country
ATTACK_COUNTRIES = ("RU", "CN", "BR", "NG", "VN", "RO", "UA", "ID")
# client logins by hour of the day (UTC): a morning and an evening peak
HOUR_WEIGHTS = np.array(
    [0.5, 0.3, 0.2, 0.2, 0.2, 0.4, 1, 2, 3.5, 4, 4, 3.5, 4, 4, 3.5, 3.5, 3.5, 4, 5, 6, 6, 5, 3, 1.2]
)
FAILURE_REASONS = ("wrong_password", "mfa_failed", "locked_account")

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
EDIT_FIELDS = ("email", "phone", "street_address", "marital_status", "risk_profile")
EDIT_WEIGHTS = np.array([0.25, 0.25, 0.3, 0.1, 0.1])
PREVIOUS_MARITAL = {"married": "single", "divorced": "married", "widowed": "married", "single": "married"}
OLD_EMAIL_DOMAINS = ("aol.com", "hotmail.com", "web.de", "orange.fr", "btinternet.com", "comcast.net", "bluewin.ch")

SERVICES = ("api", "web", "database", "etl")
BASE_LATENCY_MS = {"api": 180.0, "web": 420.0, "database": 25.0}
ERROR_CODES = {  # service -> (code, severity, weight, message template with one {} for the detail)
    "web": (
        ("WEB-404", "warning", 0.45, "Page not found: {}"),
        ("WEB-500", "error", 0.25, "Unhandled exception while rendering {}"),
        ("WEB-502", "error", 0.15, "Bad gateway from the API while loading {}"),
        ("WEB-CSRF", "warning", 0.15, "CSRF token mismatch on {}"),
    ),
    "api": (
        ("API-401", "warning", 0.35, "Expired access token on {}"),
        ("API-422", "warning", 0.2, "Validation failed on {}"),
        ("API-429", "warning", 0.15, "Rate limit exceeded on {}"),
        ("API-500", "error", 0.2, "Unhandled exception in {}"),
        ("API-504", "error", 0.1, "Upstream timeout calling {}"),
    ),
    "database": (
        ("DB-LOCKWAIT", "warning", 0.4, "Lock wait timeout on table {}"),
        ("DB-DEADLOCK", "error", 0.3, "Deadlock detected on table {}; transaction rolled back"),
        ("DB-TIMEOUT", "error", 0.25, "Statement timeout after 30 s on table {}"),
        ("DB-CONN", "critical", 0.05, "Connection pool exhausted while querying {}"),
    ),
}
ERROR_DETAILS = {
    "web": ("/dashboard", "/portfolio/holdings", "/documents", "/goals", "/settings/profile", "/statements"),
    "api": ("GET /v2/portfolios", "GET /v2/accounts", "POST /v2/sessions", "GET /v2/prices", "GET /v2/goals"),
    "database": ("transactions", "positions", "prices", "sessions", "audit_logs", "clients"),
}
PIPELINES = ("prices", "fx_rates", "benchmark_levels", "transactions", "clients")
PIPELINE_START = {  # seconds after midnight, UTC
    "prices": 18 * HOUR + 1800,
    "fx_rates": 18 * HOUR + 600,
    "benchmark_levels": 19 * HOUR,
    "transactions": 19 * HOUR + 1800,
    "clients": 20 * HOUR,
}
PIPELINE_COST_S = {"prices": 0.02, "fx_rates": 0.05, "benchmark_levels": 0.05, "transactions": 0.03, "clients": 0.5}
ETL_FAILURE_RATE = 0.005
ETL_RETRY_RATE = 0.025
ETL_ERRORS = (
    "Connection reset by the source system",
    "Timeout reading the extract after 300 s",
    "Schema check failed: unexpected null key",
    "Source file not yet available",
)
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


@dataclass(frozen=True)
class Window:
    """Each client's part of the history, as day numbers (days since 1970-01-01)."""

    client_id: np.ndarray
    onboarding: np.ndarray
    start: np.ndarray  # the day after onboarding (the record is created that day) or the history start
    end: int  # the as-of day
    history_start: int
    country: pl.Series  # residence country

    @property
    def span(self) -> np.ndarray:
        return self.end - self.start + 1

    @property
    def n(self) -> int:
        return len(self.client_id)


def _day_numbers(series: pl.Series) -> np.ndarray:
    return series.to_numpy().astype("datetime64[D]").astype(np.int64)


def _timestamp(seconds: np.ndarray | pl.Series) -> pl.Series:
    """Seconds since 1970 as a microsecond timestamp column."""
    return (pl.Series(seconds, dtype=pl.Int64) * 1_000_000).cast(pl.Datetime("us"))


def _date(days: np.ndarray | pl.Series) -> pl.Series:
    return pl.Series(days, dtype=pl.Int64).cast(pl.Int32).cast(pl.Date)


def _masked(values: np.ndarray, keep: np.ndarray, name: str) -> pl.Series:
    """`values` where `keep`, null elsewhere."""
    return pl.select(pl.when(pl.Series(keep)).then(pl.Series(values)).alias(name)).to_series()


def _position(count: np.ndarray) -> np.ndarray:
    """0, 1, 2... within each group of `count` consecutive rows."""
    return np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)


def _window(ctx: Context) -> Window:
    clients = ctx.people.clients
    onboarding = _day_numbers(clients.get_column("onboarding_date"))
    history_start = int(np.datetime64(ctx.config.history_start, "D").astype(np.int64))
    return Window(
        client_id=clients.get_column("client_id").to_numpy(),
        onboarding=onboarding,
        start=np.maximum(onboarding + 1, history_start),
        end=int(np.datetime64(ctx.config.as_of, "D").astype(np.int64)),
        history_start=history_start,
        country=clients.get_column("residence_country"),
    )


def _trading_day_in_window(ctx: Context, w: Window, row: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A uniform day of each row's client window moved to the next trading day (the last one at the end)."""
    trading = ctx.cal.days.astype(np.int64)
    day = w.start[row] + (rng.random(len(row)) * w.span[row]).astype(np.int64)
    index = np.minimum(np.searchsorted(trading, day), len(trading) - 1)
    return np.maximum(trading[index], w.start[row])


def _advisor_at(ctx: Context, client_id: np.ndarray, day: np.ndarray) -> np.ndarray:
    return advisor_at(ctx, client_id, day, "operations: an action")


# ---------------------------------------------------------------------------------------------
# logins and sessions


def _home_ip(client_id: np.ndarray) -> pl.Series:
    """The private address of each client's home network, from the client id."""
    frame = pl.DataFrame({"a": 100 + (client_id >> 16), "b": (client_id >> 8) & 255, "c": client_id & 255})
    return frame.select(pl.format("10.{}.{}.{}", "a", "b", "c")).to_series()


def _mfa(w: Window, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """When each client turned MFA on (seconds; far future if never) and whether it is an event
    inside the history (clients onboarded before the history may have turned it on earlier)."""
    n = w.n
    inside = rng.random(n) < MFA_ENROLMENT
    before = ~inside & (w.onboarding < w.history_start) & (rng.random(n) < 0.5)
    when = (w.start + (rng.random(n) * w.span).astype(np.int64)) * DAY + rng.integers(6 * HOUR, 22 * HOUR, n)
    since = np.where(inside, when, np.where(before, 0, np.iinfo(np.int64).max))
    return since, inside


def _client_logins(ctx: Context, w: Window, rng: np.random.Generator, mfa_since: np.ndarray) -> pl.DataFrame:
    """Ordinary portal logins of the clients, with a successful retry after each failure."""
    n = w.n
    rate = np.clip(LOGINS_PER_YEAR * np.exp(0.3 * rng.standard_normal(n) - 0.045), 8, 60)
    count = rng.poisson(rate * w.span / 365.25)
    row = np.repeat(np.arange(n), count)
    m = len(row)
    day = w.start[row] + (rng.random(m) * w.span[row]).astype(np.int64)
    hour = rng.choice(24, m, p=HOUR_WEIGHTS / HOUR_WEIGHTS.sum())
    ts = day * DAY + np.minimum(hour * HOUR + rng.integers(0, HOUR, m), LATEST_LOGIN)
    usual = rng.random((n, len(DEVICES))).argsort(axis=1)  # [client, rank]: the client's devices by habit
    n_usual = rng.choice([1, 2, 3], n, p=[0.45, 0.4, 0.15])
    slot = np.minimum(np.searchsorted([0.75, 0.93], rng.random(m), side="right"), n_usual[row] - 1)
    slot = np.where(rng.random(m) < NEW_DEVICE_RATE, 3 + rng.integers(0, len(DEVICES) - 3, m), slot)
    device = usual[row, slot]
    habitual = slot < n_usual[row]
    travel = rng.random(m) < TRAVEL_RATE
    mobile_network = MOBILE[device] & (rng.random(m) < 0.5)
    client_id = w.client_id[row]
    host = rng.integers(1, 255, m)
    frame = pl.DataFrame(
        {
            "client_id": client_id,
            "ts": ts,
            "device": device,
            "habitual": habitual,
            "travel": travel,
            "mobile": mobile_network,
            "host": host,
            "home_ip": _home_ip(w.client_id).gather(row),  # formatted once per client
            "residence": w.country.gather(row),
            "abroad": gather(TRAVEL_COUNTRIES, rng.integers(0, len(TRAVEL_COUNTRIES), m)),
        }
    ).select(
        "client_id",
        "ts",
        "device",
        "habitual",
        pl.when("travel")
        .then(pl.format("203.0.113.{}", "host"))
        .when("mobile")
        .then(pl.format("198.51.100.{}", "host"))
        .otherwise("home_ip")
        .alias("ip_address"),
        pl.when("travel").then("abroad").otherwise("residence").alias("country"),
    )
    failed = rng.random(m) < LOGIN_FAILURE_RATE
    mfa_on = ts > mfa_since[row]
    reason = np.where(mfa_on & (rng.random(m) < MFA_FAILURE_SHARE), 1, 0)
    frame = frame.with_columns(
        pl.Series("success", ~failed),
        pl.when(pl.Series(failed)).then(gather(FAILURE_REASONS, reason)).alias("failure_reason"),
    )
    retries = frame.filter(~pl.col("success")).with_columns(
        (pl.col("ts") + pl.Series(rng.integers(15, 180, int(failed.sum())))).alias("ts"),
        pl.lit(True).alias("success"),
        pl.lit(None, dtype=pl.String).alias("failure_reason"),
    )
    return pl.concat([frame, retries]).with_columns(
        pl.lit(-1).alias("burst"), pl.lit(-1).alias("burst_pos"), pl.lit(False).alias("locked")
    )


def _bursts(w: Window, rng: np.random.Generator) -> pl.DataFrame:
    """Failed bursts: 5-15 wrong passwords within minutes from a foreign address, some ending in a lockout."""
    k = min(w.n, max(MIN_BURST_CLIENTS, int(rng.binomial(w.n, BURST_CLIENT_RATE))))
    who = np.sort(rng.choice(w.n, k, replace=False))
    row = np.repeat(who, 1 + (rng.random(k) < 0.25))
    nb = len(row)
    start = (w.start[row] + (rng.random(nb) * w.span[row]).astype(np.int64)) * DAY + rng.integers(0, DAY - 1800, nb)
    length = rng.integers(BURST_THRESHOLD, 16, nb)
    locked = (length > BURST_THRESHOLD + 1) & (rng.random(nb) < LOCKOUT_RATE)
    burst = np.repeat(np.arange(nb), length)
    pos = _position(length)
    gaps = np.where(pos == 0, 0, rng.integers(3, 40, len(burst)))
    cumulative = np.cumsum(gaps)
    ts = start[burst] + cumulative - np.repeat(cumulative[np.cumsum(length) - length], length)
    reason = np.where(locked[burst] & (pos > BURST_THRESHOLD - 1), 2, 0)
    first_octet = rng.integers(0, 2, nb)
    host = rng.integers(1, 255, nb)
    ip = pl.DataFrame({"net": first_octet, "host": host}).select(
        pl.when(pl.col("net") == 0)
        .then(pl.format("192.0.2.{}", "host"))
        .otherwise(pl.format("203.0.113.{}", "host"))
        .alias("ip")
    )["ip"]
    return pl.DataFrame(
        {
            "client_id": w.client_id[row[burst]],
            "ts": ts,
            "device": np.full(len(burst), BURST_DEVICE_INDEX),
            "habitual": np.zeros(len(burst), dtype=bool),
            "ip_address": ip.gather(burst),
            "country": gather(ATTACK_COUNTRIES, rng.integers(0, len(ATTACK_COUNTRIES), nb)).gather(burst),
            "success": np.zeros(len(burst), dtype=bool),
            "failure_reason": gather(FAILURE_REASONS, reason),
            "burst": burst,
            "burst_pos": pos,
            "locked": locked[burst],
        }
    )


def _client_sessions(rng: np.random.Generator, attempts: pl.DataFrame, end_of_as_of: int) -> pl.DataFrame:
    """Session end and page views of each successful client login."""
    m = attempts.height
    duration = np.clip(np.exp(rng.normal(np.log(420), 0.8, m)), 30, 7200).astype(np.int64)
    start = attempts.get_column("ts").to_numpy()
    pages = np.minimum(1 + rng.poisson(duration / 60 * 0.8), 250)
    success = attempts.get_column("success").to_numpy()
    return attempts.with_columns(
        _masked(np.minimum(start + duration, end_of_as_of), success, "end_ts"),
        _masked(pages, success, "pages"),
    )


def _advisor_logins(ctx: Context, action_days: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """One login (and a full-day session) per advisor working day: most trading days of the
    history and every day the advisor acts on a client; a few logins follow a failed attempt."""
    trading = ctx.cal.days.astype(np.int64)
    advisors = ctx.people.advisors
    advisor_id = advisors.get_column("advisor_id").to_numpy()
    works = rng.random((len(advisor_id), len(trading))) < ADVISOR_WORKDAY_RATE
    a, d = np.nonzero(works)
    days = (
        pl.concat(
            [
                pl.DataFrame({"advisor_id": advisor_id[a], "day": trading[d]}),
                action_days.select("advisor_id", "day"),
            ]
        )
        .unique()
        .sort("advisor_id", "day")
    )
    m = days.height
    login = days.get_column("day").to_numpy() * DAY + rng.integers(7 * HOUR + 1800, 9 * HOUR, m)
    end = days.get_column("day").to_numpy() * DAY + rng.integers(17 * HOUR + 1800, 19 * HOUR + 1800, m)
    office = advisors.select("advisor_id", pl.col("office_country").alias("country"))
    sessions = days.with_columns(
        pl.Series("ts", login),
        pl.Series("end_ts", end),
        pl.Series("pages", rng.integers(40, 300, m)),
        pl.lit(True).alias("success"),
        pl.lit(None, dtype=pl.String).alias("failure_reason"),
    )
    failures = sessions.filter(pl.Series(rng.random(m) < ADVISOR_LOGIN_FAILURE_RATE))
    failures = failures.with_columns(
        (pl.col("ts") - pl.Series(rng.integers(30, 150, failures.height))).alias("ts"),
        pl.lit(None, dtype=pl.Int64).alias("end_ts"),
        pl.lit(None, dtype=pl.Int64).alias("pages"),
        pl.lit(False).alias("success"),
        gather(FAILURE_REASONS, rng.choice(2, failures.height, p=[0.7, 0.3])).alias("failure_reason"),
    )
    return (
        pl.concat([sessions, failures])
        .join(office, on="advisor_id")
        .with_columns(
            pl.format("10.0.{}.{}", 1 + pl.col("advisor_id") // 250, 1 + pl.col("advisor_id") % 250).alias(
                "ip_address"
            ),
            pl.lit(OFFICE_DEVICE_INDEX).alias("device"),
        )
    )


def _number_attempts(client: pl.DataFrame, advisor: pl.DataFrame) -> pl.DataFrame:
    """Every login attempt with its attempt_id (in time order) and, for successful ones, its session_id."""
    columns = [
        "user_type",
        "client_id",
        "advisor_id",
        "ts",
        "ip_address",
        "device",
        "habitual",
        "country",
        "success",
        "failure_reason",
        "end_ts",
        "pages",
        "burst",
        "burst_pos",
        "locked",
    ]
    client = client.with_columns(
        pl.lit("client").alias("user_type"), pl.lit(None, dtype=pl.Int64).alias("advisor_id")
    ).select(columns)
    advisor = advisor.with_columns(
        pl.lit("advisor").alias("user_type"),
        pl.lit(None, dtype=pl.Int64).alias("client_id"),
        pl.lit(-1).alias("burst"),
        pl.lit(-1).alias("burst_pos"),
        pl.lit(False).alias("locked"),
        pl.lit(True).alias("habitual"),
    ).select(columns)
    frame = pl.concat([client, advisor], how="vertical_relaxed")
    # sorted by ts, user_type ("advisor" before "client"), client_id, advisor_id (nulls last),
    # success, burst_pos: one packed numpy sort instead of a six-column Polars sort
    keys = frame.select(
        "ts",
        pl.col("user_type") == "client",
        *(pl.col(name).fill_null(pl.col(name).max().fill_null(0) + 1) for name in ("client_id", "advisor_id")),
        "success",
        "burst_pos",
    )
    if sum(keys.null_count().row(0)):
        raise RuntimeError("operations: a login attempt without its sort keys")
    frame = frame.rechunk()[
        lex_order([column.to_numpy() for column in keys.get_columns()])
    ]  # gathers faster in one chunk
    return frame.with_columns(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("attempt_id"),
        pl.when("success").then(pl.col("success").cast(pl.Int64).cum_sum()).alias("session_id"),
        pl.col("device").cast(pl.Int64),
    )


# ---------------------------------------------------------------------------------------------
# audit


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


def _edit_values(ctx: Context, edits: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """Field-level changes of the client-record edits: one or two fields per edit; each field's
    history chains old to new values and ends at the client's current value."""
    n = edits.height
    first = rng.choice(len(EDIT_FIELDS), n, p=EDIT_WEIGHTS)
    second = (first + 1 + rng.integers(0, len(EDIT_FIELDS) - 1, n)) % len(EDIT_FIELDS)
    two = rng.random(n) < TWO_FIELD_EDIT_RATE
    fields = pl.concat(
        [
            edits.select("audit_key", "client_id", "ts", "actor_advisor_id", gather(EDIT_FIELDS, first).alias("field")),
            edits.filter(pl.Series(two)).select(
                "audit_key", "client_id", "ts", "actor_advisor_id", gather(EDIT_FIELDS, second[two]).alias("field")
            ),
        ]
    )
    clients = ctx.people.clients.select(
        "client_id", "email", "phone", "street_address", "marital_status", "risk_profile", "residence_country"
    )
    current = clients.unpivot(index="client_id", on=list(EDIT_FIELDS), variable_name="field", value_name="current")
    trails = (
        fields.join(current, on=["client_id", "field"])
        .join(clients.select("client_id", "email", "phone", "residence_country"), on="client_id")
        .sort("client_id", "field", "ts", "audit_key")
    )
    m = trails.height
    # two distinct candidate earlier values per row: the old value is the first unless it equals the new one
    i = rng.integers(0, 1 << 30, m)
    profiles = seed("risk_profiles").sort("risk_level").get_column("risk_profile_code").to_list()
    # a risk profile moves by one level (from the ends, inwards)
    down = {p: profiles[k - 1] if k > 0 else profiles[1] for k, p in enumerate(profiles)}
    up = {p: profiles[k + 1] if k < len(profiles) - 1 else profiles[-2] for k, p in enumerate(profiles)}
    pool = pl.concat(
        [
            pl.DataFrame({"street": pl.Series(streets.tolist(), dtype=pl.String).unique(maintain_order=True)}).select(
                pl.lit(code).alias("residence_country"), pl.int_range(0, pl.len()).alias("_k"), "street"
            )
            for code, streets in ((code, country.streets) for code, country in ctx.pools.countries.items())
        ]
    )
    sizes = pool.group_by("residence_country").agg(pl.len().alias("_size"))
    trails = (
        trails.with_row_index("_row")
        .join(sizes, on="residence_country", how="left")
        .with_columns(
            (pl.Series(i) % pl.col("_size")).alias("_ka"),
            ((pl.Series(i) + 1) % pl.col("_size")).alias("_kb"),
            pl.Series("_i", i),
            pl.Series("_pa", rng.integers(200, 999, m)),
            pl.Series("_pb", rng.integers(100, 999, m)),
            pl.Series("_pc", rng.integers(0, 9999, m)),
        )
        .join(pool.rename({"_k": "_ka", "street": "_street_a"}), on=["residence_country", "_ka"], how="left")
        .join(pool.rename({"_k": "_kb", "street": "_street_b"}), on=["residence_country", "_kb"], how="left")
        .sort("_row")
    )
    local = pl.col("email").str.split("@").list.first()
    dial = pl.col("phone").str.split(" ").list.first()
    phone_a = pl.format("{} {} {} {}", dial, "_pa", "_pb", pl.col("_pc").cast(pl.String).str.zfill(4))
    phone_b = pl.format("{} {} {} {}", dial, "_pa", "_pb", ((pl.col("_pc") + 1) % 10000).cast(pl.String).str.zfill(4))
    n_domains = len(OLD_EMAIL_DOMAINS)
    candidate_a = (
        pl.when(pl.col("field") == "email")
        .then(local + "@" + gather(OLD_EMAIL_DOMAINS, i % n_domains))
        .when(pl.col("field") == "phone")
        .then(phone_a)
        .when(pl.col("field") == "street_address")
        .then(pl.col("_street_a"))
        .otherwise(pl.lit(None, dtype=pl.String))
    )
    candidate_b = (
        pl.when(pl.col("field") == "email")
        .then(local + "@" + gather(OLD_EMAIL_DOMAINS, (i + 1) % n_domains))
        .when(pl.col("field") == "phone")
        .then(phone_b)
        .when(pl.col("field") == "street_address")
        .then(pl.col("_street_b"))
        .otherwise(pl.lit(None, dtype=pl.String))
    )
    starts = run_starts(trails, "client_id", "field")  # a (client, field)'s rows are consecutive
    trails = trails.with_columns(
        candidate_a.alias("_a"),
        candidate_b.alias("_b"),
        pl.Series("_j", segment_positions(starts)),
        pl.Series("_n", segment_sizes(starts)),
        pl.lit(None, dtype=pl.String).alias("old_value"),
    )
    # the rows of a (client, field) are consecutive (sorted above): below its last row, the next
    # row's old value is the new value (a plain shift, no window per client and field)
    newer = pl.when(pl.col("_j") == pl.col("_n") - 1).then(pl.col("current")).otherwise(pl.col("old_value").shift(-1))
    for position in range(int(trails.get_column("_n").max() or 0) - 1, -1, -1):  # a loop over edit positions
        trails = trails.with_columns(newer.alias("new_value")).with_columns(
            pl.when(pl.col("_j") != position)
            .then("old_value")
            .when(pl.col("field") == "marital_status")
            .then(pl.col("new_value").replace_strict(PREVIOUS_MARITAL, return_dtype=pl.String))
            .when(pl.col("field") == "risk_profile")
            .then(
                pl.when(pl.col("_i") % 2 == 0)
                .then(pl.col("new_value").replace_strict(down, return_dtype=pl.String))
                .otherwise(pl.col("new_value").replace_strict(up, return_dtype=pl.String))
            )
            .when(pl.col("_a") != pl.col("new_value"))
            .then("_a")
            .otherwise("_b")
            .alias("old_value")
        )
    return trails.with_columns(newer.alias("new_value"))


# ---------------------------------------------------------------------------------------------
# the tables


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
        pl.int_range(1, k + 1, dtype=pl.Int64).alias("event_id"),
        "event_type",
        "severity",
        "client_id",
        _timestamp(events.get_column("ts")).alias("occurred_at"),
        "related_attempt_id",
        pl.Series("status", status.tolist(), dtype=pl.String),
        _timestamp(_masked(resolved, ~unresolved, "resolved_at")).alias("resolved_at"),
        "description",
    )


def _data_exports(
    ctx: Context, w: Window, sessions: pl.DataFrame, attempts: pl.DataFrame, end_of_as_of: int
) -> pl.DataFrame:
    """GDPR data exports requested by clients inside portal sessions."""
    rng = ctx.stream("data_export_logs")
    client_years = float(w.span.sum()) / 365.25
    count = min(sessions.height, max(MIN_EXPORTS, int(rng.poisson(EXPORTS_PER_CLIENT_YEAR * client_years))))
    chosen = np.sort(rng.choice(sessions.height, count, replace=False))
    source = sessions[chosen]
    span = (source.get_column("end_ts") - source.get_column("ts")).to_numpy()
    requested = source.get_column("ts").to_numpy() + (rng.random(count) * (span + 1)).astype(np.int64)
    requested = np.minimum(requested, source.get_column("end_ts").to_numpy())
    completed = requested + rng.integers(300, 48 * HOUR, count)
    pending = completed > end_of_as_of
    failed = ~pending & (rng.random(count) < 0.08)
    status = np.where(pending, "processing", np.where(failed, "failed", "completed"))
    exports = source.select("client_id", "session_id", "ip_address").with_columns(
        pl.Series("requested", requested),
        _masked(completed, ~pending, "completed"),
        pl.Series("status", status.tolist(), dtype=pl.String),
        gather(("json", "csv", "pdf"), rng.choice(3, count, p=[0.5, 0.3, 0.2])).alias("export_format"),
    )
    exports = exports.sort("requested", "client_id").with_columns(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("export_id")
    )
    # records exported: the client's transactions and login attempts up to the request
    owners = ctx.portfolios.select("portfolio_id", "client_id")
    wanted = exports.get_column("client_id").unique().implode()
    transactions = (
        ctx.transactions.select("portfolio_id", "trade_date")
        .join(owners, on="portfolio_id")
        .filter(pl.col("client_id").is_in(wanted))
        .select("client_id", (pl.col("trade_date").cast(pl.Int32).cast(pl.Int64) * DAY).alias("at"))
    )
    logins = attempts.filter(pl.col("client_id").is_in(wanted)).select("client_id", pl.col("ts").alias("at"))
    counted = (
        exports.select("export_id", "client_id", "requested")
        .join(pl.concat([transactions, logins]), on="client_id")
        .filter(pl.col("at") <= pl.col("requested"))
        .group_by("export_id")
        .agg(pl.len().cast(pl.Int64).alias("records"))
    )
    return (
        exports.join(counted, on="export_id", how="left")
        .sort("export_id")
        .with_columns(pl.when(pl.col("status") == "completed").then(pl.col("records").fill_null(0)).alias("records"))
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
    return logs.with_columns(pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("audit_log_id"))


def _etl_logs(ctx: Context, edit_days: np.ndarray) -> pl.DataFrame:
    """One run per pipeline per trading day, loading the business dates since the last good run."""
    rng = ctx.stream("etl_logs")
    first = int(np.datetime64(ctx.config.history_start, "D").astype(np.int64))
    last = int(np.datetime64(ctx.config.as_of, "D").astype(np.int64))
    n_days = last - first + 1
    sources = {
        "prices": _day_numbers(ctx.market.tables["prices"].get_column("price_date")),
        "fx_rates": _day_numbers(ctx.market.tables["fx_rates"].get_column("rate_date")),
        "benchmark_levels": _day_numbers(ctx.market.tables["benchmark_levels"].get_column("level_date")),
        "transactions": _day_numbers(ctx.transactions.get_column("trade_date")),
        "clients": np.r_[_day_numbers(ctx.people.clients.get_column("onboarding_date")), edit_days],
    }
    trading = ctx.cal.days.astype(np.int64)
    n = len(trading)
    frames = []
    for pipeline in PIPELINES:  # a loop over the five pipelines
        days = sources[pipeline]
        days = days[(days >= first) & (days <= last)]
        cumulative = np.r_[0, np.cumsum(np.bincount(days - first, minlength=n_days))]
        u = rng.random(n)
        status = np.where(u < ETL_FAILURE_RATE, 2, np.where(u < ETL_FAILURE_RATE + ETL_RETRY_RATE, 1, 0))
        status[-1] = 0  # the as-of day's data is loaded
        good = status != 2
        # the last good run before each run (its date + 1 is where the data to load starts)
        last_good = np.where(good, np.arange(n), -1)
        last_good = np.maximum.accumulate(np.r_[-1, last_good[:-1]])
        data_from = np.where(last_good >= 0, trading[np.maximum(last_good, 0)] + 1, first)
        rows = cumulative[trading - first + 1] - cumulative[data_from - first]
        rows = np.where(good, rows, 0)
        start = trading * DAY + PIPELINE_START[pipeline] + rng.integers(0, 600, n)
        run = np.rint((20 + rows * PIPELINE_COST_S[pipeline]) * np.exp(0.25 * rng.standard_normal(n))).astype(np.int64)
        fail_after = rng.integers(30, 300, n)
        wait = rng.integers(600, 1200, n)
        finish = np.select(
            [status == 0, status == 1],
            [start + run, start + fail_after + wait + run],
            start + fail_after + wait + fail_after,
        )
        message = gather(ETL_ERRORS, rng.integers(0, len(ETL_ERRORS), n))
        frames.append(
            pl.DataFrame(
                {
                    "run_day": trading,
                    "pipeline": pipeline,
                    "start": start,
                    "finish": finish,
                    "status": gather(("success", "retried", "failed"), status),
                    "attempts": np.where(status == 0, 1, 2),
                    "rows_loaded": rows,
                    "data_from": _masked(data_from, good, "data_from"),
                    "data_to": _masked(trading, good, "data_to"),
                    "error_message": message,
                    "first_failure": start + fail_after,
                    "second_failure": start + fail_after + wait + fail_after,
                }
            ).with_columns(
                pl.when(pl.col("status") == "success").then(None).otherwise("error_message").alias("error_message")
            )
        )
    order = {p: i for i, p in enumerate(PIPELINES)}
    runs = pl.concat(frames).sort("start", pl.col("pipeline").replace_strict(order, return_dtype=pl.Int64))
    return runs.with_columns(pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("etl_run_id"))


def _metrics_and_errors(ctx: Context, attempts: pl.DataFrame, runs: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = ctx.stream("system_metrics")
    first = int(np.datetime64(ctx.config.history_start, "D").astype(np.int64))
    last = int(np.datetime64(ctx.config.as_of, "D").astype(np.int64))
    days = np.arange(first, last + 1)
    n_days = len(days)
    in_range = attempts.filter((pl.col("ts") // DAY) >= first)
    day_index = ((in_range.get_column("ts") // DAY) - first).to_numpy()
    pages = np.bincount(day_index, weights=in_range.get_column("pages").fill_null(0).to_numpy(), minlength=n_days)
    logins = np.bincount(day_index, minlength=n_days)
    web = np.rint(pages + logins).astype(np.int64)
    api = np.rint(web * rng.uniform(4.0, 6.0, n_days)).astype(np.int64)
    run_index = runs.get_column("run_day").to_numpy() - first
    etl_rows = np.bincount(run_index, weights=runs.get_column("rows_loaded").to_numpy(), minlength=n_days)
    database = np.rint((api + etl_rows / 20) * rng.uniform(2.5, 3.5, n_days)).astype(np.int64)
    etl_attempts = np.bincount(run_index, weights=runs.get_column("attempts").to_numpy(), minlength=n_days)
    etl_failures = runs.select(
        "run_day", (pl.col("attempts") - (pl.col("status") != "failed").cast(pl.Int64)).alias("failures")
    )
    etl_failed = np.bincount(run_index, weights=etl_failures.get_column("failures").to_numpy(), minlength=n_days)
    longest = runs.group_by("run_day").agg((pl.col("finish") - pl.col("start")).max().alias("longest")).sort("run_day")
    frames = []
    errors = []
    for service, requests in (("api", api), ("web", web), ("database", database)):  # a loop over services
        incident = rng.random(n_days) < 0.015
        p = np.where(incident, rng.uniform(0.01, 0.05, n_days), 0.001 * np.exp(0.5 * rng.standard_normal(n_days)))
        failed = rng.binomial(requests, np.minimum(p, 1))
        load = requests / max(float(requests.max()), 1.0)
        cpu = np.clip(8 + 65 * load + 4 * rng.standard_normal(n_days) + 20 * incident, 1, 99)
        memory = np.clip(35 + 35 * load + 3 * rng.standard_normal(n_days), 5, 98)
        latency = BASE_LATENCY_MS[service] * (1 + 2 * (cpu / 100) ** 3) * np.exp(0.1 * rng.standard_normal(n_days))
        latency = latency * np.where(incident, rng.uniform(3, 10, n_days), 1)
        frames.append(
            pl.DataFrame(
                {
                    "day": days,
                    "service": service,
                    "cpu": cpu,
                    "memory": memory,
                    "latency": np.rint(latency).astype(np.int64),
                    "requests": requests,
                    "failed": failed,
                }
            )
        )
        codes = ERROR_CODES[service]
        weights = np.array([c[2] for c in codes])
        split = rng.multinomial(failed, weights / weights.sum())  # [day, code]
        d, c = np.nonzero(split)
        count = split[d, c]
        details = ERROR_DETAILS[service]
        first_seen = days[d] * DAY + rng.integers(0, DAY - 60, len(d))
        last_seen = np.where(
            count > 1,
            first_seen + (rng.random(len(d)) * (days[d] * DAY + DAY - 1 - first_seen)).astype(np.int64),
            first_seen,
        )
        detail = gather(details, rng.integers(0, len(details), len(d)))
        template = pl.Series([code[3] for code in codes], dtype=pl.String)
        errors.append(
            pl.DataFrame(
                {
                    "service": service,
                    "first_seen": first_seen,
                    "last_seen": last_seen,
                    "error_code": gather([code[0] for code in codes], c),
                    "severity": gather([code[1] for code in codes], c),
                    "message": pl.DataFrame({"t": template.gather(c), "x": detail}).select(
                        pl.col("t").str.replace("{}", pl.col("x"), literal=True)
                    )["t"],
                    "occurrences": count,
                }
            )
        )
    trading_index = runs.get_column("run_day").unique().sort().to_numpy() - first
    etl_load = etl_rows[trading_index] / max(float(etl_rows.max()), 1.0)
    k = len(trading_index)
    cpu = np.clip(10 + 60 * etl_load + 4 * rng.standard_normal(k), 1, 99)
    frames.append(
        pl.DataFrame(
            {
                "day": days[trading_index],
                "service": "etl",
                "cpu": cpu,
                "memory": np.clip(30 + 40 * etl_load + 3 * rng.standard_normal(k), 5, 98),
                "latency": longest.get_column("longest").to_numpy() * 1000,
                "requests": etl_attempts[trading_index].astype(np.int64),
                "failed": etl_failed[trading_index].astype(np.int64),
            }
        )
    )
    failures = pl.concat(
        [
            runs.filter(pl.col("status") != "success").select(
                "pipeline", "error_message", pl.col("first_failure").alias("at")
            ),
            runs.filter(pl.col("status") == "failed").select(
                "pipeline", "error_message", pl.col("second_failure").alias("at")
            ),
        ]
    )
    errors.append(
        failures.select(
            pl.lit("etl").alias("service"),
            pl.col("at").alias("first_seen"),
            pl.col("at").alias("last_seen"),
            pl.lit("ETL-FAIL").alias("error_code"),
            pl.lit("error").alias("severity"),
            pl.format("Load of {} failed: {}", "pipeline", "error_message").alias("message"),
            pl.lit(1, dtype=pl.Int64).alias("occurrences"),
        )
    )
    order = {s: i for i, s in enumerate(SERVICES)}
    metrics = pl.concat(frames, how="vertical_relaxed").sort(
        "day", pl.col("service").replace_strict(order, return_dtype=pl.Int64)
    )
    metrics = metrics.select(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("metric_id"),
        _date(metrics.get_column("day")).alias("metric_date"),
        "service",
        pl.col("cpu").round(2).alias("cpu_utilisation"),
        pl.col("memory").round(2).alias("memory_utilisation"),
        pl.col("latency").alias("p95_latency_ms"),
        "requests",
        pl.col("failed").alias("failed_requests"),
        pl.when(pl.col("requests") > 0)
        .then((pl.col("failed") / pl.col("requests")).round(6))
        .otherwise(0.0)
        .alias("error_rate"),
    )
    error_rng = ctx.stream("error_logs")
    logs = pl.concat(errors, how="vertical_relaxed").sort(
        "first_seen", pl.col("service").replace_strict(order, return_dtype=pl.Int64), "error_code"
    )
    end_of_as_of = last * DAY + DAY - 1
    recent = (end_of_as_of - logs.get_column("first_seen").to_numpy()) < 7 * DAY
    resolved = ~(recent & (error_rng.random(logs.height) < 0.6))
    logs = logs.select(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("error_id"),
        "service",
        _timestamp(logs.get_column("first_seen")).alias("logged_at"),
        _timestamp(logs.get_column("last_seen")).alias("last_seen_at"),
        "severity",
        "error_code",
        "message",
        "occurrences",
        pl.Series("resolved", resolved),
    )
    return metrics, logs


def _api_versions(ctx: Context) -> pl.DataFrame:
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


def build(ctx: Context) -> dict[str, pl.DataFrame]:
    w = _window(ctx)
    end_of_as_of = w.end * DAY + DAY - 1
    rng = ctx.stream("login_attempts")
    mfa_since, mfa_event = _mfa(w, ctx.stream("mfa_enrolment"))
    client_logins = pl.concat([_client_logins(ctx, w, rng, mfa_since), _bursts(w, rng)], how="vertical_relaxed")
    client_logins = _client_sessions(ctx.stream("user_sessions"), client_logins, end_of_as_of)
    entities = _entities(ctx)
    advisor_actions = _advisor_actions(ctx, w, entities, ctx.stream("audit_logs:advisors"))
    action_days = advisor_actions.select("actor_advisor_id", "day").unique().rename({"actor_advisor_id": "advisor_id"})
    advisor_logins = _advisor_logins(ctx, action_days, ctx.stream("login_attempts:advisors"))
    attempts = _number_attempts(client_logins, advisor_logins)
    client_sessions = attempts.filter(pl.col("success") & (pl.col("user_type") == "client"))
    portal = _portal_actions(client_sessions, entities, ctx.stream("audit_logs:portal"))
    exports = _data_exports(ctx, w, client_sessions, attempts, end_of_as_of)
    logs = _audit_logs(ctx, portal, advisor_actions, attempts, exports, end_of_as_of)
    edits = logs.filter(pl.col("kind") == "edit").rename({"audit_log_id": "audit_key"})
    trails = _edit_values(ctx, edits, ctx.stream("audit_trails"))
    trails = trails.sort("ts", "audit_key", "field")
    runs = _etl_logs(ctx, (edits.get_column("ts") // DAY).to_numpy())
    metrics, errors = _metrics_and_errors(ctx, attempts, runs)
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
            pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("trail_id"),
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
        "system_metrics": metrics,
        "error_logs": errors,
        "etl_logs": runs.select(
            "etl_run_id",
            _date(runs.get_column("run_day")).alias("run_date"),
            "pipeline",
            (pl.col("start") * 1_000_000).cast(pl.Datetime("us")).alias("started_at"),
            (pl.col("finish") * 1_000_000).cast(pl.Datetime("us")).alias("finished_at"),
            "status",
            "attempts",
            "rows_loaded",
            pl.col("data_from").cast(pl.Int32).cast(pl.Date).alias("data_from_date"),
            pl.col("data_to").cast(pl.Int32).cast(pl.Date).alias("data_to_date"),
            "error_message",
        ),
        "api_versions": _api_versions(ctx),
    }
