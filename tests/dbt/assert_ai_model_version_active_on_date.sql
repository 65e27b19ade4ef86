-- Every insight and recommendation uses a version of its own model that was released on or
-- before its date and not retired by then (recommendations come from the portfolio recommender).
with uses as (
    select
        'ml_insights' as table_name,
        insight_id as row_id,
        model_type as model_name,
        model_version_id,
        generation_date as used_date
    from {{ ref('stg_ml_insights') }}
    union all
    select
        'ai_recommendations' as table_name,
        recommendation_id as row_id,
        'portfolio_recommender' as model_name,
        model_version_id,
        recommended_date as used_date
    from {{ ref('stg_ai_recommendations') }}
)

select
    uses.table_name,
    uses.row_id,
    uses.used_date,
    versions.model_name,
    versions.release_date,
    versions.retired_date
from uses
left join {{ ref('stg_ai_model_versions') }} as versions
    on uses.model_version_id = versions.model_version_id
where
    versions.model_version_id is null
    or versions.model_name != uses.model_name
    or uses.used_date < versions.release_date
    or uses.used_date >= versions.retired_date
