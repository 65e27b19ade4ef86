-- Suitability mismatch: a portfolio whose strategy's risk level (seed strategies) exceeds its
-- client's risk profile level (seed risk_profiles) by at least the threshold of seed
-- risk_alert_types, in levels. Raised on the as-of date (the last trading day); the measured
-- value is the level gap.
with alert_types as (
    select
        alert_type,
        threshold
    from {{ ref('risk_alert_types') }}
    where alert_type = 'suitability_mismatch'
),

as_of as (
    select trading_date as as_of_date
    from {{ ref('int_trading_days') }}
    where is_last_day
),

level_gaps as (
    select
        portfolios.portfolio_id,
        portfolios.client_id,
        portfolios.strategy_code,
        strategies.risk_level as strategy_risk_level,
        profiles.risk_profile_code,
        profiles.risk_level as profile_risk_level,
        strategies.risk_level - profiles.risk_level as level_gap
    from {{ ref('dim_portfolios') }} as portfolios
    inner join {{ ref('strategies') }} as strategies
        on portfolios.strategy_code = strategies.strategy_code
    inner join {{ ref('risk_profiles') }} as profiles
        on portfolios.client_risk_profile = profiles.risk_profile_code
)

select
    cast(alert_types.alert_type as string) as alert_type,
    cast('portfolio' as string) as subject_type,
    cast(level_gaps.portfolio_id as bigint) as portfolio_id,
    cast(level_gaps.client_id as bigint) as client_id,
    cast(as_of.as_of_date as date) as raised_date,
    cast(level_gaps.level_gap as double) as measured_value,
    cast(alert_types.threshold as double) as threshold_value,
    cast(
        'Strategy ' || level_gaps.strategy_code || ' (risk level ' || cast(level_gaps.strategy_risk_level as string)
        || ') is ' || cast(level_gaps.level_gap as string) || ' level(s) above the '
        || level_gaps.risk_profile_code || ' risk profile (risk level '
        || cast(level_gaps.profile_risk_level as string) || ')'
        as string
    ) as message
from level_gaps
cross join alert_types
cross join as_of
where level_gaps.level_gap >= alert_types.threshold
