"""ai_recommendations: every portfolio gets about five recommendations a year since its
inception (Poisson).

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
from generator.modules.ai._shared import BASE_AUC, RECOMMENDER, _active_version, _days, _gather, _spread_draw
from generator.ordering import stable_argsort
from generator.reference import seed

RECOMMENDATIONS_PER_YEAR = 5.0
FORWARD_DAYS = 63  # trading days over which a recommendation is judged
DAY_KEY = 1 << 20  # holding * DAY_KEY + day number (days since 1970): one sortable int64
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
STATUS = ("proposed", "accepted", "rejected", "expired")


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
        ctx.id_column("recommendation_id"),
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
