"""Accounts (taxable, IRA, Roth, trust, joint) and their managed portfolios.

Each account holds one portfolio. A portfolio's strategy follows its client's risk profile
(with a small share of deliberate mismatches, for suitability checks), its base currency is
the client's home currency, and it holds a fixed set of securities per asset class chosen at
inception (home-biased equities, ESG-screened for ESG strategies).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from generator.calendar import TradingCalendar
from generator.config import Config
from generator.market import Market
from generator.pools import COUNTRIES
from generator.reference import seed
from generator.shards import ID_BLOCK

SUITABILITY_MISMATCH_RATE = 0.04
ESG_PREFERENCE_RATE = 0.3
# share of portfolios that keep a conviction position: one equity holding takes CONVICTION_SHARE
# of the equity class instead of an equal share (an override of the model within the class,
# which the concentration alerts should find)
CONVICTION_RATE = 0.08
CONVICTION_SHARE = (0.40, 0.65)
MIN_INITIAL_DEPOSIT = 25_000.0
TAX_TREATMENT = {
    "taxable": "taxable",
    "joint": "taxable",
    "trust": "taxable",
    "ira": "tax_deferred",
    "roth_ira": "tax_free",
}
HOME_REGION = {
    "USD": "north_america",
    "CAD": "north_america",
    "EUR": "europe",
    "GBP": "united_kingdom",
    "CHF": "switzerland",
}


@dataclass
class Book:
    accounts: pl.DataFrame
    portfolios: pl.DataFrame  # without simulation outputs (last rebalance)
    slots: np.ndarray  # [portfolio, slot] security index, -1 for an empty slot
    slot_weight: np.ndarray  # [portfolio, slot] target weight of the slot in the portfolio
    inception_index: np.ndarray  # [portfolio] trading-day index of inception (a month start)
    base_currency: np.ndarray  # [portfolio] currency index
    cash_buffer: np.ndarray  # [portfolio]


def _accounts(config: Config, clients: pl.DataFrame) -> pl.DataFrame:
    rng = config.stream("accounts")
    n = clients.height
    wealthy = clients.get_column("segment_code").to_numpy() != "mass_affluent"
    married = clients.get_column("marital_status").to_numpy() == "married"
    count = np.minimum(1 + rng.poisson(0.6 + 0.7 * wealthy), 5)
    row = np.repeat(np.arange(n), count)
    seq = np.concatenate([np.arange(k) for k in count])
    first_type = np.where(married & (rng.random(n) < 0.4), "joint", "taxable")
    other = np.where(
        wealthy[row],
        rng.choice(["ira", "roth_ira", "trust", "taxable", "joint"], len(row), p=[0.3, 0.15, 0.3, 0.15, 0.1]),
        rng.choice(["ira", "roth_ira", "taxable", "joint"], len(row), p=[0.45, 0.3, 0.15, 0.1]),
    )
    account_type = np.where(seq == 0, first_type[row], other)
    as_of = np.datetime64(config.as_of, "D")
    onboarding = clients.get_column("onboarding_date").to_numpy().astype("datetime64[D]")[row]
    opened = np.where(
        seq == 0, onboarding, onboarding + (rng.random(len(row)) * (as_of - 60 - onboarding).astype(int)).astype(int)
    )
    country = clients.get_column("residence_country").to_numpy()[row]
    currency = np.array([COUNTRIES[c][2] for c in country])
    share = rng.dirichlet(np.ones(5), len(row))[np.arange(len(row)), np.minimum(seq, 4)]
    investable = clients.get_column("net_worth").to_numpy()[row] * rng.uniform(0.25, 0.6, len(row))
    weight = (
        pl.DataFrame({"row": row, "share": share})
        .with_columns(pl.col("share") / pl.col("share").sum().over("row"))["share"]
        .to_numpy()
    )
    deposit = np.round(np.maximum(investable * weight, MIN_INITIAL_DEPOSIT * rng.uniform(1, 2, len(row))), 2)
    account_id = config.part.ids(len(row))
    return pl.DataFrame(
        {
            "account_id": account_id,
            "client_id": clients.get_column("client_id").to_numpy()[row],
            # WM, then the shard's number (after the first shard), then nine digits that run
            # through every value as the shard's account number does (7,919 is prime)
            "account_number": [
                f"WM{'' if shard == 0 else shard}{number:09d}"
                for shard, number in zip(
                    account_id // ID_BLOCK, (account_id % ID_BLOCK * 7919 + 104729) % 10**9, strict=True
                )
            ],
            "account_type": account_type,
            "tax_treatment": [TAX_TREATMENT[t] for t in account_type],
            "currency_code": currency,
            "opened_date": opened.astype("datetime64[D]"),
            "account_status": "open",
            "initial_deposit": deposit,
        }
    )


def _account_numbers(account_id: np.ndarray) -> list[str]:
    """WM, the shard's number after the first shard, then nine digits that run through every
    value as the account's number in its shard does (7,919 is prime): unique across shards."""
    shard, number = account_id // ID_BLOCK, (account_id % ID_BLOCK * 7919 + 104729) % 10**9
    return [f"WM{'' if s == 0 else s}{n:09d}" for s, n in zip(shard, number, strict=True)]


def _strategies(config: Config, clients: pl.DataFrame, accounts: pl.DataFrame) -> np.ndarray:
    rng = config.stream("portfolio_strategies")
    strategies = seed("strategies")
    suitable = dict(zip(strategies["suitable_risk_profile_code"], strategies["strategy_code"], strict=False))
    profile = (
        clients.select("client_id", "risk_profile")
        .join(accounts.select("account_id", "client_id"), on="client_id")
        .sort("account_id")["risk_profile"]
        .to_numpy()
    )
    strategy = np.array([suitable[p] for p in profile], dtype=object)
    esg = (strategy == "balanced") & (rng.random(len(strategy)) < ESG_PREFERENCE_RATE)
    strategy[esg] = "esg_balanced"
    mismatch = rng.random(len(strategy)) < SUITABILITY_MISMATCH_RATE
    strategy[mismatch] = rng.choice(strategies["strategy_code"].to_numpy(), int(mismatch.sum()))
    return strategy.astype(str)


EXCLUSIONS = ("", '"energy"', '"materials"', '"energy","materials"')  # ESG sector exclusions, as JSON items


def _slots(
    config: Config, market: Market, strategy: np.ndarray, base_ccy: np.ndarray, exclusion: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Securities held by each portfolio, sampled without replacement with home bias."""
    rng = config.stream("portfolio_holdings")
    allocations = seed("strategy_allocations")
    min_esg = dict(zip(seed("strategies")["strategy_code"], seed("strategies")["min_esg_score"], strict=True))
    n_slots = int(
        allocations.group_by("strategy_code").agg(pl.col("securities_to_hold").sum())["securities_to_hold"].max()
    )
    sec = market.securities
    region = sec.get_column("region_code").to_numpy()
    esg = sec.get_column("esg_score").fill_null(0).to_numpy()
    currency = sec.get_column("currency_code").to_numpy()
    slots = np.full((len(strategy), n_slots), -1, dtype=np.int64)
    weights = np.zeros((len(strategy), n_slots))
    for code in np.unique(strategy):
        rows = np.flatnonzero(strategy == code)
        column = 0
        for alloc in allocations.filter(pl.col("strategy_code") == code).sort("asset_class_code").iter_rows(named=True):
            k = alloc["securities_to_hold"]
            eligible = np.flatnonzero(market.sec_asset_class == alloc["asset_class_code"])
            if min_esg[code] is not None and alloc["asset_class_code"] in ("equity", "alternatives"):
                eligible = eligible[esg[eligible] >= min_esg[code]]
            if alloc["asset_class_code"] == "cash":
                chosen = np.array([eligible[currency[eligible] == c][0] for c in base_ccy[rows]])[:, None]
            else:
                # [portfolio, security]: home bias, compared once per base currency, not per row
                currencies, which = np.unique(base_ccy[rows], return_inverse=True)
                at_home = np.array([region[eligible] == HOME_REGION[c] for c in currencies])
                preference = np.where(at_home[which], 3.0, 1.0)
                keys = np.log(preference) + rng.gumbel(size=(len(rows), len(eligible)))
                sector = market.securities.get_column("sector_code").to_numpy()[eligible]
                banned = np.array([[f'"{s}"' in EXCLUSIONS[e] for s in sector] for e in range(len(EXCLUSIONS))])
                keys[banned[exclusion[rows]]] = -np.inf
                chosen = eligible[np.argsort(-keys, axis=1)[:, :k]]
            slots[rows, column : column + k] = chosen
            weights[rows, column : column + k] = alloc["target_weight"] / k
            column += k
    return slots, _conviction_positions(config, market, slots, weights)


def _conviction_positions(config: Config, market: Market, slots: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Give a few portfolios one equity holding worth CONVICTION_SHARE of the equity class, the
    rest of the class split equally: the class's target weight does not change."""
    rng = config.stream("conviction_positions")
    is_equity = (slots >= 0) & (market.sec_asset_class[np.maximum(slots, 0)] == "equity")
    held = is_equity.sum(axis=1)
    tilted = np.flatnonzero((rng.random(len(slots)) < CONVICTION_RATE) & (held > 1))
    share = rng.uniform(*CONVICTION_SHARE, len(slots))[tilted]
    equity = is_equity[tilted]
    class_weight = np.where(equity, weights[tilted], 0).sum(axis=1)
    tilt = np.where(equity, (class_weight * (1 - share) / (held[tilted] - 1))[:, None], weights[tilted])
    tilt[np.arange(len(tilted)), np.argmax(equity, axis=1)] = class_weight * share
    out = weights.copy()
    out[tilted] = tilt
    return out


def build_book(config: Config, cal: TradingCalendar, clients: pl.DataFrame, market: Market) -> Book:
    accounts = _accounts(config, clients)
    rng = config.stream("portfolios")
    n = accounts.height
    strategy = _strategies(config, clients, accounts)
    strategies = seed("strategies")
    bench = dict(zip(strategies["strategy_code"], strategies["benchmark_code"], strict=True))
    expected = dict(zip(strategies["strategy_code"], strategies["expected_return"], strict=True))
    risk = dict(zip(strategies["strategy_code"], strategies["risk_level"], strict=True))
    buffer = dict(zip(strategies["strategy_code"], strategies["cash_buffer_weight"], strict=True))
    base = accounts.get_column("currency_code").to_numpy()
    exclusion = rng.choice(len(EXCLUSIONS), n, p=[0.55, 0.25, 0.1, 0.1])
    slots, weights = _slots(config, market, strategy, base, exclusion)
    cash_buffer = np.array([buffer[s] for s in strategy])
    is_cash = market.sec_asset_class[np.maximum(slots, 0)] == "cash"
    weights = np.where(is_cash & (slots >= 0), weights - cash_buffer[:, None], weights)
    opened = accounts.get_column("opened_date").to_numpy().astype("datetime64[D]")
    starts = cal.month_starts()
    start_days = cal.days[starts]
    inception_index = starts[np.minimum(np.searchsorted(start_days, opened, side="left"), len(starts) - 1)]
    segment = (
        clients.select("client_id", "segment_code")
        .join(accounts.select("account_id", "client_id"), on="client_id")
        .sort("account_id")["segment_code"]
        .to_numpy()
    )
    fee_schedule = dict(
        zip(seed("client_segments")["segment_code"], seed("client_segments")["fee_schedule_code"], strict=True)
    )
    excluded = np.array(EXCLUSIONS)[exclusion]
    themes = rng.choice(['"climate"', '"governance"', '"social"', '"climate","social"'], n)
    esg_min = np.where(np.char.startswith(strategy, "esg"), 60, rng.choice([0, 40, 50], n, p=[0.6, 0.25, 0.15]))
    esg_json = [
        f'{{"exclude_sectors":[{e}],"min_esg_score":{m},"impact_themes":[{t}]}}'
        for e, m, t in zip(excluded, esg_min, themes, strict=True)
    ]
    portfolios = pl.DataFrame(
        {
            "portfolio_id": config.part.ids(n),
            "account_id": accounts.get_column("account_id").to_numpy(),
            "client_id": accounts.get_column("client_id").to_numpy(),
            "portfolio_name": [
                f"{t.replace('_', ' ').title()} - {s.replace('_', ' ').title()}"
                for t, s in zip(accounts["account_type"], strategy, strict=True)
            ],
            "strategy_type": strategy,
            "benchmark_code": [bench[s] for s in strategy],
            "base_currency": base,
            "inception_date": cal.days[inception_index],
            "target_return": np.round([expected[s] + rng.normal(0, 0.003) for s in strategy], 4),
            "risk_score": np.round(np.clip([risk[s] * 2 - 1 + rng.uniform(-0.8, 0.8) for s in strategy], 1, 10), 1),
            "esg_preferences": esg_json,
            "rebalance_frequency_months": rng.choice([3, 6, 12], n, p=[0.6, 0.3, 0.1]),
            "fee_schedule_code": [fee_schedule[s] for s in segment],
        }
    )
    currencies = market.currencies
    return Book(
        accounts=accounts,
        portfolios=portfolios,
        slots=slots,
        slot_weight=weights,
        inception_index=inception_index,
        base_currency=np.array([currencies.index(c) for c in base]),
        cash_buffer=cash_buffer,
    )
