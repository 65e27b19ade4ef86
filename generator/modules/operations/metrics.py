"""System metrics and error logs (made once for the firm, from the shards' daily counts; see
totals.py):

- system_metrics / error_logs: one row per service (api, web, database every day; etl every
  trading day), the load following the sessions, page views and ETL runs; the failed requests of
  a day are split into error_logs rows (one per error code and day, with the occurrences).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import FirmContext
from generator.modules._common import gather
from generator.modules.operations._shared import DAY, _date, _history, _timestamp

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


def _metrics_and_errors(
    ctx: FirmContext, logins: np.ndarray, pages: np.ndarray, runs: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The metrics of each service and day and the error logs splitting their failed requests:
    `logins` and `pages` are the firm's login attempts and session page views of each day of
    the history, `runs` the ETL runs."""
    rng = ctx.stream("system_metrics")
    first, last = _history(ctx.config)
    days = np.arange(first, last + 1)
    n_days = len(days)
    web = (pages + logins).astype(np.int64)
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
