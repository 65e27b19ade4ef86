"""Workplace: advisor tasks, scheduled system jobs, business workflows and their steps, client
documents and their versions, reports issued, tags, referrals, marketing interactions, third-party
vendors and the markets the securities trade in (the Tasks & Workflow, Documents & Reports, Tags &
Organization, Marketing & Outreach and Markets & Integration modules of seed 001).

Everything about a client is dated inside the client relationship: on or after the onboarding date,
on or before the as-of date (timestamps before the as-of date's end). Recurring activity (tasks,
periodic reviews, marketing) runs over the generated history, from max(onboarding, history start).
Every advisor is the client's advisor at the time (ctx.people.assignments intervals).

Workflows follow the data: an onboarding workflow starts on each client's onboarding date, an
account-opening workflow on each account's opened date, a periodic review around each anniversary of
the onboarding inside the history, and a rebalancing workflow on each day a portfolio both bought and
sold (its rebalancing days in the settled transactions; the three steps run inside that trading day).
Steps run one after the other inside their instance; a step not finished by the as-of date leaves
the instance in progress (later steps pending, not started).

Documents: an investment policy statement, a risk questionnaire and a KYC document per client (made
by the onboarding steps), an account agreement per account (account opening), a quarterly statement
per statement issued and a tax form per tax report. Versions: the policy statement and the
questionnaire get a new version at some completed periodic reviews, the KYC document at each completed
kyc_refresh task, agreements an occasional amendment, statements and tax forms an occasional
correction; a document's current_version is its number of versions. Statements and tax forms are
written by the system (version 1 has no advisor).

Reports: one quarterly statement per portfolio per calendar quarter it was held (issued 3 to 10 days
after the quarter end; quarters whose statement would fall after the as-of date are not issued yet),
a tax report per taxable portfolio per calendar year held, an annual review report per portfolio at
each completed periodic review (the 12 months to the month end before the review) and occasional
year-to-date performance reports.

Tags: client segment, interests from goals and ESG portfolios, risk profile (conservative and
aggressive investors, suitability mismatches between profile and strategy), service tags (VIP for
ultra high net worth clients, three or more accounts, referrers, and email, in-person or video
contact preferences); portfolio tags from the strategy (esg, income_focus, growth_focus), the
account's tax treatment (tax_advantaged) and the holdings (multi_currency: bought securities in two
or more currencies; tagged on the first buy in a second currency).

Referrals: about 10% of clients were referred by a client onboarded strictly before them; the
referral date is the referred client's onboarding date.

Markets: each security trades on the market of its (region, currency) pair (LISTINGS below): US
dollar North American securities on XNYS, Canadian dollar ones on XTSE, euro European ones on XETR,
sterling UK ones on XLON, Swiss franc ones on XSWX, yen Asia-Pacific ones on XTKS and US dollar
emerging-market securities as US listings (ADRs and ETFs) on XNAS. `security_listings` holds the
mapping; `global_markets` one row per market used.

Volumes (linear in the number of clients; about 276k rows in all at 1,000 clients and 10 years of
history, built in about 0.3 s): per client about 4 tasks and 3 marketing interactions a year, one
onboarding, one account opening per account and one periodic review a year (4 steps each), 3 client
documents plus an agreement per account, 3 to 6 tags, 0.1 referrals; per portfolio-year about 0.55
rebalancing workflows (3 steps), 3.9 quarterly statements, 0.75 tax reports (taxable accounts), 1
review report and 0.3 performance reports, each statement and tax report with its document (about
1.2 versions per document overall). Fixed: 16 scheduled jobs, 14 vendors, 23 tags, 7 markets, one
listing per security.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import polars as pl

from generator.context import Context
from generator.modules._common import Window, advisor_at, client_window, gather
from generator.modules._segments import run_starts, segment_positions
from generator.pools import COUNTRIES
from generator.reference import seed

US = "datetime64[us]"

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

# workflow type -> steps (name, gap before the step in hours low/high, duration in hours low/high)
WORKFLOW_TYPES = ("onboarding", "account_opening", "periodic_review", "rebalancing")
WORKFLOW_STEPS: dict[str, tuple[tuple[str, float, float, float, float], ...]] = {
    "onboarding": (
        ("identity_verification", 0, 0, 2, 72),
        ("risk_questionnaire", 1, 48, 1, 96),
        ("investment_policy_statement", 2, 72, 4, 120),
        ("welcome_call", 1, 48, 0.5, 2),
    ),
    "account_opening": (
        ("application", 0, 0, 0.5, 4),
        ("document_collection", 1, 48, 4, 120),
        ("compliance_review", 1, 24, 2, 72),
        ("account_activation", 1, 24, 0.5, 8),
    ),
    "periodic_review": (
        ("prepare_review", 0, 0, 2, 48),
        ("client_meeting", 24, 240, 1, 2),
        ("update_plan", 2, 72, 2, 72),
        ("sign_off", 1, 48, 0.5, 24),
    ),
    "rebalancing": (  # inside the trading day: from about 07:30 to 16:00 at the latest
        ("drift_analysis", 0, 0, 0.25, 1.5),
        ("proposal_approval", 0.1, 1, 0.25, 2),
        ("trade_execution", 0.1, 0.5, 0.5, 3),
    ),
}
STEP_STATUSES = ("completed", "in_progress", "pending")
REVIEW_LEAD_DAYS = 14  # a periodic review starts up to two weeks before the anniversary

DOCUMENT_TYPES = (
    "investment_policy_statement",
    "risk_questionnaire",
    "kyc_document",
    "account_agreement",
    "quarterly_statement",
    "tax_form",
)
SIGNED_TYPES = ("investment_policy_statement", "risk_questionnaire", "account_agreement")
CHANGE_SUMMARIES = (
    "Initial version",
    "Updated after the annual review",
    "Questionnaire retaken at the annual review",
    "KYC refresh: identity and address documents renewed",
    "Amendment: updated fee schedule and contacts",
    "Corrected version reissued",
)
IPS_UPDATE_RATE = 0.35  # share of completed reviews that revise the investment policy statement
QUESTIONNAIRE_UPDATE_RATE = 0.5
AMENDMENT_RATE = 0.05
CORRECTION_RATE = 0.02
UNSIGNED_RECENT_DAYS = 10
REPORT_TYPES = ("quarterly_statement", "annual_review", "performance_report", "tax_report")
DELIVERY_CHANNELS = ("email", "portal", "postal_mail")
STATEMENT_LAG_DAYS = (3, 10)
TAX_LAG_DAYS = (20, 45)
PERFORMANCE_REPORT_RATE = 0.3  # per portfolio per year

# tag name, category; the last five are portfolio tags
TAGS = (
    ("mass_affluent", "client_segment"),
    ("hnw", "client_segment"),
    ("uhnw", "client_segment"),
    ("retirement_planning", "interest"),
    ("education_funding", "interest"),
    ("home_buying", "interest"),
    ("estate_planning", "interest"),
    ("major_purchase", "interest"),
    ("esg_investing", "interest"),
    ("conservative_investor", "risk"),
    ("aggressive_investor", "risk"),
    ("suitability_review", "risk"),
    ("vip", "service"),
    ("multi_account", "service"),
    ("referral_source", "service"),
    ("email_first", "service"),
    ("high_touch", "service"),
    ("digital_only", "service"),
    ("esg", "interest"),
    ("income_focus", "interest"),
    ("growth_focus", "interest"),
    ("tax_advantaged", "service"),
    ("multi_currency", "risk"),
)
GOAL_TAGS = {
    "retirement": "retirement_planning",
    "education": "education_funding",
    "home_purchase": "home_buying",
    "legacy": "estate_planning",
    "major_purchase": "major_purchase",
}
MULTI_ACCOUNT = 3  # accounts from which a client is tagged multi_account

REFERRAL_RATE = 0.1
REFERRAL_PROGRAMS = ("Client Referral Program", "Friends & Family Rewards", "Family Office Introductions")
REFERRAL_REWARD = {"mass_affluent": 250.0, "hnw": 1000.0, "uhnw": 5000.0}
REWARD_PAID_AFTER_DAYS = 90

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

# service, base annual cost (USD), risk rating
VENDORS = (
    ("market_data", 260_000.0, "high"),
    ("market_data", 95_000.0, "medium"),
    ("pricing", 120_000.0, "high"),
    ("custody", 420_000.0, "critical"),
    ("custody", 180_000.0, "critical"),
    ("kyc_screening", 85_000.0, "high"),
    ("cloud_hosting", 310_000.0, "critical"),
    ("cloud_hosting", 60_000.0, "medium"),
    ("crm", 75_000.0, "medium"),
    ("e_signature", 24_000.0, "low"),
    ("document_storage", 38_000.0, "medium"),
    ("cybersecurity", 110_000.0, "high"),
    ("email_delivery", 14_000.0, "low"),
    ("tax_reporting", 52_000.0, "medium"),
)
EXPIRED_VENDORS = 3  # the last contracts drawn ended before the as-of date

# market code, name, country, region of the exchange, currency, time zone, open, close (local time)
MARKETS = (
    ("XNYS", "New York Stock Exchange", "US", "north_america", "USD", "America/New_York", "09:30", "16:00"),
    ("XNAS", "Nasdaq Stock Market", "US", "north_america", "USD", "America/New_York", "09:30", "16:00"),
    ("XTSE", "Toronto Stock Exchange", "CA", "north_america", "CAD", "America/Toronto", "09:30", "16:00"),
    ("XETR", "Deutsche Boerse Xetra", "DE", "europe", "EUR", "Europe/Berlin", "09:00", "17:30"),
    ("XLON", "London Stock Exchange", "GB", "united_kingdom", "GBP", "Europe/London", "08:00", "16:30"),
    ("XSWX", "SIX Swiss Exchange", "CH", "switzerland", "CHF", "Europe/Zurich", "09:00", "17:30"),
    ("XTKS", "Tokyo Stock Exchange", "JP", "asia_pacific", "JPY", "Asia/Tokyo", "09:00", "15:30"),
)
# (security region, security currency) -> market code
LISTINGS = {
    ("north_america", "USD"): "XNYS",
    ("emerging_markets", "USD"): "XNAS",
    ("north_america", "CAD"): "XTSE",
    ("europe", "EUR"): "XETR",
    ("united_kingdom", "GBP"): "XLON",
    ("switzerland", "CHF"): "XSWX",
    ("asia_pacific", "JPY"): "XTKS",
}


def _at(day: np.ndarray, seconds: np.ndarray) -> np.ndarray:
    """Timestamps (datetime64[us]) from days and seconds into the day."""
    return (day.astype("datetime64[s]") + seconds.astype(np.int64).astype("timedelta64[s]")).astype(US)


def _hours(hours: np.ndarray) -> np.ndarray:
    """A duration in whole seconds (timedelta64[us]) from hours."""
    return np.rint(hours * 3600).astype(np.int64).astype("timedelta64[s]").astype("timedelta64[us]")


def _days(values: np.ndarray) -> np.ndarray:
    return values.astype("datetime64[D]")


def _events(rng: np.random.Generator, window: Window, rate: float) -> tuple[np.ndarray, np.ndarray]:
    """A Poisson number of events per client (rate per year) on uniform days of its window,
    sorted by client then day: (client row, day)."""
    span = window.span
    count = rng.poisson(rate * span / 365.25)
    row = np.repeat(np.arange(window.n), count)
    day = window.start[row] + (rng.random(len(row)) * span[row]).astype(np.int64)
    order = np.lexsort((day, row))
    return row[order], day[order]


def _advisor_at(ctx: Context, client_id: np.ndarray, day: np.ndarray) -> np.ndarray:
    return advisor_at(ctx, client_id, day, "workplace: a record")


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
            "task_id": np.arange(1, k + 1, dtype=np.int64),
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


def scheduled_tasks(ctx: Context) -> pl.DataFrame:
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


# --- workflows -------------------------------------------------------------------------------------


def _rebalancing_days(ctx: Context) -> pl.DataFrame:
    """(portfolio_id, trade_date) of every day a portfolio both bought and sold (settled trades)."""
    return ctx.rebalancing_days


def _anniversaries(ctx: Context, window: Window) -> pl.DataFrame:
    """(client_id, day): the day each periodic review starts, up to two weeks before each
    anniversary of the onboarding, inside the history."""
    years = int((window.as_of - window.onboarding.min()).astype(np.int64) // 365) + 2
    frame = (
        pl.DataFrame({"client_id": window.client_id, "onboarding": window.onboarding})
        .with_columns(pl.int_ranges(1, years).alias("k"))
        .explode("k")
        .with_columns(pl.col("onboarding").dt.offset_by(pl.format("{}y", pl.col("k"))).alias("anniversary"))
        .filter(pl.col("anniversary") <= window.as_of + REVIEW_LEAD_DAYS)
    )
    rng = ctx.stream("workflow_instances:reviews")
    lead = rng.integers(0, REVIEW_LEAD_DAYS + 1, frame.height)
    day = _days(frame.get_column("anniversary").to_numpy()) - lead
    history_start = np.datetime64(ctx.config.history_start, "D")
    keep = (day >= history_start) & (day <= window.as_of)
    return pl.DataFrame({"client_id": frame.get_column("client_id").to_numpy()[keep], "day": day[keep]})


def _instances(ctx: Context, window: Window) -> pl.DataFrame:
    """Workflow instances before their steps: type index, client, portfolio, start."""
    rng = ctx.stream("workflow_instances")
    accounts = ctx.book.accounts.join(ctx.portfolios.select("account_id", "portfolio_id"), on="account_id")
    reviews = _anniversaries(ctx, window)
    rebalancing = _rebalancing_days(ctx).join(ctx.portfolios.select("portfolio_id", "client_id"), on="portfolio_id")
    null_portfolio = pl.lit(None, dtype=pl.Int64)
    parts = [
        pl.DataFrame({"kind": 0, "client_id": window.client_id, "day": window.onboarding}).with_columns(
            null_portfolio.alias("portfolio_id")
        ),
        accounts.select(pl.lit(1).alias("kind"), "client_id", pl.col("opened_date").alias("day"), "portfolio_id"),
        reviews.select(pl.lit(2).alias("kind"), "client_id", "day", null_portfolio.alias("portfolio_id")),
        rebalancing.select(pl.lit(3).alias("kind"), "client_id", pl.col("trade_date").alias("day"), "portfolio_id"),
    ]
    frame = pl.concat(
        [
            part.select(pl.col("kind").cast(pl.Int64), "client_id", pl.col("day").cast(pl.Date), "portfolio_id")
            for part in parts
        ]
    ).sort("day", "kind", "client_id", "portfolio_id", nulls_last=True)
    kind = frame.get_column("kind").to_numpy()
    day = _days(frame.get_column("day").to_numpy())
    seconds = np.where(
        kind == 3,
        rng.integers(int(7.5 * 3600), 8 * 3600, frame.height),
        rng.integers(9 * 3600, 16 * 3600, frame.height),
    )
    start = _at(day, seconds)
    order = np.lexsort((frame.get_column("client_id").to_numpy(), kind, start))
    return frame.with_columns(pl.Series("started_at", start))[order].with_columns(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("workflow_instance_id")
    )


def workflows(ctx: Context, window: Window) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Workflow instances and their steps."""
    rng = ctx.stream("workflow_steps")
    instances = _instances(ctx, window)
    end = window.end_of_as_of
    steps = []
    for kind, name in enumerate(WORKFLOW_TYPES):  # a loop over four workflow types
        part = instances.filter(pl.col("kind") == kind)
        specs = WORKFLOW_STEPS[name]
        n, m = part.height, len(specs)
        low_gap, high_gap, low_run, high_run = (np.array([spec[i] for spec in specs]) for i in range(1, 5))
        gap = low_gap + (high_gap - low_gap) * rng.random((n, m))
        run = low_run + (high_run - low_run) * rng.random((n, m))
        offset = np.cumsum(gap + run, axis=1) - run
        first = part.get_column("started_at").to_numpy().astype(US)[:, None]
        started = first + _hours(offset)
        completed = started + _hours(run)
        steps.append(
            pl.DataFrame(
                {
                    "workflow_instance_id": np.repeat(part.get_column("workflow_instance_id").to_numpy(), m),
                    "client_id": np.repeat(part.get_column("client_id").to_numpy(), m),
                    "step_order": np.tile(np.arange(1, m + 1, dtype=np.int64), n),
                    "step_name": gather([spec[0] for spec in specs], np.tile(np.arange(m), n)),
                    "started_at": started.ravel(),
                    "completed_at": completed.ravel(),
                }
            )
        )
    step = pl.concat(steps).sort("workflow_instance_id", "step_order")
    started = step.get_column("started_at").to_numpy()
    completed = step.get_column("completed_at").to_numpy()
    is_done = completed <= end
    is_started = started <= end
    advisor_day = np.minimum(_days(started), window.as_of)
    step = step.with_columns(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("workflow_step_id"),
        pl.Series("assigned_advisor_id", _advisor_at(ctx, step.get_column("client_id").to_numpy(), advisor_day)),
        pl.Series("started_at", np.where(is_started, started, np.datetime64("NaT", "us"))),
        pl.Series("completed_at", np.where(is_done, completed, np.datetime64("NaT", "us"))),
        gather(STEP_STATUSES, np.where(is_done, 0, np.where(is_started, 1, 2))).alias("status"),
    )
    closing = step.group_by("workflow_instance_id").agg(
        pl.col("completed_at").max().alias("last_completed"), pl.col("completed_at").null_count().alias("open_steps")
    )
    instances = (
        instances.join(closing, on="workflow_instance_id")
        .sort("workflow_instance_id")
        .with_columns(
            pl.col("kind")
            .replace_strict(dict(enumerate(WORKFLOW_TYPES)), return_dtype=pl.String)
            .alias("workflow_type"),
            pl.when(pl.col("open_steps") == 0).then(pl.col("last_completed")).alias("completed_at"),
            pl.when(pl.col("open_steps") == 0)
            .then(pl.lit("completed"))
            .otherwise(pl.lit("in_progress"))
            .alias("status"),
        )
    )
    return instances, step


# --- reports and documents -------------------------------------------------------------------------


def _client_channels(ctx: Context) -> pl.DataFrame:
    """Each client's report delivery channel, from their preferred contact channel."""
    rng = ctx.stream("portfolio_reports:channel")
    clients = ctx.people.clients
    preferred = clients.select(
        pl.col("cultural_preferences").str.json_path_match("$.preferred_channel").alias("channel")
    ).to_series()
    paper = rng.random(clients.height) < 0.5
    index = np.where(preferred.to_numpy() == "email", 0, np.where((preferred.to_numpy() == "in_person") & paper, 2, 1))
    return pl.DataFrame(
        {"client_id": clients.get_column("client_id"), "delivery_channel": gather(DELIVERY_CHANNELS, index)}
    )


def _period_rows(portfolios: pl.DataFrame, starts: np.ndarray, ends: np.ndarray) -> pl.DataFrame:
    """Portfolios x periods, keeping the periods that end on or after the inception."""
    periods = pl.DataFrame({"period_start": starts, "period_end": ends})
    return (
        portfolios.join(periods, how="cross")
        .filter(pl.col("period_end") >= pl.col("inception_date"))
        .with_columns(pl.max_horizontal("period_start", "inception_date").alias("period_start"))
    )


def portfolio_reports(ctx: Context, window: Window, instances: pl.DataFrame) -> pl.DataFrame:
    """Reports issued (without their document ids): statements, tax reports, review reports and
    performance reports."""
    rng = ctx.stream("portfolio_reports")
    as_of = window.as_of
    held = ctx.portfolios.select("portfolio_id", "client_id", "account_id", "inception_date").join(
        ctx.book.accounts.select("account_id", "tax_treatment", "account_number"), on="account_id"
    )
    quarter = np.arange(
        np.datetime64(ctx.config.history_start, "M").astype("datetime64[Y]").astype("datetime64[M]"),
        np.datetime64(as_of, "M") + 1,
        3,
    )
    statements = _period_rows(held, quarter.astype("datetime64[D]"), (quarter + 3).astype("datetime64[D]") - 1)
    low, high = STATEMENT_LAG_DAYS
    statements = statements.with_columns(
        (pl.col("period_end") + pl.duration(days=pl.Series(rng.integers(low, high + 1, statements.height)))).alias(
            "issued_date"
        ),
        pl.lit(0).alias("kind"),
    )
    year = np.arange(np.datetime64(ctx.config.history_start, "Y"), np.datetime64(as_of, "Y") + 1)
    taxable = held.filter(pl.col("tax_treatment") == "taxable")
    tax = _period_rows(taxable, year.astype("datetime64[D]"), (year + 1).astype("datetime64[D]") - 1)
    low, high = TAX_LAG_DAYS
    tax = tax.with_columns(
        (pl.col("period_end") + pl.duration(days=pl.Series(rng.integers(low, high + 1, tax.height)))).alias(
            "issued_date"
        ),
        pl.lit(3).alias("kind"),
    )
    reviews = instances.filter((pl.col("workflow_type") == "periodic_review") & (pl.col("status") == "completed"))
    review = (
        reviews.select(
            "client_id",
            pl.col("started_at").dt.date().dt.month_start().dt.offset_by("-1d").alias("period_end"),
            pl.col("completed_at").dt.date().alias("issued_date"),
        )
        .join(held, on="client_id")
        .filter(pl.col("inception_date") <= pl.col("period_end"))
        .with_columns(
            pl.max_horizontal(pl.col("period_end").dt.offset_by("-1y") + pl.duration(days=1), "inception_date").alias(
                "period_start"
            ),
            pl.lit(1).alias("kind"),
        )
    )
    span = (as_of - _days(held.get_column("inception_date").to_numpy())).astype(np.int64)
    count = rng.poisson(PERFORMANCE_REPORT_RATE * span / 365.25)
    rows = np.repeat(np.arange(held.height), count)
    performance = held[rows].with_columns(
        (pl.col("inception_date") + pl.duration(days=pl.Series(rng.random(len(rows)) * span[rows]).cast(pl.Int64)))
        .dt.month_end()
        .alias("period_end")
    )
    performance = performance.with_columns(
        pl.max_horizontal(pl.col("period_end").dt.truncate("1y"), "inception_date").alias("period_start"),
        (pl.col("period_end") + pl.duration(days=pl.Series(rng.integers(1, 8, len(rows))))).alias("issued_date"),
        pl.lit(2).alias("kind"),
    )
    columns = [
        "kind",
        "portfolio_id",
        "client_id",
        "account_id",
        "account_number",
        "period_start",
        "period_end",
        "issued_date",
    ]
    reports = (
        pl.concat([frame.select(columns) for frame in (statements, review, performance, tax)])
        .filter(pl.col("issued_date") <= as_of)
        .sort("issued_date", "kind", "portfolio_id", "period_end")
        .join(_client_channels(ctx), on="client_id", how="left", maintain_order="left")
    )
    return reports.with_columns(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("report_id"),
        pl.col("kind").replace_strict(dict(enumerate(REPORT_TYPES)), return_dtype=pl.String).alias("report_type"),
    )


def documents(
    ctx: Context,
    window: Window,
    steps: pl.DataFrame,
    instances: pl.DataFrame,
    reports: pl.DataFrame,
    task: pl.DataFrame,
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Documents, their versions, and the reports with their document ids."""
    rng = ctx.stream("documents")
    version_rng = ctx.stream("versioned_documents")
    end = window.end_of_as_of
    made = steps.join(
        instances.select("workflow_instance_id", "workflow_type", "portfolio_id"), on="workflow_instance_id"
    )
    onboarding_docs = {
        "identity_verification": (2, "KYC identity and address documents"),
        "risk_questionnaire": (1, "Risk profile questionnaire"),
        "investment_policy_statement": (0, "Investment policy statement"),
    }
    parts = []
    for step_name, (kind, title) in onboarding_docs.items():  # a loop over three document types
        parts.append(
            made.filter((pl.col("workflow_type") == "onboarding") & (pl.col("step_name") == step_name))
            .filter(pl.col("completed_at").is_not_null())
            .select(
                pl.lit(kind).alias("kind"),
                "client_id",
                pl.lit(None, dtype=pl.Int64).alias("account_id"),
                pl.lit(title).alias("title"),
                pl.col("completed_at").alias("created_at"),
                pl.lit(None, dtype=pl.Int64).alias("report_id"),
            )
        )
    account_of = ctx.portfolios.select("portfolio_id", "account_id").join(
        ctx.book.accounts.select("account_id", "account_number"), on="account_id"
    )
    parts.append(
        made.filter(
            (pl.col("workflow_type") == "account_opening")
            & (pl.col("step_name") == "document_collection")
            & pl.col("completed_at").is_not_null()
        )
        .join(account_of, on="portfolio_id")
        .select(
            pl.lit(3).alias("kind"),
            "client_id",
            "account_id",
            pl.format("Account agreement - {}", "account_number").alias("title"),
            pl.col("completed_at").alias("created_at"),
            pl.lit(None, dtype=pl.Int64).alias("report_id"),
        )
    )
    issued = reports.filter(pl.col("report_type").is_in(["quarterly_statement", "tax_report"]))
    issued_at = _at(_days(issued.get_column("issued_date").to_numpy()), rng.integers(3 * 3600, 5 * 3600, issued.height))
    parts.append(
        issued.with_columns(pl.Series("created_at", issued_at)).select(
            pl.when(pl.col("report_type") == "tax_report").then(5).otherwise(4).alias("kind"),
            "client_id",
            "account_id",
            pl.when(pl.col("report_type") == "tax_report")
            .then(pl.format("Tax statement {} - {}", pl.col("period_end").dt.year(), "account_number"))
            .otherwise(
                pl.format(
                    "Quarterly statement {} Q{} - {}",
                    pl.col("period_end").dt.year(),
                    pl.col("period_end").dt.quarter(),
                    "account_number",
                )
            )
            .alias("title"),
            "created_at",
            "report_id",
        )
    )
    docs = (
        pl.concat(
            [
                part.with_columns(pl.col("kind").cast(pl.Int64), pl.col("created_at").cast(pl.Datetime("us")))
                for part in parts
            ]
        )
        .sort("created_at", "kind", "client_id", "account_id", "report_id", nulls_last=True)
        .with_columns(pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("document_id"))
    )
    # versions: the first, then revisions from reviews, KYC refreshes, amendments and corrections
    first = docs.select("document_id", "created_at", pl.lit(0).alias("summary"))
    update_plan = made.filter(
        (pl.col("workflow_type") == "periodic_review")
        & (pl.col("step_name") == "update_plan")
        & pl.col("completed_at").is_not_null()
    ).select("client_id", pl.col("completed_at").alias("at"))
    by_client = docs.filter(pl.col("kind") <= 2).select(
        "document_id", "client_id", "kind", pl.col("created_at").alias("v1")
    )
    reviewed = update_plan.join(by_client.filter(pl.col("kind") <= 1), on="client_id").sort("document_id", "at")
    rate = np.where(reviewed.get_column("kind").to_numpy() == 0, IPS_UPDATE_RATE, QUESTIONNAIRE_UPDATE_RATE)
    reviewed = reviewed.filter(pl.Series(version_rng.random(reviewed.height) < rate)).select(
        "document_id", pl.col("at").alias("created_at"), (pl.col("kind") + 1).alias("summary"), "v1"
    )
    refreshed = (
        task.filter((pl.col("task_type") == "kyc_refresh") & pl.col("completed_at").is_not_null())
        .select("client_id", pl.col("completed_at").alias("created_at"))
        .join(by_client.filter(pl.col("kind") == 2), on="client_id")
        .select("document_id", "created_at", pl.lit(3).alias("summary"), "v1")
    )
    agreements = docs.filter(pl.col("kind") == 3)
    amended = agreements.filter(pl.Series(version_rng.random(agreements.height) < AMENDMENT_RATE))
    fraction = version_rng.random(amended.height)
    amended_at = amended.get_column("created_at").to_numpy() + _hours(
        fraction * (end - amended.get_column("created_at").to_numpy()) / np.timedelta64(1, "h")
    )
    amended = amended.select(
        "document_id", pl.Series("created_at", amended_at), pl.lit(4).alias("summary"), pl.col("created_at").alias("v1")
    )
    system = docs.filter(pl.col("kind") >= 4)
    corrected = system.filter(pl.Series(version_rng.random(system.height) < CORRECTION_RATE))
    corrected_at = _at(
        _days(corrected.get_column("created_at").to_numpy()) + version_rng.integers(2, 21, corrected.height),
        version_rng.integers(9 * 3600, 17 * 3600, corrected.height),
    )
    corrected = corrected.select(
        "document_id",
        pl.Series("created_at", corrected_at),
        pl.lit(5).alias("summary"),
        pl.col("created_at").alias("v1"),
    )
    later = pl.concat(
        [
            part.with_columns(pl.col("summary").cast(pl.Int64), pl.col("created_at").cast(pl.Datetime("us")))
            for part in (reviewed, refreshed, amended, corrected)
        ]
    ).filter((pl.col("created_at") > pl.col("v1")) & (pl.col("created_at") <= end))
    versions = (
        pl.concat([first.with_columns(pl.col("summary").cast(pl.Int64)), later.drop("v1")])
        .sort("document_id", "created_at", "summary")
        .join(docs.select("document_id", "client_id", "kind"), on="document_id", maintain_order="left")
    )
    versions = versions.with_columns(  # a document's versions are consecutive rows (sorted above)
        pl.Series("version_number", segment_positions(run_starts(versions, "document_id")) + 1, dtype=pl.Int64),
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("document_version_id"),
    )
    by_advisor = ~(
        (versions.get_column("kind").to_numpy() >= 4) & (versions.get_column("version_number").to_numpy() == 1)
    )
    advisor = _advisor_at(
        ctx, versions.get_column("client_id").to_numpy(), _days(versions.get_column("created_at").to_numpy())
    )
    versions = versions.with_columns(
        pl.Series("created_by_advisor_id", advisor).scatter(np.flatnonzero(~by_advisor), None),
        pl.col("summary")
        .replace_strict(dict(enumerate(CHANGE_SUMMARIES)), return_dtype=pl.String)
        .alias("change_summary"),
    )
    latest = versions.group_by("document_id").agg(
        pl.col("version_number").max().alias("current_version"), pl.col("created_at").max().alias("latest")
    )
    docs = docs.join(latest, on="document_id").sort("document_id")
    recent = (window.as_of - _days(docs.get_column("latest").to_numpy())).astype(np.int64) <= UNSIGNED_RECENT_DAYS
    needs_signature = docs.get_column("kind").to_numpy() <= 3
    needs_signature &= docs.get_column("kind").to_numpy() != 2
    signed = needs_signature & ~(recent & (rng.random(docs.height) < 0.6))
    docs = docs.with_columns(
        pl.col("kind").replace_strict(dict(enumerate(DOCUMENT_TYPES)), return_dtype=pl.String).alias("document_type"),
        pl.col("created_at").dt.date().alias("created_date"),
        pl.Series("is_signed", signed),
    ).with_columns(
        pl.format("s3://meridian-documents/clients/{}/{}/{}.pdf", "client_id", "document_type", "document_id").alias(
            "storage_path"
        )
    )
    linked = docs.filter(pl.col("report_id").is_not_null()).select("report_id", "document_id")
    reports = reports.join(linked, on="report_id", how="left").sort("report_id")
    return docs, versions, reports


# --- tags ------------------------------------------------------------------------------------------


def tags() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "tag_id": np.arange(1, len(TAGS) + 1, dtype=np.int64),
            "tag_name": [name for name, _ in TAGS],
            "tag_category": [category for _, category in TAGS],
        }
    )


def _profile_of_strategy() -> dict[str, str]:
    """The risk profile each strategy suits (one profile per strategy)."""
    strategies = seed("strategies")
    return dict(zip(strategies["strategy_code"], strategies["suitable_risk_profile_code"], strict=True))


def tag_assignments(ctx: Context, window: Window, referrals: pl.DataFrame) -> pl.DataFrame:
    rng = ctx.stream("tag_assignments")
    clients = ctx.people.clients.select(
        "client_id",
        "segment_code",
        "risk_profile",
        "onboarding_date",
        pl.col("cultural_preferences").str.json_path_match("$.preferred_channel").alias("channel"),
    )
    held = ctx.portfolios.select("client_id", "strategy_type", "inception_date").join(
        clients.select("client_id", "risk_profile"), on="client_id"
    )
    held = held.with_columns(
        (
            pl.col("strategy_type").replace_strict(_profile_of_strategy(), return_dtype=pl.String)
            != pl.col("risk_profile")
        ).alias("mismatch")
    )
    accounts = ctx.book.accounts.select("client_id", "opened_date").sort("client_id", "opened_date")
    third = (
        accounts.with_columns(pl.int_range(pl.len()).over("client_id").alias("n"))
        .filter(pl.col("n") == MULTI_ACCOUNT - 1)
        .select("client_id", pl.col("opened_date").alias("day"), pl.lit("multi_account").alias("tag_name"))
    )
    digital = clients.filter(pl.col("channel") == "video")
    digital = digital.filter(pl.Series(rng.random(digital.height) < 0.5))
    parts = [
        clients.select("client_id", pl.col("onboarding_date").alias("day"), pl.col("segment_code").alias("tag_name")),
        ctx.goals.select(
            "client_id",
            pl.col("created_date").alias("day"),
            pl.col("goal_type").replace_strict(GOAL_TAGS, return_dtype=pl.String).alias("tag_name"),
        ),
        held.filter(pl.col("strategy_type").str.starts_with("esg")).select(
            "client_id", pl.col("inception_date").alias("day"), pl.lit("esg_investing").alias("tag_name")
        ),
        clients.filter(pl.col("risk_profile").is_in(["conservative", "aggressive"])).select(
            "client_id",
            pl.col("onboarding_date").alias("day"),
            pl.format("{}_investor", "risk_profile").alias("tag_name"),
        ),
        held.filter(pl.col("mismatch")).select(
            "client_id", pl.col("inception_date").alias("day"), pl.lit("suitability_review").alias("tag_name")
        ),
        clients.filter(pl.col("segment_code") == "uhnw").select(
            "client_id", pl.col("onboarding_date").alias("day"), pl.lit("vip").alias("tag_name")
        ),
        clients.filter(pl.col("channel") == "in_person").select(
            "client_id", pl.col("onboarding_date").alias("day"), pl.lit("high_touch").alias("tag_name")
        ),
        third,
        referrals.select(
            pl.col("referrer_client_id").alias("client_id"),
            pl.col("referral_date").alias("day"),
            pl.lit("referral_source").alias("tag_name"),
        ),
        clients.filter(pl.col("channel") == "email").select(
            "client_id", pl.col("onboarding_date").alias("day"), pl.lit("email_first").alias("tag_name")
        ),
        digital.select("client_id", pl.col("onboarding_date").alias("day"), pl.lit("digital_only").alias("tag_name")),
    ]
    frame = (
        pl.concat([part.with_columns(pl.col("day").cast(pl.Date)) for part in parts])
        .group_by("client_id", "tag_name")
        .agg(pl.col("day").min())
        .join(tags().select("tag_id", "tag_name"), on="tag_name")
        .sort("day", "client_id", "tag_id")
    )
    return frame.select(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("assignment_id"),
        "tag_id",
        "client_id",
        pl.col("day").alias("assigned_date"),
        pl.Series(
            "assigned_by_advisor_id",
            _advisor_at(ctx, frame.get_column("client_id").to_numpy(), _days(frame.get_column("day").to_numpy())),
        ),
    )


def portfolio_tags(ctx: Context) -> pl.DataFrame:
    held = ctx.portfolios.select("portfolio_id", "account_id", "strategy_type", "inception_date").join(
        ctx.book.accounts.select("account_id", "tax_treatment"), on="account_id"
    )
    buys = (
        ctx.transactions.select("portfolio_id", "currency_code", "trade_date")
        .filter(
            (ctx.transactions.get_column("status") == "settled")
            & (ctx.transactions.get_column("transaction_type") == "buy")
        )
        .group_by("portfolio_id", "currency_code")
        .agg(pl.col("trade_date").min())
        .sort("portfolio_id", "trade_date", "currency_code")
    )
    second = (
        buys.with_columns(pl.int_range(pl.len()).over("portfolio_id").alias("n"))
        .filter(pl.col("n") == 1)
        .select("portfolio_id", pl.col("trade_date").alias("day"), pl.lit("multi_currency").alias("tag_name"))
    )
    at_inception = pl.col("inception_date").alias("day")
    parts = [
        held.filter(pl.col("strategy_type").str.starts_with("esg")).select(
            "portfolio_id", at_inception, pl.lit("esg").alias("tag_name")
        ),
        held.filter(pl.col("strategy_type").is_in(["income", "capital_preservation"])).select(
            "portfolio_id", at_inception, pl.lit("income_focus").alias("tag_name")
        ),
        held.filter(pl.col("strategy_type").is_in(["growth", "aggressive_growth"])).select(
            "portfolio_id", at_inception, pl.lit("growth_focus").alias("tag_name")
        ),
        held.filter(pl.col("tax_treatment") != "taxable").select(
            "portfolio_id", at_inception, pl.lit("tax_advantaged").alias("tag_name")
        ),
        second,
    ]
    frame = (
        pl.concat([part.with_columns(pl.col("day").cast(pl.Date)) for part in parts])
        .join(tags().select("tag_id", "tag_name"), on="tag_name")
        .sort("day", "portfolio_id", "tag_id")
    )
    return frame.select(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("portfolio_tag_id"),
        "portfolio_id",
        "tag_id",
        pl.col("day").alias("tagged_date"),
    )


# --- referrals and marketing -----------------------------------------------------------------------


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
    return _referral_frame(frame, program, status)


def _referral_frame(frame: pl.DataFrame, program: np.ndarray, status: np.ndarray) -> pl.DataFrame:
    frame = frame.with_columns(
        pl.Series("program_name", gather(REFERRAL_PROGRAMS, program)),
        pl.col("segment_code").replace_strict(REFERRAL_REWARD, return_dtype=pl.Float64).alias("reward_amount"),
        pl.Series("reward_status", gather(("paid", "pending", "cancelled"), status)),
    ).sort("referral_date", "referred_client_id")
    return frame.select(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("referral_id"),
        "referrer_client_id",
        "referred_client_id",
        "referral_date",
        "program_name",
        "reward_amount",
        "currency_code",
        "reward_status",
    )


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
            "interaction_id": np.arange(1, k + 1, dtype=np.int64),
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


# --- vendors and markets ---------------------------------------------------------------------------


def third_party_vendors(ctx: Context) -> pl.DataFrame:
    rng = ctx.stream("third_party_vendors")
    n = len(VENDORS)
    as_of = np.datetime64(ctx.config.as_of, "D")
    names = ctx.pools.companies[rng.choice(len(ctx.pools.companies), n, replace=False)]
    expired = np.arange(n) >= n - EXPIRED_VENDORS
    start = np.where(expired, as_of - rng.integers(5 * 365, 9 * 365, n), as_of - rng.integers(60, 4 * 365, n))
    term = np.where(expired, rng.integers(1, 4, n), rng.integers(3, 7, n)) * 365 + rng.integers(0, 30, n)
    end = np.where(expired, np.minimum(start + term, as_of - 30), start + term)
    base = np.array([cost for _, cost, _ in VENDORS])
    cost = np.rint(base * np.exp(0.25 * rng.standard_normal(n)) * 100) / 100
    return pl.DataFrame(
        {
            "vendor_id": np.arange(1, n + 1, dtype=np.int64),
            "vendor_name": pl.Series(list(names), dtype=pl.String),
            "service": [service for service, _, _ in VENDORS],
            "contract_start": start,
            "contract_end": end,
            "contract_status": np.where(end >= as_of, "active", "expired"),
            "annual_cost": cost,
            "currency_code": "USD",
            "risk_rating": [rating for _, _, rating in VENDORS],
        }
    )


def global_markets(ctx: Context) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The markets the securities trade in, and each security's market."""
    securities = ctx.market.securities.select("security_id", "region_code", "currency_code")
    pairs = list(zip(securities["region_code"], securities["currency_code"], strict=True))
    unknown = sorted(set(pairs) - set(LISTINGS))
    if unknown:
        raise RuntimeError(f"workplace: no market for securities of (region, currency) {unknown}")
    used = {LISTINGS[pair] for pair in pairs}
    markets = pl.DataFrame(
        [market for market in MARKETS if market[0] in used],
        schema=[
            "market_code",
            "market_name",
            "country_code",
            "region_code",
            "currency_code",
            "time_zone",
            "open_time",
            "close_time",
        ],
        orient="row",
    ).with_columns(pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("market_id"))
    market_id = dict(zip(markets["market_code"], markets["market_id"], strict=True))
    listings = pl.DataFrame(
        {
            "security_id": securities.get_column("security_id"),
            "market_id": pl.Series([market_id[LISTINGS[pair]] for pair in pairs], dtype=pl.Int64),
        }
    )
    return markets, listings


COLUMNS = {
    "workflow_instances": (
        "workflow_instance_id",
        "workflow_type",
        "client_id",
        "portfolio_id",
        "started_at",
        "completed_at",
        "status",
    ),
    "workflow_steps": (
        "workflow_step_id",
        "workflow_instance_id",
        "step_order",
        "step_name",
        "assigned_advisor_id",
        "started_at",
        "completed_at",
        "status",
    ),
    "documents": (
        "document_id",
        "client_id",
        "account_id",
        "document_type",
        "title",
        "created_date",
        "current_version",
        "storage_path",
        "is_signed",
    ),
    "versioned_documents": (
        "document_version_id",
        "document_id",
        "version_number",
        "created_at",
        "change_summary",
        "created_by_advisor_id",
    ),
    "portfolio_reports": (
        "report_id",
        "portfolio_id",
        "client_id",
        "report_type",
        "period_start",
        "period_end",
        "issued_date",
        "delivery_channel",
        "document_id",
    ),
}


def build(ctx: Context) -> dict[str, pl.DataFrame]:
    window = client_window(ctx)
    task = tasks(ctx, window)
    instances, steps = workflows(ctx, window)
    reports = portfolio_reports(ctx, window, instances)
    docs, versions, reports = documents(ctx, window, steps, instances, reports, task)
    referrals = referral_programs(ctx, window)
    markets, listings = global_markets(ctx)
    tables = {
        "tasks": task,
        "scheduled_tasks": scheduled_tasks(ctx),
        "workflow_instances": instances,
        "workflow_steps": steps,
        "documents": docs,
        "versioned_documents": versions,
        "portfolio_reports": reports,
        "tags": tags(),
        "tag_assignments": tag_assignments(ctx, window, referrals),
        "portfolio_tags": portfolio_tags(ctx),
        "referral_programs": referrals,
        "marketing_interactions": marketing_interactions(ctx, window),
        "third_party_vendors": third_party_vendors(ctx),
        "global_markets": markets,
        "security_listings": listings,
    }
    return {name: frame.select(COLUMNS[name]) if name in COLUMNS else frame for name, frame in tables.items()}
