"""Wealth planning (seed 000: "estate planning and tax information", "insurance and liabilities",
"market views"): liabilities, insurance policies, estate plans, tax profiles, the house's market
views, and the rating history of the bonds of the security master (seed 001 SecurityRatings).

Volumes per client (they scale linearly with the number of clients): about 1.1 liabilities,
1.75 insurance policies, 0.3 estate plans and exactly one tax profile, so about 4.2 rows per
client (4,166 rows at 1,000 clients). Market views are one per asset class and quarter of the
history (160 over ten years) and security ratings about 8 per bond over ten years (the security
master's 48 bonds), whatever the scale.

The four client tables are each shard's (`build`: its clients, keys offset by shard); market
views and security ratings are the firm's (`build_firm`: made once from the market data and the
calendar, the views' authors from the head office's advisors; keys 1, 2, 3 ...).

Files (a table per file, each built by its own function from its own random stream):

- _shared.py: the client frame the client tables start from, and small helpers
- liabilities.py: liabilities
- insurance.py: insurance_policies (property cover follows the client's mortgage)
- estate.py: estate_plans
- tax.py: tax_profiles, with the income-tax bands and capital-gains rates
- market_views.py: market_views
- ratings.py: security_ratings
"""

from __future__ import annotations

import polars as pl

from generator.context import Context, FirmContext
from generator.modules.wealth_planning._shared import _clients
from generator.modules.wealth_planning.estate import _estate_plans
from generator.modules.wealth_planning.insurance import _insurance
from generator.modules.wealth_planning.liabilities import _liabilities
from generator.modules.wealth_planning.market_views import _market_views
from generator.modules.wealth_planning.ratings import _security_ratings
from generator.modules.wealth_planning.tax import _tax_profiles


def build(ctx: Context) -> dict[str, pl.DataFrame]:
    """The shard's client tables."""
    info = _clients(ctx)
    liabilities = _liabilities(ctx, info)
    return {
        "liabilities": liabilities,
        "insurance_policies": _insurance(ctx, info, liabilities),
        "estate_plans": _estate_plans(ctx, info),
        "tax_profiles": _tax_profiles(ctx, info),
    }


def build_firm(ctx: FirmContext) -> dict[str, pl.DataFrame]:
    """The firm's tables: they read only the market data, the calendar and the head office."""
    return {"market_views": _market_views(ctx), "security_ratings": _security_ratings(ctx)}
