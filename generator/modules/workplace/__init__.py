"""Workplace: advisor tasks, scheduled system jobs, business workflows and their steps, client
documents and their versions, reports issued, tags, referrals, marketing interactions, third-party
vendors and the markets the securities trade in (the Tasks & Workflow, Documents & Reports, Tags &
Organization, Marketing & Outreach and Markets & Integration modules of seed 001).

Everything about a client is dated inside the client relationship: on or after the onboarding date,
on or before the as-of date (timestamps before the as-of date's end). Recurring activity (tasks,
periodic reviews, marketing) runs over the generated history, from max(onboarding, history start).
Every advisor is the client's advisor at the time (ctx.people.assignments intervals).

Files: _shared.py (helpers used by several files), tasks.py (tasks, scheduled_tasks), workflows.py
(workflow_instances, workflow_steps), reports.py (portfolio_reports), documents.py (documents,
versioned_documents; the reports get their document ids there), tags.py (tags, tag_assignments,
portfolio_tags), referrals.py (referral_programs), marketing.py (marketing_interactions), vendors.py
(third_party_vendors) and markets.py (global_markets, security_listings).

Volumes (linear in the number of clients; about 276k rows in all at 1,000 clients and 10 years of
history, built in about 0.3 s): per client about 4 tasks and 3 marketing interactions a year, one
onboarding, one account opening per account and one periodic review a year (4 steps each), 3 client
documents plus an agreement per account, 3 to 6 tags, 0.1 referrals; per portfolio-year about 0.55
rebalancing workflows (3 steps), 3.9 quarterly statements, 0.75 tax reports (taxable accounts), 1
review report and 0.3 performance reports, each statement and tax report with its document (about
1.2 versions per document overall). Fixed: 16 scheduled jobs, 14 vendors, 23 tags, 7 markets, one
listing per security.

Per shard (`build`): everything about the shard's clients, advisors, accounts and portfolios (tasks,
workflow instances and steps, portfolio reports, documents and versions, tag assignments, portfolio
tags, referrals, marketing interactions), keyed by the shard's ids (ctx.ids, ctx.id_column); a
referral links two clients of the same shard. Once for the firm (`build_firm`): the masters that
depend on no client, only on the configuration's seed and as-of date, the word pools and the market
data (tags, scheduled_tasks, third_party_vendors, global_markets, security_listings), keyed 1..n.
"""

from __future__ import annotations

import polars as pl

from generator.context import Context, FirmContext
from generator.modules._common import client_window
from generator.modules.workplace import (
    documents,
    marketing,
    markets,
    referrals,
    reports,
    tags,
    tasks,
    vendors,
    workflows,
)

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


def _columns(tables: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    return {name: frame.select(COLUMNS[name]) if name in COLUMNS else frame for name, frame in tables.items()}


def build(ctx: Context) -> dict[str, pl.DataFrame]:
    """The shard's tables: about its clients, advisors, accounts and portfolios."""
    window = client_window(ctx)
    task = tasks.tasks(ctx, window)
    instances, steps = workflows.workflows(ctx, window)
    report = reports.portfolio_reports(ctx, window, instances)
    docs, versions, report = documents.documents(ctx, window, steps, instances, report, task)
    referral = referrals.referral_programs(ctx, window)
    return _columns(
        {
            "tasks": task,
            "workflow_instances": instances,
            "workflow_steps": steps,
            "documents": docs,
            "versioned_documents": versions,
            "portfolio_reports": report,
            "tag_assignments": tags.tag_assignments(ctx, window, referral),
            "portfolio_tags": tags.portfolio_tags(ctx),
            "referral_programs": referral,
            "marketing_interactions": marketing.marketing_interactions(ctx, window),
        }
    )


def build_firm(ctx: FirmContext) -> dict[str, pl.DataFrame]:
    """The firm's masters, made once: they depend on no client."""
    market, listings = markets.global_markets(ctx)
    return _columns(
        {
            "scheduled_tasks": tasks.scheduled_tasks(ctx),
            "tags": tags.tags(),
            "third_party_vendors": vendors.third_party_vendors(ctx),
            "global_markets": market,
            "security_listings": listings,
        }
    )
