-- Insights and recommendations are dated inside the client relationship (on or after
-- onboarding, not after the as-of date); recommendations also on or after the portfolio's
-- inception, for the portfolio's own client.
with as_of as (
    select max(calendar_date) as as_of_date
    from {{ ref('stg_trading_calendar') }}
),

insight_failures as (
    select
        'ml_insights' as table_name,
        insights.insight_id as row_id,
        insights.generation_date as used_date
    from {{ ref('stg_ml_insights') }} as insights
    inner join {{ ref('stg_clients') }} as clients
        on insights.client_id = clients.client_id
    cross join as_of
    where
        insights.generation_date < clients.onboarding_date
        or insights.generation_date > as_of.as_of_date
),

recommendation_failures as (
    select
        'ai_recommendations' as table_name,
        recommendations.recommendation_id as row_id,
        recommendations.recommended_date as used_date
    from {{ ref('stg_ai_recommendations') }} as recommendations
    inner join {{ ref('stg_portfolios') }} as portfolios
        on recommendations.portfolio_id = portfolios.portfolio_id
    inner join {{ ref('stg_clients') }} as clients
        on recommendations.client_id = clients.client_id
    cross join as_of
    where
        portfolios.client_id != recommendations.client_id
        or recommendations.recommended_date < clients.onboarding_date
        or recommendations.recommended_date < portfolios.inception_date
        or recommendations.recommended_date > as_of.as_of_date
)

select
    table_name,
    row_id,
    used_date
from insight_failures
union all
select
    table_name,
    row_id,
    used_date
from recommendation_failures
