"""AI & analytics: model versions (AIModelVersions), client insights (ML_INSIGHTS of seed 000,
AIInsights of seed 001) and portfolio recommendations (AIRecommendations).

Volumes (each file's docstring gives its table's): at 1,000 clients and ten years
(relationships starting over the history) that is ~37 versions, ~20k insights and ~45k
recommendations.

Model versions are the firm's (made once, `build_firm`: they depend on the seed and the
history's dates only); insights and recommendations are the shard's (its clients and
portfolios, keys from ctx.id_column), and recompute the versions and the market stress from
the FirmContext, the same in every shard.

Files:
- _shared.py: model names, the market stress and the active model version, used by several tables;
- versions.py: ai_model_versions;
- insights.py: ml_insights (churn risk, next best actions, suggestions, predictions);
- recommendations.py: ai_recommendations.
"""

from __future__ import annotations

import polars as pl

from generator.context import Context, FirmContext
from generator.modules.ai._shared import _stress
from generator.modules.ai.insights import _ml_insights
from generator.modules.ai.recommendations import _ai_recommendations
from generator.modules.ai.versions import _model_versions


def build_firm(ctx: FirmContext) -> dict[str, pl.DataFrame]:
    """The firm's model versions: made once, from the seed and the history's dates."""
    return {"ai_model_versions": _model_versions(ctx).drop("model_index")}


def build(ctx: Context) -> dict[str, pl.DataFrame]:
    """The shard's insights (about its clients) and recommendations (about its portfolios),
    each naming the firm's model version active on its date (recomputed from `ctx.firm`)."""
    stress = _stress(ctx.firm)
    versions = _model_versions(ctx.firm)
    return {
        "ml_insights": _ml_insights(ctx, versions, stress),
        "ai_recommendations": _ai_recommendations(ctx, versions, stress),
    }
