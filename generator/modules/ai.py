"""AI & analytics: model versions (AIModelVersions), client insights (ML_INSIGHTS of seed 000,
AIInsights of seed 001) and portfolio recommendations (AIRecommendations).

Volumes: each of the five models has a first version released before the history starts and
then about one release every 18 months (at least two versions per model); every client gets
about three insights a year of relationship inside the history (Poisson), every portfolio
about five recommendations a year since its inception (Poisson). At 1,000 clients and ten
years (relationships starting over the history) that is ~37 versions, ~20k insights and
~45k recommendations.

Model versions: a version is retired on the day the next one of the same model is released;
the current one has no retired date and is active. Insights and recommendations use the
version of their model active on their date (released on or before it, not retired by it).

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

Recommendations (action buy, sell or hold) name a security the portfolio held at the close
of the day before (sell, hold) or one it could buy (any non-cash security of an asset class
of its strategy, ESG-screened like its holdings for ESG strategies). The confidence depends
on the sector (SECTOR_CONFIDENCE), the action, the model version's validation AUC and market
stress; a share of them (more for confident ones) is aligned with the security's
63-trading-day forward return, so hit rates computed later from prices beat a coin flip.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from generator.context import Context
from generator.modules._segments import int_cumsum
from generator.ordering import stable_argsort
from generator.reference import seed

MODEL_NAMES = (
    "churn_predictor",
    "next_best_action",
    "portfolio_recommender",
    "risk_spike_detector",
    "sentiment_classifier",
)
CHURN, NEXT_ACTION, RECOMMENDER, RISK_SPIKE, SENTIMENT = range(len(MODEL_NAMES))
ALGORITHMS = {
    "churn_predictor": ("logistic_regression", "gradient_boosting", "xgboost"),
    "next_best_action": ("rules_engine", "contextual_bandit", "deep_q_network"),
    "portfolio_recommender": ("mean_variance_screen", "matrix_factorization", "gradient_boosting"),
    "risk_spike_detector": ("garch_threshold", "isolation_forest", "lstm_autoencoder"),
    "sentiment_classifier": ("naive_bayes", "bert_finetuned", "roberta_finetuned"),
}
BASE_AUC = np.array([0.78, 0.70, 0.66, 0.74, 0.83])
BASE_CONFIDENCE = np.array([0.80, 0.70, 0.68, 0.74, 0.82])
HORIZON_DAYS = np.array([90, 30, 180, 21, 30])
INSIGHT_MIX = [0.3, 0.25, 0.15, 0.1, 0.2]  # share of insights per model
MONTHS_PER_RELEASE = 18
INSIGHTS_PER_YEAR = 3.0
RECOMMENDATIONS_PER_YEAR = 5.0
FORWARD_DAYS = 63  # trading days over which a recommendation is judged
DAY_KEY = 1 << 20  # holding * DAY_KEY + day number (days since 1970): one sortable int64
STRESS_WINDOW = 21
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
# Mean confidence of the recommender per sector (the AI confidence heatmap by sector).
SECTOR_CONFIDENCE = {
    "communication_services": 0.66,
    "consumer_discretionary": 0.64,
    "consumer_staples": 0.74,
    "energy": 0.55,
    "financials": 0.68,
    "health_care": 0.72,
    "industrials": 0.70,
    "information_technology": 0.77,
    "materials": 0.60,
    "real_estate": 0.62,
    "utilities": 0.73,
    "broad_market": 0.80,
    "government": 0.84,
    "corporate": 0.78,
    "real_assets": 0.63,
    "commodities": 0.52,
    "money_market": 0.85,
}
ACTIONS = ("buy", "sell", "hold")
BUY, SELL, HOLD = range(len(ACTIONS))
ACTION_SHIFT = np.array([0.0, -0.03, 0.03])
RATIONALES = {
    BUY: (
        "Attractive valuation relative to {sector} peers",
        "Improving momentum and earnings revisions in {sector}",
        "Adds diversification to the {asset_class} sleeve",
        "Fills an underweight in {asset_class} against the target allocation",
    ),
    SELL: (
        "Position above its target weight in {asset_class}",
        "Deteriorating momentum in {sector}",
        "Valuation stretched relative to {sector} peers",
        "Reduces concentration in {sector}",
    ),
    HOLD: (
        "Position in line with its target weight",
        "No change in the {sector} outlook",
        "Mixed signals; keep the exposure to {sector}",
    ),
}
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
STATUS = ("proposed", "accepted", "rejected", "expired")


def _days(values: object) -> np.ndarray:
    return np.asarray(values).astype("datetime64[D]")


def _decimal(units: pl.Expr, digits: int) -> pl.Expr:
    """Signed integer units of 10**-digits as decimal text, e.g. -125 with 4 -> -0.0125."""
    scale = 10**digits
    sign = pl.when(units < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    size = units.abs()
    return pl.format("{}{}.{}", sign, size // scale, (size % scale).cast(pl.String).str.zfill(digits))


def _units(values: np.ndarray, digits: int = 4) -> np.ndarray:
    return np.rint(values * 10**digits).astype(np.int64)


def _gather(options: tuple[str, ...] | list[str], index: np.ndarray) -> pl.Series:
    return pl.Series(list(options), dtype=pl.String).gather(index)


def _spread_draw(rng: np.random.Generator, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """A uniform integer in [low, high] per row."""
    return low + (rng.random(len(low)) * (high - low + 1)).astype(np.int64)


def _stress(ctx: Context) -> np.ndarray:
    """Per trading day: 21-day realised volatility of the global equity benchmark over its
    median (1 is a normal market; measured on the days before, so day 0 is 1)."""
    levels = (
        ctx.market.tables["benchmark_levels"]
        .filter(pl.col("benchmark_code") == "bm_global_equity")
        .sort("level_date")
        .get_column("index_level")
        .cast(pl.Float64)
        .to_numpy()
    )
    returns = np.diff(np.log(levels), prepend=np.log(levels[0]))
    sums = np.cumsum(np.r_[0.0, returns])
    squares = np.cumsum(np.r_[0.0, returns**2])
    end = np.arange(len(returns))  # window of the returns before the day
    start = np.maximum(end - STRESS_WINDOW, 0)
    count = np.maximum(end - start, 1)
    mean = (sums[end] - sums[start]) / count
    vol = np.sqrt(np.maximum((squares[end] - squares[start]) / count - mean**2, 0))
    median = np.median(vol[STRESS_WINDOW:]) if len(vol) > STRESS_WINDOW else np.median(vol)
    ratio = np.where(end >= 5, vol / max(median, 1e-12), 1.0)
    return np.clip(ratio, 0.2, 5.0)


def _model_versions(ctx: Context) -> pl.DataFrame:
    rng = ctx.stream("ai_model_versions")
    start = np.datetime64(ctx.config.history_start, "D")
    as_of = np.datetime64(ctx.config.as_of, "D")
    span = int((as_of - start).astype(int))
    months = span / 30.44
    frames = []
    for m, name in enumerate(MODEL_NAMES):
        k = max(2, 1 + int(rng.poisson(months / MONTHS_PER_RELEASE)))
        first = start - int(rng.integers(30, 400))
        later = start + np.sort(rng.integers(20, max(span - 10, 21), k - 1))
        release = np.unique(np.r_[first, later].astype("datetime64[D]"))
        k = len(release)
        bump = rng.choice(3, k, p=[0.15, 0.6, 0.25])  # major, minor, patch
        major, minor, patch = np.empty(k, int), np.empty(k, int), np.empty(k, int)
        major[0], minor[0], patch[0] = 1, 0, 0
        for i in range(1, k):  # a handful of versions per model
            major[i] = major[i - 1] + (bump[i] == 0)
            minor[i] = 0 if bump[i] == 0 else minor[i - 1] + (bump[i] == 1)
            patch[i] = 0 if bump[i] < 2 else patch[i - 1] + 1
        retired = np.r_[release[1:], np.datetime64("NaT", "D")]
        algorithms = ALGORITHMS[name]
        auc = np.clip(BASE_AUC[m] + 0.008 * np.arange(k) + rng.normal(0, 0.006, k), 0.5, 0.97)
        frames.append(
            pl.DataFrame(
                {
                    "model_index": np.full(k, m),
                    "model_name": [name] * k,
                    "major": major,
                    "minor": minor,
                    "patch": patch,
                    "release_date": release,
                    "retired_date": retired,
                    "algorithm": _gather(algorithms, np.minimum(major - 1, len(algorithms) - 1)),
                    "training_data_end": release - rng.integers(21, 120, k),
                    "validation_auc": np.round(auc, 4),
                }
            )
        )
    versions = pl.concat(frames)
    return versions.select(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("model_version_id"),
        "model_index",
        "model_name",
        pl.format("{}.{}.{}", "major", "minor", "patch").alias("version"),
        "release_date",
        "retired_date",
        "algorithm",
        "training_data_end",
        "validation_auc",
        pl.col("retired_date").is_null().alias("is_active"),
    )


def _active_version(versions: pl.DataFrame, model: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Row of `versions` of each model active on each day (versions sorted by model, release)."""
    release = versions.get_column("release_date").to_numpy().astype("datetime64[D]").astype(np.int64)
    key = versions.get_column("model_index").to_numpy().astype(np.int64) * 1_000_000 + release
    query = model.astype(np.int64) * 1_000_000 + day.astype("datetime64[D]").astype(np.int64)
    return np.searchsorted(key, query, side="right") - 1


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
            pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("insight_id"),
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


def _positions_before(ctx: Context, recs: pl.DataFrame) -> np.ndarray:
    """Quantity of each (portfolio, security) held at the close of the day before the date:
    the running total of the settled trades sorted by holding and day, looked up by key."""
    tx = ctx.transactions
    trades = tx.select("portfolio_id", "security_id", "trade_date", "quantity", "transaction_type").filter(
        tx.get_column("transaction_type").is_in(["buy", "sell"]) & (tx.get_column("status") == "settled")
    )
    width = int(max(trades.get_column("security_id").max() or 0, recs.get_column("security_id").max() or 0)) + 1

    def keys(frame: pl.DataFrame, day: str, shift: int) -> tuple[np.ndarray, np.ndarray]:
        holding = frame.get_column("portfolio_id").to_numpy() * width + frame.get_column("security_id").to_numpy()
        days = frame.get_column(day).to_numpy().astype("datetime64[D]").astype(np.int64) - shift
        return holding, holding * DAY_KEY + days

    holding, key = keys(trades, "trade_date", 0)
    order = stable_argsort(key)
    quantity = trades.get_column("quantity").to_numpy()
    change = np.where((trades.get_column("transaction_type") == "buy").to_numpy(), quantity, -quantity)[order]
    holding, key = holding[order], key[order]
    position = int_cumsum(change, np.r_[True, holding[1:] != holding[:-1]])
    query_holding, query_key = keys(recs, "recommended_date", 1)
    last = np.searchsorted(key, query_key, side="right") - 1  # the last trade on or before the day
    found = (last >= 0) & (holding[np.maximum(last, 0)] == query_holding)
    return np.where(found, position[np.maximum(last, 0)], 0)


def _eligible(ctx: Context) -> dict[str, np.ndarray]:
    """Security indices each strategy could buy: non-cash asset classes of its allocation,
    ESG-screened for equities and alternatives like the holdings (generator/accounts.py)."""
    allocations = seed("strategy_allocations")
    strategies = seed("strategies")
    min_esg = dict(zip(strategies["strategy_code"], strategies["min_esg_score"], strict=True))
    securities = ctx.market.securities
    asset_class = ctx.market.sec_asset_class
    esg = securities.get_column("esg_score").cast(pl.Float64).fill_null(0).to_numpy()
    eligible = {}
    for code in strategies["strategy_code"]:
        classes = allocations.filter(pl.col("strategy_code") == code).get_column("asset_class_code").to_list()
        ok = np.isin(asset_class, classes) & (asset_class != "cash")
        if min_esg[code] is not None:
            ok &= ~np.isin(asset_class, ["equity", "alternatives"]) | (esg >= min_esg[code])
        eligible[code] = np.flatnonzero(ok)
    return eligible


def _ai_recommendations(ctx: Context, versions: pl.DataFrame, stress: np.ndarray) -> pl.DataFrame:
    rng = ctx.stream("ai_recommendations")
    cal = ctx.cal
    market = ctx.market
    portfolios = ctx.portfolios.join(
        ctx.people.clients.select("client_id", "onboarding_date"), on="client_id", how="left"
    ).sort("portfolio_id")
    start = np.maximum(
        _days(portfolios.get_column("inception_date").to_numpy()),
        _days(portfolios.get_column("onboarding_date").to_numpy()),
    )
    first_day = cal.index_on_or_after(np.maximum(start, cal.days[0]))
    count = rng.poisson(RECOMMENDATIONS_PER_YEAR * (cal.n - first_day) / 252)
    row = np.repeat(np.arange(portfolios.height), count)
    k = len(row)
    day_index = _spread_draw(rng, first_day[row], np.full(k, cal.n - 1))

    # the security: mostly one of the portfolio's holdings, otherwise any it could buy
    slots = ctx.book.slots[row]
    valid = (slots >= 0) & (market.sec_asset_class != "cash")[np.maximum(slots, 0)]
    keys = np.where(valid, rng.random(slots.shape), -1.0)
    held_pick = slots[np.arange(k), keys.argmax(axis=1)]
    strategy = portfolios.get_column("strategy_type").to_numpy()[row]
    idea = np.empty(k, dtype=np.int64)
    draw = rng.random(k)
    for code, eligible in _eligible(ctx).items():
        mask = strategy == code
        idea[mask] = eligible[(draw[mask] * len(eligible)).astype(np.int64)]
    from_holdings = (rng.random(k) < 0.6) & valid.any(axis=1)
    security = np.where(from_holdings, held_pick, idea)

    recs = (
        pl.DataFrame(
            {
                "row": row,
                "day_index": day_index,
                "security": security,
                "portfolio_id": portfolios.get_column("portfolio_id").to_numpy()[row],
                "client_id": portfolios.get_column("client_id").to_numpy()[row],
                "security_id": market.securities.get_column("security_id").to_numpy()[security],
                "recommended_date": cal.days[day_index],
            }
        )
        .unique(["portfolio_id", "security_id", "recommended_date"], keep="first", maintain_order=True)
        .sort("recommended_date", "portfolio_id", "security_id")
    )
    k = recs.height
    day_index = recs.get_column("day_index").to_numpy()
    security = recs.get_column("security").to_numpy()
    held = _positions_before(ctx, recs) > 0

    version_row = _active_version(versions, np.full(k, RECOMMENDER), recs.get_column("recommended_date").to_numpy())
    auc = versions.get_column("validation_auc").to_numpy()[version_row]
    sector = market.securities.get_column("sector_code").to_numpy()[security]
    sector_mean = pl.Series(sector).replace_strict(SECTOR_CONFIDENCE, return_dtype=pl.Float64).to_numpy()

    # action: a share aligned with the forward return (the model's skill), the rest random
    forward_index = np.minimum(day_index + FORWARD_DAYS, cal.n - 1)
    forward = market.close[forward_index, security] / market.close[day_index, security] - 1
    skilled = (rng.random(k) < np.clip(0.1 + 0.8 * (sector_mean - 0.5), 0.05, 0.4)) & (forward_index - day_index >= 21)
    random_action = rng.choice(len(ACTIONS), k, p=[0.3, 0.25, 0.45])
    action = np.where(skilled, np.where(forward > 0, BUY, SELL), random_action)
    action = np.where(held, action, BUY)  # only held securities can be sold or held
    skilled &= (action == BUY) == (forward > 0)

    confidence = (
        sector_mean
        + ACTION_SHIFT[action]
        + 1.5 * (auc - BASE_AUC[RECOMMENDER])
        - 0.04 * (np.minimum(stress[day_index], 3.0) - 1)
        + 0.03 * skilled
        + rng.normal(0, 0.07, k)
    )
    confidence = np.round(np.clip(confidence, 0.05, 0.99), 4)
    step = rng.integers(1, 13, k) * 25  # 0.0025 to 0.03
    weight_change = np.select([action == BUY, action == SELL], [step, -step], 0) / 10_000

    template_index = np.empty(k, dtype=np.int64)
    templates: list[str] = []
    for code, options in RATIONALES.items():
        mask = action == code
        template_index[mask] = len(templates) + rng.integers(0, len(options), int(mask.sum()))
        templates.extend(options)
    sectors = seed("sectors")
    sector_name = dict(zip(sectors["sector_code"], sectors["sector_name"].str.to_lowercase(), strict=True))
    rationale = (
        pl.DataFrame(
            {
                "template": _gather(templates, template_index),
                "sector": pl.Series(sector.tolist(), dtype=pl.String).replace_strict(sector_name),
                "asset_class": pl.Series(market.sec_asset_class[security].tolist(), dtype=pl.String),
            }
        )
        .select(
            pl.col("template")
            .str.replace("{sector}", pl.col("sector"), literal=True)
            .str.replace("{asset_class}", pl.col("asset_class").str.replace("_", " "), literal=True)
        )
        .to_series()
    )
    as_of = np.datetime64(ctx.config.as_of, "D")
    age = (as_of - cal.days[day_index]).astype(np.int64)
    accept = np.clip(0.15 + 0.8 * (confidence - 0.4), 0.05, 0.9)
    status_draw = rng.random(k)
    decided = np.where(status_draw < accept, 1, np.where(rng.random(k) < 0.55, 2, 3))
    status = np.where((age <= 30) & (rng.random(k) < 0.6), 0, decided)
    status = np.where((age > 30) | (status != 3), status, 0)  # nothing recent has expired yet

    return recs.select(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("recommendation_id"),
        "portfolio_id",
        "client_id",
        "security_id",
        pl.Series("model_version_id", versions.get_column("model_version_id").to_numpy()[version_row]),
        pl.Series("action", _gather(ACTIONS, action)),
        pl.Series("confidence", confidence),
        "recommended_date",
        pl.Series("target_weight_change", weight_change),
        pl.Series("rationale", rationale),
        pl.Series("status", _gather(STATUS, status)),
    )


def build(ctx: Context) -> dict[str, pl.DataFrame]:
    stress = _stress(ctx)
    versions = _model_versions(ctx)
    return {
        "ai_model_versions": versions.drop("model_index"),
        "ml_insights": _ml_insights(ctx, versions, stress),
        "ai_recommendations": _ai_recommendations(ctx, versions, stress),
    }
