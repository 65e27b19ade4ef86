select
    recommendation_id,
    portfolio_id,
    client_id,
    security_id,
    model_version_id,
    action,
    cast(confidence as double) as confidence,
    recommended_date,
    cast(target_weight_change as double) as target_weight_change,
    rationale,
    status
from {{ source('ai', 'ai_recommendations') }}
