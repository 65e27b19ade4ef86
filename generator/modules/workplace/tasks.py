"""Advisor tasks about their clients (`tasks`, each owned by the client's advisor at the time; per
shard) and the firm's scheduled system jobs with their cron expressions (`scheduled_tasks`; made
once for the firm)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import polars as pl

from generator.context import Context, FirmContext
from generator.modules._common import Window, gather
from generator.modules._common import poisson_events as _events
from generator.modules.workplace._shared import _advisor_at, _at, _hours

TASK_RATE = 4.0  # tasks per client per year
TASK_TYPES = (
    "review_portfolio",
    "call_client",
    "kyc_refresh",
    "rebalance",
    "send_document",
    "update_financial_plan",
    "schedule_meeting",
    "follow_up_request",
)
TASK_WEIGHTS = (0.18, 0.2, 0.08, 0.08, 0.16, 0.08, 0.12, 0.1)
TASK_DUE_DAYS = (14, 3, 30, 7, 5, 21, 7, 5)
TASK_MEDIAN_HOURS = (96.0, 24.0, 240.0, 48.0, 24.0, 168.0, 48.0, 36.0)
TASK_URGENCY = (0.0, 0.2, 0.5, 0.4, -0.3, -0.2, -0.2, 0.1)
TASK_TITLES = (  # three per task type, in TASK_TYPES order
    "Review portfolio allocation",
    "Quarterly portfolio review",
    "Check drift against the model portfolio",
    "Call client about recent performance",
    "Return client's call",
    "Check in after market move",
    "Refresh KYC documents",
    "Collect updated proof of address",
    "Renew identity verification",
    "Rebalance portfolio to target",
    "Approve rebalancing proposal",
    "Review cash drag and rebalance",
    "Send quarterly statement copy",
    "Send tax documents",
    "Send signed agreement",
    "Update financial plan",
    "Revise retirement projection",
    "Update goals after life event",
    "Schedule annual review meeting",
    "Book planning meeting",
    "Arrange call with tax adviser",
    "Follow up on client request",
    "Follow up on transfer request",
    "Follow up on beneficiary change",
)
TASK_STATUSES = ("open", "in_progress", "completed", "cancelled", "overdue")
PRIORITIES = ("low", "medium", "high", "urgent")

# job name, description, cron (minute hour day-of-month month day-of-week, 0 = Sunday), owner team, enabled
SCHEDULED_JOBS = (
    ("price_load", "Load closing prices from the market data vendor", "30 6 * * 1-5", "market_data", True),
    ("fx_rate_load", "Load end-of-day FX rates", "45 6 * * 1-5", "market_data", True),
    ("benchmark_load", "Load benchmark and index levels", "0 7 * * 1-5", "market_data", True),
    ("nightly_valuation", "Value every portfolio at the day's close", "0 22 * * 1-5", "portfolio_operations", True),
    ("performance_calculation", "Daily returns and risk metrics", "30 23 * * 1-5", "analytics", True),
    ("drift_alerts", "Flag portfolios outside their tolerance bands", "15 7 * * 1-5", "portfolio_management", True),
    ("rebalance_scan", "Weekly scan for portfolios due for rebalancing", "0 5 * * 1", "portfolio_management", True),
    ("statement_generation", "Quarterly client statements", "0 3 5 1,4,7,10 *", "client_reporting", True),
    ("tax_document_generation", "Annual tax statements", "0 4 20 1 *", "client_reporting", True),
    ("fee_billing", "Quarterly advisory fee invoices", "0 2 1 1,4,7,10 *", "finance", True),
    ("kyc_expiry_check", "Find KYC verifications expiring soon", "0 6 * * *", "compliance", True),
    ("aml_screening", "Screen clients against sanctions and PEP lists", "0 1 * * *", "compliance", True),
    ("database_backup", "Full backup of the operational database", "0 0 * * *", "platform", True),
    ("audit_log_archive", "Archive audit logs older than a year", "0 3 1 * *", "platform", True),
    ("ml_model_retraining", "Retrain the recommendation models", "0 2 * * 0", "data_science", True),
    ("legacy_ftp_export", "Nightly export to the retired custodian", "0 4 * * 1-5", "platform", False),
)


# --- tasks -----------------------------------------------------------------------------------------


def tasks(ctx: Context, window: Window) -> pl.DataFrame:
    rng = ctx.stream("tasks")
    row, day = _events(rng, window, TASK_RATE)
    k = len(row)
    kind = rng.choice(len(TASK_TYPES), k, p=TASK_WEIGHTS)
    created = _at(day, rng.integers(8 * 3600, 18 * 3600, k))
    due = day + np.array(TASK_DUE_DAYS)[kind] + rng.integers(0, 4, k)
    hours = np.maximum(np.array(TASK_MEDIAN_HOURS)[kind] * np.exp(0.8 * rng.standard_normal(k)), 0.25)
    completed = created + _hours(hours)
    cancelled = rng.random(k) < 0.03
    done = (completed <= window.end_of_as_of) & ~cancelled
    waiting = np.where(due < window.as_of, 4, np.where(rng.random(k) < 0.5, 0, 1))
    status = np.where(cancelled, 3, np.where(done, 2, waiting))
    urgency = np.array(TASK_URGENCY)[kind] + 0.7 * rng.standard_normal(k)
    client_id = window.client_id[row]
    return pl.DataFrame(
        {
            "task_id": ctx.ids(k),
            "advisor_id": _advisor_at(ctx, client_id, day),
            "client_id": client_id,
            "task_type": gather(TASK_TYPES, kind),
            "title": gather(TASK_TITLES, kind * 3 + rng.integers(0, 3, k)),
            "created_at": created,
            "due_date": due,
            "completed_at": np.where(done, completed, np.datetime64("NaT", "us")),
            "status": gather(TASK_STATUSES, status),
            "priority": gather(PRIORITIES, np.digitize(urgency, [-0.5, 0.5, 1.3])),
        }
    )


# --- scheduled jobs --------------------------------------------------------------------------------


def _cron_matches(spec: str, value: int) -> bool:
    """One cron field (`*`, numbers, `a-b` ranges, comma lists) against a value."""
    if spec == "*":
        return True
    for part in spec.split(","):
        low, _, high = part.partition("-")
        if int(low) <= value <= int(high or low):
            return True
    return False


def _cron_fires(cron: str, first: date, last: date) -> list[datetime]:
    """Times the cron expression fires between two days (one minute and hour per expression)."""
    minute, hour, day_of_month, month, day_of_week = cron.split()
    fires = []
    day = first
    while day <= last:  # a loop over about 800 days
        weekday = (day.weekday() + 1) % 7  # cron counts from Sunday = 0
        if (
            _cron_matches(day_of_month, day.day)
            and _cron_matches(month, day.month)
            and _cron_matches(day_of_week, weekday)
        ):
            fires.append(datetime(day.year, day.month, day.day, int(hour), int(minute)))
        day += timedelta(days=1)
    return fires


def scheduled_tasks(ctx: FirmContext) -> pl.DataFrame:
    rng = ctx.stream("scheduled_tasks")
    as_of = ctx.config.as_of
    now = datetime(as_of.year, as_of.month, as_of.day, 23, 59, 59)
    rows = []
    for name, description, cron, team, enabled in SCHEDULED_JOBS:  # a loop over 16 jobs
        fires = _cron_fires(cron, as_of - timedelta(days=800), as_of + timedelta(days=400))
        stopped = now if enabled else now - timedelta(days=int(rng.integers(30, 400)))
        past = [fire for fire in fires if fire <= stopped]
        future = [fire for fire in fires if fire > now]
        rows.append(
            {
                "job_name": name,
                "description": description,
                "cron_expression": cron,
                "last_run_at": past[-1],
                "next_run_at": future[0] if enabled else None,
                "last_run_status": "failed" if rng.random() < 0.1 else "succeeded",
                "is_enabled": enabled,
                "owner_team": team,
            }
        )
    frame = pl.DataFrame(
        rows,
        schema={
            "job_name": pl.String,
            "description": pl.String,
            "cron_expression": pl.String,
            "last_run_at": pl.Datetime("us"),
            "next_run_at": pl.Datetime("us"),
            "last_run_status": pl.String,
            "is_enabled": pl.Boolean,
            "owner_team": pl.String,
        },
    )
    return frame.with_columns(pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("scheduled_task_id"))
