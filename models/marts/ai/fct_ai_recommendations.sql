-- Every AI buy, sell or hold suggestion with what followed: the security's close (stg_prices,
-- in its own currency) on the recommendation date and H trading days later (setting
-- ai_outcome_horizon_trading_days, seed report_settings; int_trading_days.trading_day_index + H,
-- never a calendar offset), the move between them, and whether the suggestion was right: a buy
-- when the price rose, a sell when it fell, a hold when the absolute move stayed within setting
-- ai_hold_band. Without that later close (the horizon runs past the last price day) there is
-- no outcome.
with settings as (
    select
        cast(max(case when setting_code = 'ai_outcome_horizon_trading_days' then setting_value end) as int)
            as horizon_trading_days,
        max(case when setting_code = 'ai_hold_band' then setting_value end) as hold_band
    from {{ ref('report_settings') }}
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
        recommendations.portfolio_id,
        recommendations.client_id,
        recommendations.security_id,
        recommendations.model_version_id,
        recommendations.action,
        recommendations.confidence,
        recommendations.recommended_date,
        recommendations.target_weight_change,
        recommendations.rationale,
        recommendations.status,
        settings.horizon_trading_days,
        settings.hold_band,
        start_closes.close_price as start_close,
        end_closes.price_date as outcome_date,
        end_closes.close_price as end_close
    from {{ ref('stg_ai_recommendations') }} as recommendations
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
        *,
        case
            when start_close is not null and end_close is not null and start_close > 0
                then end_close / start_close - 1
        end as security_return
    from recommendation_moves
)

select
    cast(outcomes.recommendation_id as bigint) as recommendation_id,
    cast(outcomes.portfolio_id as bigint) as portfolio_id,
    cast(outcomes.client_id as bigint) as client_id,
    cast(outcomes.security_id as bigint) as security_id,
    cast(securities.sector_code as string) as sector_code,
    cast(outcomes.model_version_id as bigint) as model_version_id,
    cast(model_versions.version as string) as model_version,
    cast(outcomes.action as string) as action,
    cast(outcomes.confidence as double) as confidence,
    cast(outcomes.recommended_date as date) as recommended_date,
    cast({{ dbt.date_trunc('month', 'outcomes.recommended_date') }} as date) as recommendation_month,
    cast(outcomes.target_weight_change as double) as target_weight_change,
    cast(outcomes.rationale as string) as rationale,
    cast(outcomes.status as string) as status,
    cast(outcomes.horizon_trading_days as integer) as horizon_trading_days,
    cast(case when outcomes.security_return is not null then outcomes.outcome_date end as date) as outcome_date,
    cast(outcomes.security_return as double) as security_return,
    cast(
        case
            when outcomes.security_return is null then null
            when outcomes.action = 'buy' then outcomes.security_return > 0
            when outcomes.action = 'sell' then outcomes.security_return < 0
            when outcomes.action = 'hold' then abs(outcomes.security_return) <= outcomes.hold_band
        end as boolean
    ) as is_hit
from recommendation_outcomes as outcomes
inner join {{ ref('dim_securities') }} as securities
    on outcomes.security_id = securities.security_id
left join {{ ref('stg_ai_model_versions') }} as model_versions
    on outcomes.model_version_id = model_versions.model_version_id
