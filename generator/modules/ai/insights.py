"""ml_insights: every client gets about three insights a year of relationship inside the
history (Poisson).

Churn risk (churn_risk JSON of every insight) is a logistic score of documented drivers,
each measured over the days strictly before the generation date:
- recent_withdrawals: at least one settled withdrawal from the client's portfolios in the
  180 days before (withdrawals_180d counts them);
- large_outflows: withdrawals of the last 365 days as a share of everything the client
  deposited before the date (outflow_ratio; a driver above 0.05, capped at 0.25 in the score);
- advisor_change: the client's advisor changed (a non-onboarding assignment began) in the
  365 days before;
- advanced_age: the client is 75 or older; new_relationship: onboarded under two years ago;
- market_stress: the global equity benchmark's 21-day volatility is twice its median.
Bands: low under 0.2, medium under 0.4, high from 0.4. The next best actions follow the
drivers (retention call for a high band, liquidity review after outflows, introduction to
the new advisor), the sentiment classifier is more often negative at higher churn risk, and
the risk-spike detector flags market stress.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import Context
from generator.modules.ai._shared import (
    BASE_AUC,
    CHURN,
    MODEL_NAMES,
    NEXT_ACTION,
    RECOMMENDER,
    RISK_SPIKE,
    _active_version,
    _days,
    _gather,
    _spread_draw,
)

BASE_CONFIDENCE = np.array([0.80, 0.70, 0.68, 0.74, 0.82])
HORIZON_DAYS = np.array([90, 30, 180, 21, 30])
INSIGHT_MIX = [0.3, 0.25, 0.15, 0.1, 0.2]  # share of insights per model
INSIGHTS_PER_YEAR = 3.0
STRESS_THRESHOLD = 2.0
OUTFLOW_THRESHOLD = 0.05
OUTFLOW_CAP = 0.25
BAND_EDGES = (0.2, 0.4)
BANDS = ("low", "medium", "high")
GENERIC_ACTIONS = (
    "rebalance_portfolio",
    "review_goals",
    "increase_contributions",
    "tax_loss_harvesting",
    "update_risk_profile",
    "consolidate_accounts",
    "esg_review",
)
SUGGESTIONS = (  # asset class, direction, theme
    ("equity", "increase", "long_term_growth"),
    ("alternatives", "increase", "diversification"),
    ("fixed_income", "increase", "add_income"),
    ("cash", "decrease", "reduce_cash_drag"),
    ("equity", "decrease", "rebalance_to_target"),
    ("fixed_income", "increase", "reduce_volatility"),
    ("equity", "decrease", "de_risk_before_retirement"),
)
STRESS_SUGGESTION, RETIREMENT_SUGGESTION = 5, 6


def _decimal(units: pl.Expr, digits: int) -> pl.Expr:
    """Signed integer units of 10**-digits as decimal text, e.g. -125 with 4 -> -0.0125."""
    scale = 10**digits
    sign = pl.when(units < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    size = units.abs()
    return pl.format("{}{}.{}", sign, size // scale, (size % scale).cast(pl.String).str.zfill(digits))


def _units(values: np.ndarray, digits: int = 4) -> np.ndarray:
    return np.rint(values * 10**digits).astype(np.int64)


def _window_counts(keys: np.ndarray, values: np.ndarray, query: np.ndarray, days: int) -> tuple[np.ndarray, np.ndarray]:
    """Count and sum of the events with key in [query - days, query), keys sorted."""
    cumulative = np.r_[0.0, np.cumsum(values)]
    hi = np.searchsorted(keys, query, side="left")
    lo = np.searchsorted(keys, query - days, side="left")
    return hi - lo, cumulative[hi] - cumulative[lo]


def _client_keys(client: np.ndarray, day: np.ndarray) -> np.ndarray:
    return client.astype(np.int64) * 1_000_000 + day.astype("datetime64[D]").astype(np.int64)


def _cash_flows(ctx: Context, kind: str) -> tuple[np.ndarray, np.ndarray]:
    """Sorted client-day keys and base-currency amounts of the settled flows of one type."""
    flows = (
        ctx.transactions.select("portfolio_id", "trade_date", "amount")
        .filter(
            (ctx.transactions.get_column("transaction_type") == kind)
            & (ctx.transactions.get_column("status") == "settled")
        )
        .join(ctx.portfolios.select("portfolio_id", "client_id"), on="portfolio_id")
        .select("client_id", "trade_date", pl.col("amount").cast(pl.Float64))
        .sort("client_id", "trade_date")
    )
    keys = _client_keys(flows.get_column("client_id").to_numpy(), flows.get_column("trade_date").to_numpy())
    return keys, flows.get_column("amount").to_numpy()


def _ml_insights(ctx: Context, versions: pl.DataFrame, stress: np.ndarray) -> pl.DataFrame:
    rng = ctx.stream("ml_insights")
    cal = ctx.cal
    clients = ctx.people.clients
    onboarding = _days(clients.get_column("onboarding_date").to_numpy())
    first_day = cal.index_on_or_after(np.maximum(onboarding, cal.days[0]))
    years = (cal.n - first_day) / 252
    count = rng.poisson(INSIGHTS_PER_YEAR * years)
    row = np.repeat(np.arange(clients.height), count)
    k = len(row)
    day_index = _spread_draw(rng, first_day[row], np.full(k, cal.n - 1))
    order = np.lexsort((day_index, row))
    row, day_index = row[order], day_index[order]
    day = cal.days[day_index]
    client = clients.get_column("client_id").to_numpy()[row]
    model = rng.choice(len(MODEL_NAMES), k, p=INSIGHT_MIX)
    version_row = _active_version(versions, model, day)
    auc = versions.get_column("validation_auc").to_numpy()[version_row]

    # churn drivers, each measured over the days strictly before the generation date
    query = _client_keys(client, day)
    w_keys, w_amounts = _cash_flows(ctx, "withdrawal")
    d_keys, d_amounts = _cash_flows(ctx, "deposit")
    withdrawals_180, _ = _window_counts(w_keys, w_amounts, query, 180)
    _, withdrawn_365 = _window_counts(w_keys, w_amounts, query, 365)
    _, deposited = _window_counts(d_keys, d_amounts, query, 1_000_000)
    outflow_ratio = np.where(deposited > 0, withdrawn_365 / np.maximum(deposited, 1.0), 0.0)
    assignments = ctx.people.assignments.filter(pl.col("change_reason") != "onboarding").sort("client_id", "start_date")
    a_keys = _client_keys(
        assignments.get_column("client_id").to_numpy(), assignments.get_column("start_date").to_numpy()
    )
    advisor_changes, _ = _window_counts(a_keys, np.ones(len(a_keys)), query, 365)
    birth = _days(clients.get_column("birth_date").to_numpy())[row]
    age = (day - birth).astype(np.int64) / 365.25
    tenure = (day - onboarding[row]).astype(np.int64) / 365.25
    market_stress = stress[day_index]
    drivers = {
        "recent_withdrawals": withdrawals_180 > 0,
        "large_outflows": outflow_ratio > OUTFLOW_THRESHOLD,
        "advisor_change": advisor_changes > 0,
        "advanced_age": age >= 75,
        "new_relationship": tenure < 2,
        "market_stress": market_stress > STRESS_THRESHOLD,
    }
    logit = (
        -2.4
        + 0.5 * drivers["recent_withdrawals"]
        + 8.0 * np.minimum(outflow_ratio, OUTFLOW_CAP)
        + 1.1 * drivers["advisor_change"]
        + 0.5 * drivers["advanced_age"]
        + 0.6 * drivers["new_relationship"]
        + 0.3 * drivers["market_stress"]
        + rng.normal(0, 0.35, k)
    )
    score = np.clip(1 / (1 + np.exp(-logit)), 0.0001, 0.9999)
    score_units = _units(score)
    band = np.digitize(score_units / 10_000, BAND_EDGES)

    confidence = np.clip(BASE_CONFIDENCE[model] + 2 * (auc - BASE_AUC[model]) + rng.normal(0, 0.05, k), 0.5, 0.99)

    # next best actions: driven by the churn drivers, otherwise a generic planning action
    generic = rng.integers(0, len(GENERIC_ACTIONS), k)
    secondary = (generic + rng.integers(1, len(GENERIC_ACTIONS), k)) % len(GENERIC_ACTIONS)
    outflows = drivers["recent_withdrawals"] | drivers["large_outflows"]

    # investment suggestions
    suggestion = rng.integers(0, STRESS_SUGGESTION, k)
    suggestion = np.where((age >= 60) & (rng.random(k) < 0.6), RETIREMENT_SUGGESTION, suggestion)
    suggestion = np.where(drivers["market_stress"], STRESS_SUGGESTION, suggestion)
    change_units = rng.integers(1, 11, k) * 50  # 0.005 to 0.05
    decrease = np.array([s[1] == "decrease" for s in SUGGESTIONS])[suggestion]
    change_units = np.where(decrease, -change_units, change_units)

    # prediction results per model
    sentiment_draw = rng.random(k)
    sentiment = np.where(sentiment_draw < 1.5 * score, 2, np.where(sentiment_draw < 0.35 + 1.5 * score, 1, 0))
    spike_probability = 1 / (1 + np.exp(-4 * (market_stress - STRESS_THRESHOLD)))
    churn_probability = np.where(band == 2, score, 1 - score)
    probability = np.select(
        [model == CHURN, model == RISK_SPIKE],
        [churn_probability, np.where(spike_probability >= 0.5, spike_probability, 1 - spike_probability)],
        confidence,
    )

    frame = pl.DataFrame(
        {
            "client_id": client,
            "model": model,
            "generation_date": day,
            "confidence_score": np.round(confidence, 4),
            "model_version_id": versions.get_column("model_version_id").to_numpy()[version_row],
            "score": score_units,
            "band": _gather(BANDS, band),
            "withdrawals_180d": withdrawals_180,
            "outflow_units": _units(np.minimum(outflow_ratio, 9.9999)),
            "generic": _gather(GENERIC_ACTIONS, generic),
            "secondary": _gather(GENERIC_ACTIONS, secondary),
            "high": band == 2,
            "outflows": outflows,
            "advisor_change": drivers["advisor_change"],
            "asset_class": _gather([s[0] for s in SUGGESTIONS], suggestion),
            "direction": _gather([s[1] for s in SUGGESTIONS], suggestion),
            "theme": _gather([s[2] for s in SUGGESTIONS], suggestion),
            "change": change_units,
            "sentiment": _gather(("positive", "neutral", "negative"), sentiment),
            "spike": spike_probability >= 0.5,
            "probability": _units(probability),
            "horizon": HORIZON_DAYS[model],
            **{f"driver_{name}": flag for name, flag in drivers.items()},
        }
    )
    driver_text = pl.concat_str(
        [pl.when(pl.col(f"driver_{name}")).then(pl.lit(name)) for name in drivers], separator=";", ignore_nulls=True
    )
    primary = (
        pl.when(pl.col("high"))
        .then(pl.lit("retention_call"))
        .when(pl.col("outflows"))
        .then(pl.lit("liquidity_review"))
        .when(pl.col("advisor_change"))
        .then(pl.lit("advisor_introduction"))
        .otherwise(pl.col("generic"))
    )
    model_type = pl.col("model").replace_strict(dict(enumerate(MODEL_NAMES)), return_dtype=pl.String)
    label = (
        pl.when(pl.col("model") == CHURN)
        .then(pl.when(pl.col("high")).then(pl.lit("at_risk")).otherwise(pl.lit("retain")))
        .when(pl.col("model") == NEXT_ACTION)
        .then(pl.col("primary"))
        .when(pl.col("model") == RECOMMENDER)
        .then(pl.format("{}_{}", "direction", "asset_class"))
        .when(pl.col("model") == RISK_SPIKE)
        .then(pl.when(pl.col("spike")).then(pl.lit("risk_spike")).otherwise(pl.lit("normal")))
        .otherwise(pl.col("sentiment"))
    )
    priority = pl.col("band").replace_strict({"low": "low", "medium": "medium", "high": "high"})
    return (
        frame.with_columns(
            primary.alias("primary"),
            pl.when(driver_text == "").then(pl.lit("none")).otherwise(driver_text).alias("drivers"),
        )
        .with_columns(label.alias("label"))
        .select(
            ctx.id_column("insight_id"),
            "client_id",
            model_type.alias("model_type"),
            pl.format(
                '{{"label":"{}","probability":{},"horizon_days":{}}}',
                "label",
                _decimal(pl.col("probability"), 4),
                "horizon",
            ).alias("prediction_results"),
            "confidence_score",
            "generation_date",
            pl.format('{{"primary":"{}","secondary":"{}","priority":"{}"}}', "primary", "secondary", priority).alias(
                "next_best_actions"
            ),
            pl.format(
                '{{"score":{},"band":"{}","drivers":"{}","withdrawals_180d":{},"outflow_ratio":{}}}',
                _decimal(pl.col("score"), 4),
                "band",
                "drivers",
                "withdrawals_180d",
                _decimal(pl.col("outflow_units"), 4),
            ).alias("churn_risk"),
            pl.format(
                '{{"asset_class":"{}","direction":"{}","weight_change":{},"theme":"{}"}}',
                "asset_class",
                "direction",
                _decimal(pl.col("change"), 4),
                "theme",
            ).alias("investment_suggestions"),
            "model_version_id",
        )
    )
