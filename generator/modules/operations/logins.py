"""Logins and sessions, and when each client turned MFA on (volumes per client-year inside
the history):

- login_attempts: about 25 client attempts a year (a Poisson count around a client-specific rate
  near 23, 5% failing - wrong password, or a failed MFA challenge once MFA is on - and retried
  successfully within three minutes). About 3% of clients (at least two in the firm: the first
  shard has them) suffer a failed burst: 5 to 15 wrong passwords from a foreign address within
  minutes, half of the longer ones ending in a lockout (the attempts after the fifth fail with
  locked_account). Advisors log in once on each working day (85% of trading days, and every
  day they act on a client), from their office network (10.0-99.x.x: five /24 networks per
  shard, below the clients' 10.100+ home networks).
- user_sessions: one per successful login, starting at the login; client sessions last minutes,
  advisor sessions the working day.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import Context
from generator.modules._common import gather
from generator.modules.operations._shared import DAY, HOUR, Window, _masked
from generator.ordering import lex_order

LOGINS_PER_YEAR = 23.0
LOGIN_FAILURE_RATE = 0.05
MFA_FAILURE_SHARE = 0.4  # of the failures of clients with MFA on
LATEST_LOGIN = DAY - 900  # client logins start before 23:45 (retries and sessions stay in the day)
NEW_DEVICE_RATE = 0.012
TRAVEL_RATE = 0.03
BURST_CLIENT_RATE = 0.03
MIN_BURST_CLIENTS = 2  # in the firm: the first shard has them
BURST_THRESHOLD = 5  # failures that raise brute_force_suspected (and lock the account)
LOCKOUT_RATE = 0.5
ADVISOR_WORKDAY_RATE = 0.85
ADVISOR_LOGIN_FAILURE_RATE = 0.03
MFA_ENROLMENT = 0.55  # share of clients who turn MFA on inside the history

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


def _position(count: np.ndarray) -> np.ndarray:
    """0, 1, 2... within each group of `count` consecutive rows."""
    return np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)


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


def _bursts(w: Window, rng: np.random.Generator, minimum: int) -> pl.DataFrame:
    """Failed bursts: 5-15 wrong passwords within minutes from a foreign address, some ending in
    a lockout; of `minimum` clients at least."""
    k = min(w.n, max(minimum, int(rng.binomial(w.n, BURST_CLIENT_RATE))))
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


def _office_ip(shard: int, offset: int) -> pl.Expr:
    """The address of an advisor's workstation, 10.a.b.c, from the shard's number and the
    advisor's number k in the shard (shard 0's advisor k at 10.0.1.(k+1), as before shards)."""
    local = pl.col("advisor_id") - offset
    network = (shard % 50) * 5 + 1 + pl.min_horizontal(local // 250, pl.lit(4))
    return pl.format("10.{}.{}.{}", pl.lit(shard // 50 % 100), network, 1 + local % 250)


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
            _office_ip(ctx.shard.index, ctx.shard.id_offset).alias("ip_address"),
            pl.lit(OFFICE_DEVICE_INDEX).alias("device"),
        )
    )


def _number_attempts(ctx: Context, client: pl.DataFrame, advisor: pl.DataFrame) -> pl.DataFrame:
    """Every login attempt with its attempt_id (the shard's keys, in time order) and, for
    successful ones, its session_id (likewise)."""
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
        ctx.id_column("attempt_id"),
        pl.when("success").then(pl.col("success").cast(pl.Int64).cum_sum() + ctx.shard.id_offset).alias("session_id"),
        pl.col("device").cast(pl.Int64),
    )
