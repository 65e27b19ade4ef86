"""Documents: an investment policy statement, a risk questionnaire and a KYC document per client (made
by the onboarding steps), an account agreement per account (account opening), a quarterly statement
per statement issued and a tax form per tax report. Versions: the policy statement and the
questionnaire get a new version at some completed periodic reviews, the KYC document at each completed
kyc_refresh task, agreements an occasional amendment, statements and tax forms an occasional
correction; a document's current_version is its number of versions. Statements and tax forms are
written by the system (version 1 has no advisor)."""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import Context
from generator.modules._common import Window
from generator.modules._segments import run_starts, segment_positions
from generator.modules.workplace._shared import _advisor_at, _at, _days, _hours

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
        .with_columns(ctx.id_column("document_id"))
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
        ctx.id_column("document_version_id"),
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
