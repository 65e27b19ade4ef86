-- A sell or hold recommendation names a security the portfolio held (a positive quantity) at
-- the close of the last trade date before the recommended date.
with held as (
    select recommendations.recommendation_id
    from {{ ref('stg_ai_recommendations') }} as recommendations
    inner join {{ ref('int_position_intervals') }} as positions
        on
            recommendations.portfolio_id = positions.portfolio_id
            and recommendations.security_id = positions.security_id
            and recommendations.recommended_date > positions.valid_from
            and (positions.valid_to is null or recommendations.recommended_date <= positions.valid_to)
    where positions.quantity > 0
)

select
    recommendations.recommendation_id,
    recommendations.portfolio_id,
    recommendations.security_id,
    recommendations.action,
    recommendations.recommended_date
from {{ ref('stg_ai_recommendations') }} as recommendations
left join held
    on recommendations.recommendation_id = held.recommendation_id
where recommendations.action in ('sell', 'hold') and held.recommendation_id is null
