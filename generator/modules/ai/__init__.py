"""AI & analytics: model versions (AIModelVersions), client insights (ML_INSIGHTS of seed 000,
AIInsights of seed 001) and portfolio recommendations (AIRecommendations).

Volumes (each file's docstring gives its table's): at 1,000 clients and ten years
(relationships starting over the history) that is ~37 versions, ~20k insights and ~45k
recommendations.

Files:
- _shared.py: model names, the market stress and the active model version, used by several tables;
- versions.py: ai_model_versions;
- insights.py: ml_insights (churn risk, next best actions, suggestions, predictions);
- recommendations.py: ai_recommendations.
"""

from __future__ import annotations

import polars as pl

from generator.context import Context
from generator.modules.ai._shared import _stress
from generator.modules.ai.insights import _ml_insights
from generator.modules.ai.recommendations import _ai_recommendations
from generator.modules.ai.versions import _model_versions


def build(ctx: Context) -> dict[str, pl.DataFrame]:
    stress = _stress(ctx)
    versions = _model_versions(ctx)
    return {
        "ai_model_versions": versions.drop("model_index"),
        "ml_insights": _ml_insights(ctx, versions, stress),
        "ai_recommendations": _ai_recommendations(ctx, versions, stress),
    }
