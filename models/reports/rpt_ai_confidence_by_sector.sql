-- AI recommendation confidence and outcome by sector, month and model version: how many buy,
-- sell and hold recommendations the portfolio recommender made, their mean confidence, and
-- how often they were right over the next trading days (fct_ai_recommendations.is_hit).
-- Recommendations without an outcome yet are counted apart, not in the hit rate.
with sector_months as (
    select
        recommendations.sector_code,
        securities.sector_name,
        recommendations.recommendation_month,
        recommendations.model_version_id,
        recommendations.model_version,
        count(*) as recommendation_count,
        sum(case when recommendations.action = 'buy' then 1 else 0 end) as buy_count,
        sum(case when recommendations.action = 'sell' then 1 else 0 end) as sell_count,
        sum(case when recommendations.action = 'hold' then 1 else 0 end) as hold_count,
        avg(recommendations.confidence) as average_confidence,
        count(recommendations.is_hit) as outcome_count,
        sum(case when recommendations.is_hit then 1 else 0 end) as hit_count,
        avg(case when recommendations.is_hit is not null then recommendations.confidence end)
            as average_confidence_with_outcome
    from {{ ref('fct_ai_recommendations') }} as recommendations
    inner join {{ ref('dim_securities') }} as securities
        on recommendations.security_id = securities.security_id
    group by
        recommendations.sector_code,
        securities.sector_name,
        recommendations.recommendation_month,
        recommendations.model_version_id,
        recommendations.model_version
)

select
    cast(sector_code as string) as sector_code,
    cast(sector_name as string) as sector_name,
    cast(recommendation_month as date) as recommendation_month,
    cast(model_version_id as bigint) as model_version_id,
    cast(model_version as string) as model_version,
    cast(recommendation_count as bigint) as recommendation_count,
    cast(buy_count as bigint) as buy_count,
    cast(sell_count as bigint) as sell_count,
    cast(hold_count as bigint) as hold_count,
    cast(average_confidence as double) as average_confidence,
    cast(outcome_count as bigint) as outcome_count,
    cast(recommendation_count - outcome_count as bigint) as no_outcome_count,
    cast(hit_count as bigint) as hit_count,
    cast(
        case
            when outcome_count > 0 then cast(hit_count as double) / outcome_count
        end as double
    ) as hit_rate,
    cast(average_confidence_with_outcome as double) as average_confidence_with_outcome
from sector_months
