-- AI recommendation confidence and outcome by sector, month and model version: how many buy,
-- sell and hold recommendations the portfolio recommender made (stg_ai_recommendations), their
-- mean confidence, and how often they were right over the next H trading days (setting
-- ai_outcome_horizon_trading_days, seed report_settings). The outcome compares the security's
-- close (stg_prices, in its own currency) on the recommendation date with its close on the
-- trading day H positions later (int_trading_days.trading_day_index + H, never a calendar
-- offset): a buy is a hit when the price rose, a sell when it fell, a hold when the absolute
-- move stayed within setting ai_hold_band. Recommendations without that later close (the
-- horizon runs past the last price day) have no outcome: counted apart, not in the hit rate.
with settings as (
    select
        cast(max(case when setting_code = 'ai_outcome_horizon_trading_days' then setting_value end) as int)
            as horizon_trading_days,
        max(case when setting_code = 'ai_hold_band' then setting_value end) as hold_band
    from {{ ref('report_settings') }}
),

recommendations as (
    select
        recommendation_id,
        security_id,
        model_version_id,
        action,
        confidence,
        recommended_date,
        cast({{ dbt.date_trunc('month', 'recommended_date') }} as date) as recommendation_month
    from {{ ref('stg_ai_recommendations') }}
),

security_closes as (
    select
        prices.security_id,
        prices.price_date,
        prices.close_price,
        trading_days.trading_day_index
    from {{ ref('stg_prices') }} as prices
    inner join {{ ref('int_trading_days') }} as trading_days
        on prices.price_date = trading_days.trading_date
),

recommendation_moves as (
    select
        recommendations.recommendation_id,
        recommendations.security_id,
        recommendations.model_version_id,
        recommendations.action,
        recommendations.confidence,
        recommendations.recommendation_month,
        settings.hold_band,
        start_closes.close_price as start_close,
        end_closes.close_price as end_close
    from recommendations
    cross join settings
    left join security_closes as start_closes
        on
            recommendations.security_id = start_closes.security_id
            and recommendations.recommended_date = start_closes.price_date
    left join security_closes as end_closes
        on
            start_closes.security_id = end_closes.security_id
            and start_closes.trading_day_index + settings.horizon_trading_days = end_closes.trading_day_index
),

recommendation_outcomes as (
    select
        recommendation_id,
        security_id,
        model_version_id,
        action,
        confidence,
        recommendation_month,
        case
            when start_close is null or end_close is null or start_close <= 0 then null
            when action = 'buy' then end_close > start_close
            when action = 'sell' then end_close < start_close
            when action = 'hold' then abs(end_close / start_close - 1) <= hold_band
        end as is_hit
    from recommendation_moves
),

sector_months as (
    select
        securities.sector_code,
        securities.sector_name,
        outcomes.recommendation_month,
        outcomes.model_version_id,
        count(*) as recommendation_count,
        sum(case when outcomes.action = 'buy' then 1 else 0 end) as buy_count,
        sum(case when outcomes.action = 'sell' then 1 else 0 end) as sell_count,
        sum(case when outcomes.action = 'hold' then 1 else 0 end) as hold_count,
        avg(outcomes.confidence) as average_confidence,
        count(outcomes.is_hit) as outcome_count,
        sum(case when outcomes.is_hit then 1 else 0 end) as hit_count,
        avg(case when outcomes.is_hit is not null then outcomes.confidence end) as average_confidence_with_outcome
    from recommendation_outcomes as outcomes
    inner join {{ ref('dim_securities') }} as securities
        on outcomes.security_id = securities.security_id
    group by
        securities.sector_code,
        securities.sector_name,
        outcomes.recommendation_month,
        outcomes.model_version_id
)

select
    cast(sector_months.sector_code as string) as sector_code,
    cast(sector_months.sector_name as string) as sector_name,
    cast(sector_months.recommendation_month as date) as recommendation_month,
    cast(sector_months.model_version_id as bigint) as model_version_id,
    cast(model_versions.version as string) as model_version,
    cast(sector_months.recommendation_count as bigint) as recommendation_count,
    cast(sector_months.buy_count as bigint) as buy_count,
    cast(sector_months.sell_count as bigint) as sell_count,
    cast(sector_months.hold_count as bigint) as hold_count,
    cast(sector_months.average_confidence as double) as average_confidence,
    cast(sector_months.outcome_count as bigint) as outcome_count,
    cast(sector_months.recommendation_count - sector_months.outcome_count as bigint) as no_outcome_count,
    cast(sector_months.hit_count as bigint) as hit_count,
    cast(
        case
            when sector_months.outcome_count > 0
                then cast(sector_months.hit_count as double) / sector_months.outcome_count
        end as double
    ) as hit_rate,
    cast(sector_months.average_confidence_with_outcome as double) as average_confidence_with_outcome
from sector_months
left join {{ ref('stg_ai_model_versions') }} as model_versions
    on sector_months.model_version_id = model_versions.model_version_id
