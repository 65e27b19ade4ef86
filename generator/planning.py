"""Financial planning: seed 000's FINANCIAL_STATUS as monthly snapshots and its GOALS.

Income sources and the expense breakdown are JSON objects whose parts sum to the monthly totals
to the cent; the cash-flow surplus is income minus expenses; the emergency fund covers a few
months of expenses. Goals (retirement, education, home, legacy, major purchase) get target
amounts and dates from the client's age, income, wealth and children, and their progress is
the funding portfolio's value on the as-of date against the target.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.config import Config

INCOME_PARTS = ("salary", "bonus", "investment", "rental", "pension")
EXPENSE_PARTS = ("housing", "transport", "food", "healthcare", "education", "insurance", "leisure", "other")
GOAL_TYPES = ("retirement", "education", "home_purchase", "legacy", "major_purchase")
RETIREMENT_AGE = 67


CENTS = tuple(f"{cents:02d}" for cents in range(100))  # the two decimals of an amount


def _json_object(keys: tuple[str, ...], parts: np.ndarray) -> pl.Series:
    """A JSON object per row from integer cents [row, key], amounts with two decimals
    (e.g. 123456 -> 1234.56; the decimals gathered from their 100 texts, not formatted)."""
    template = "{{" + ",".join(f'"{key}":{{}}.{{}}' for key in keys) + "}}"
    cents = pl.Series(CENTS, dtype=pl.String)
    frame = pl.DataFrame({key: parts[:, i] // 100 for i, key in enumerate(keys)})
    decimals = [cents.gather(parts[:, i] % 100) for i in range(len(keys))]
    return frame.select(
        pl.format(template, *[arg for i, key in enumerate(keys) for arg in (pl.col(key), decimals[i])])
    ).to_series()


def _split(total: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Split totals (cents) by weights [row, part] into parts that sum exactly to the total
    (the rounding remainder goes to the largest part, so an empty part stays zero)."""
    shares = weights / weights.sum(axis=1, keepdims=True)
    parts = np.floor(shares * total[:, None]).astype(np.int64)
    parts[np.arange(len(total)), shares.argmax(axis=1)] += total - parts.sum(axis=1)
    return parts


def _month_ends(config: Config) -> np.ndarray:
    months = np.arange(
        np.datetime64(config.history_start, "M"), np.datetime64(config.as_of, "M") + 1, dtype="datetime64[M]"
    )
    ends = (months + 1).astype("datetime64[D]") - 1
    return np.minimum(ends, np.datetime64(config.as_of, "D"))


def financial_status(config: Config, clients: pl.DataFrame) -> pl.DataFrame:
    rng = config.stream("financial_status")
    ends = _month_ends(config)
    onboarding = clients.get_column("onboarding_date").to_numpy().astype("datetime64[D]")
    first = np.searchsorted(ends, onboarding)
    count = len(ends) - first
    row = np.repeat(np.arange(clients.height), count)
    month = np.arange(len(row)) - np.repeat(np.cumsum(count) - count, count) + first[row]
    n, k = clients.height, len(row)
    retired = clients.get_column("occupation").to_numpy() == "Retired"
    annual = clients.get_column("annual_income").to_numpy()
    years = month / 12
    income = np.rint(annual[row] / 12 * 1.025**years * (1 + 0.03 * rng.standard_normal(k)) * 100).astype(np.int64)
    rental = rng.random(n) < 0.3
    december = ends[month].astype("datetime64[M]").astype(int) % 12 == 11
    income_weights = np.where(
        retired[row][:, None],
        np.array([0.0, 0.0, 0.3, 0.1, 0.6]),
        np.array([0.8, 0.08, 0.07, 0.05, 0.0]),
    ) * np.array([1, 1, 1, 0, 1]) + np.outer(rental[row], [0, 0, 0, 0.1, 0])
    income_weights[:, 1] *= np.where(december, 4.0, 1.0)
    income_parts = _split(income, income_weights)
    children = clients.get_column("family_size").to_numpy() > 2
    alpha = np.array([6.0, 2.0, 2.5, 1.5, 0.2, 1.0, 2.0, 1.0])
    expense_weights = rng.dirichlet(alpha, n)
    expense_weights[:, 4] += np.where(children, 0.08, 0.0)
    ratio = rng.uniform(0.5, 0.9, n)
    expenses = np.rint(income * np.clip(ratio[row] + 0.05 * rng.standard_normal(k), 0.3, 1.3)).astype(np.int64)
    expense_parts = _split(expenses, expense_weights[row] * np.exp(0.1 * rng.standard_normal((k, len(EXPENSE_PARTS)))))
    cover = rng.uniform(1.5, 9.0, n)
    emergency = np.rint(expenses * cover[row] * (1 + 0.05 * rng.standard_normal(k))).astype(np.int64)
    return pl.DataFrame(
        {
            "status_id": config.part.ids(k),
            "client_id": clients.get_column("client_id").to_numpy()[row],
            "monthly_income": income / 100,
            "monthly_expenses": expenses / 100,
            "income_sources": _json_object(INCOME_PARTS, income_parts),
            "expense_breakdown": _json_object(EXPENSE_PARTS, expense_parts),
            "emergency_fund": emergency / 100,
            "cashflow_surplus": (income - expenses) / 100,
            "last_updated": ends[month],
        }
    )


def _candidates(config: Config, clients: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """One row per goal a client plausibly has: type, target date and amount."""
    as_of = config.as_of
    info = clients.select(
        "client_id",
        "birth_date",
        "annual_income",
        "net_worth",
        "segment_code",
        (as_of.year - pl.col("birth_date").dt.year()).alias("age"),
    )
    retirement = info.filter(pl.col("age") < RETIREMENT_AGE - 1).with_columns(
        pl.lit("retirement").alias("goal_type"),
        pl.col("birth_date").dt.offset_by(f"{RETIREMENT_AGE}y").alias("target_date"),
        (pl.col("annual_income") * 12).alias("target_amount"),
        pl.lit("Retire at 67 with the current standard of living").alias("description"),
    )
    child = pl.Struct({"relationship": pl.String, "birth_year": pl.Int64})
    kids = (
        clients.select("client_id", pl.col("dependents_info").str.json_decode(pl.List(child)).alias("dependent"))
        .explode("dependent")
        .unnest("dependent")
        .filter((pl.col("relationship") == "child") & (pl.col("birth_year") >= as_of.year - 16))
    )
    education = kids.join(info, on="client_id").with_columns(
        pl.lit("education").alias("goal_type"),
        pl.date(pl.col("birth_year") + 18, 9, 1).alias("target_date"),
        pl.lit(150_000.0).alias("target_amount"),
        pl.format("University fund for the child born in {}", "birth_year").alias("description"),
    )
    home = info.filter(pl.col("age") < 50).with_columns(
        pl.lit("home_purchase").alias("goal_type"),
        pl.lit(as_of).dt.offset_by("3y").alias("target_date"),
        (pl.col("annual_income") * 3).alias("target_amount"),
        pl.lit("Buy a home").alias("description"),
    )
    legacy = info.filter((pl.col("age") > 55) | (pl.col("segment_code") == "uhnw")).with_columns(
        pl.lit("legacy").alias("goal_type"),
        pl.col("birth_date").dt.offset_by("85y").alias("target_date"),
        (pl.col("net_worth") * 0.5).alias("target_amount"),
        pl.lit("Leave a legacy to the family and charities").alias("description"),
    )
    major = info.with_columns(
        pl.lit("major_purchase").alias("goal_type"),
        pl.lit(as_of).dt.offset_by("2y").alias("target_date"),
        (pl.col("annual_income") * 0.5).alias("target_amount"),
        pl.lit("A major purchase (car, boat or renovation)").alias("description"),
    )
    columns = ["client_id", "goal_type", "target_date", "target_amount", "description"]
    frames = [retirement, education.drop("birth_year", "relationship"), home, legacy, major]
    goals = pl.concat([frame.select(columns) for frame in frames])
    keep = {"retirement": 0.85, "education": 0.9, "home_purchase": 0.3, "legacy": 0.35, "major_purchase": 0.2}
    draw = rng.random(goals.height)
    probability = goals.get_column("goal_type").replace_strict(keep, return_dtype=pl.Float64).to_numpy()
    goals = goals.filter(pl.Series(draw < probability))
    spread = rng.uniform(0.7, 1.4, goals.height)
    shift = rng.integers(-365, 365 * 3, goals.height)
    late = goals.get_column("goal_type").is_in(["home_purchase", "major_purchase"]).to_numpy()
    as_of_day = np.datetime64(as_of, "D")
    target = goals.get_column("target_date").to_numpy().astype("datetime64[D]") + np.where(late, shift, 0)
    target = np.maximum(target, as_of_day + 90)
    return goals.with_columns(
        pl.Series("target_date", target),
        ((pl.col("target_amount") * pl.Series(spread) / 100).round() * 100)
        .clip(lower_bound=5_000)
        .alias("target_amount"),
    )


def goals(config: Config, clients: pl.DataFrame, portfolios: pl.DataFrame, closing_value: np.ndarray) -> pl.DataFrame:
    rng = config.stream("goals")
    goal = _candidates(config, clients, rng).sort(["client_id", "target_date", "goal_type"])
    owned = portfolios.select("portfolio_id", "client_id", "base_currency", pl.Series("value", closing_value))
    per_client = owned.group_by("client_id").agg(pl.col("portfolio_id"), pl.col("base_currency").first())
    goal = goal.join(per_client, on="client_id")
    pick = rng.random(goal.height)
    goal = goal.with_columns(
        pl.col("portfolio_id")
        .list.get((pl.Series(pick) * pl.col("portfolio_id").list.len()).cast(pl.Int64))
        .alias("funding_portfolio_id")
    ).drop("portfolio_id")
    sharing = goal.group_by("funding_portfolio_id").agg(pl.len().alias("goals_funded"))
    goal = goal.join(sharing, on="funding_portfolio_id").join(
        owned.select("portfolio_id", "value"), left_on="funding_portfolio_id", right_on="portfolio_id"
    )
    as_of = np.datetime64(config.as_of, "D")
    onboarding = goal.join(clients.select("client_id", "onboarding_date"), on="client_id")["onboarding_date"]
    inception = goal.join(
        portfolios.select("portfolio_id", "inception_date"), left_on="funding_portfolio_id", right_on="portfolio_id"
    )["inception_date"]
    start = np.maximum(onboarding.to_numpy(), inception.to_numpy()).astype("datetime64[D]")
    created = start + (rng.random(goal.height) * (as_of - start).astype(int)).astype(int)
    funded = goal.get_column("value").to_numpy() / goal.get_column("goals_funded").to_numpy()
    target = goal.get_column("target_amount").to_numpy()
    progress = np.round(np.clip(funded / target, 0, 1), 4)
    months = np.maximum(
        (goal.get_column("target_date").to_numpy().astype("datetime64[M]") - as_of.astype("datetime64[M]")).astype(int),
        1,
    )
    contribution = np.round(np.maximum(target - funded, 0) / months * rng.uniform(0.3, 0.9, goal.height), 2)
    years = (goal.get_column("target_date").to_numpy().astype("datetime64[D]") - as_of).astype(int) / 365.25
    status = np.where(progress >= 1, "achieved", np.where(as_of - created < 30, "not_started", "in_progress"))
    priority = np.where(
        goal.get_column("goal_type").is_in(["retirement", "education"]).to_numpy(),
        rng.choice(["high", "medium"], goal.height, p=[0.8, 0.2]),
        rng.choice(["medium", "low"], goal.height, p=[0.5, 0.5]),
    )
    return goal.select(
        (pl.int_range(1, pl.len() + 1, dtype=pl.Int64) + config.part.id_offset).alias("goal_id"),
        "client_id",
        "goal_type",
        pl.Series("timeframe", np.where(years < 3, "short_term", np.where(years < 10, "medium_term", "long_term"))),
        "description",
        "target_amount",
        "target_date",
        pl.Series("status", status),
        pl.Series("progress", progress),
        pl.Series("priority_level", priority),
        "funding_portfolio_id",
        pl.Series("monthly_contribution", contribution),
        pl.col("base_currency").alias("currency_code"),
        pl.Series("created_date", created),
    )
