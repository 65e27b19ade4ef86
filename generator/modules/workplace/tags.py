"""Tags: client segment, interests from goals and ESG portfolios, risk profile (conservative and
aggressive investors, suitability mismatches between profile and strategy), service tags (VIP for
ultra high net worth clients, three or more accounts, referrers, and email, in-person or video
contact preferences); portfolio tags from the strategy (esg, income_focus, growth_focus), the
account's tax treatment (tax_advantaged) and the holdings (multi_currency: bought securities in two
or more currencies; tagged on the first buy in a second currency)."""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import Context
from generator.modules._common import Window
from generator.modules.workplace._shared import _advisor_at, _days
from generator.reference import seed

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


def tags() -> pl.DataFrame:
    """The firm's tag list (keys 1..n, the same for every shard: the per-shard tables join it)."""
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
        ctx.id_column("assignment_id"),
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
        ctx.id_column("portfolio_tag_id"),
        "portfolio_id",
        "tag_id",
        pl.col("day").alias("tagged_date"),
    )
