-- Drift of every portfolio's asset-class weights from its strategy's targets at every
-- month-end (the last one is the as-of date): actual against target weight, and whether the
-- weight has left its tolerance band (it must stay inside both the absolute and the relative
-- band of fct_asset_allocation_targets; a class without a target has a band of zero width).
with actual as (
    select
        portfolio_id,
        allocation_date,
        bucket_code as asset_class_code,
        market_value,
        portfolio_market_value,
        actual_weight,
        is_latest
    from {{ ref('fct_actual_allocations') }}
    where dimension = 'asset_class'
),

portfolio_dates as (
    select distinct
        portfolio_id,
        allocation_date,
        portfolio_market_value,
        is_latest
    from actual
),

targets as (
    select *
    from {{ ref('fct_asset_allocation_targets') }}
),

class_keys as (
    select
        portfolio_dates.portfolio_id,
        portfolio_dates.allocation_date,
        targets.asset_class_code
    from portfolio_dates
    inner join targets
        on portfolio_dates.portfolio_id = targets.portfolio_id
    union
    select
        portfolio_id,
        allocation_date,
        asset_class_code
    from actual
),

drifts as (
    select
        class_keys.portfolio_id,
        class_keys.allocation_date,
        class_keys.asset_class_code,
        portfolio_dates.portfolio_market_value,
        portfolio_dates.is_latest,
        targets.absolute_tolerance,
        targets.relative_tolerance,
        coalesce(actual.market_value, 0) as market_value,
        coalesce(actual.actual_weight, 0) as actual_weight,
        coalesce(targets.target_weight, 0) as target_weight,
        coalesce(greatest(targets.absolute_lower_band, targets.relative_lower_band), 0) as lower_band,
        coalesce(least(targets.absolute_upper_band, targets.relative_upper_band), 0) as upper_band
    from class_keys
    inner join portfolio_dates
        on
            class_keys.portfolio_id = portfolio_dates.portfolio_id
            and class_keys.allocation_date = portfolio_dates.allocation_date
    left join actual
        on
            class_keys.portfolio_id = actual.portfolio_id
            and class_keys.allocation_date = actual.allocation_date
            and class_keys.asset_class_code = actual.asset_class_code
    left join targets
        on
            class_keys.portfolio_id = targets.portfolio_id
            and class_keys.asset_class_code = targets.asset_class_code
)

select
    cast(portfolio_id as bigint) as portfolio_id,
    cast(allocation_date as date) as allocation_date,
    cast(asset_class_code as string) as asset_class_code,
    cast(is_latest as boolean) as is_latest,
    cast(portfolio_market_value as double) as portfolio_market_value,
    cast(market_value as double) as market_value,
    cast(actual_weight as double) as actual_weight,
    cast(target_weight as double) as target_weight,
    cast(actual_weight - target_weight as double) as drift,
    cast(case when target_weight > 0 then (actual_weight - target_weight) / target_weight end as double)
        as relative_drift,
    cast(absolute_tolerance as double) as absolute_tolerance,
    cast(relative_tolerance as double) as relative_tolerance,
    cast(lower_band as double) as lower_band,
    cast(upper_band as double) as upper_band,
    cast(actual_weight < lower_band or actual_weight > upper_band as boolean) as is_outside_band,
    cast(
        case
            when actual_weight > upper_band then actual_weight - upper_band
            when actual_weight < lower_band then actual_weight - lower_band
            else 0
        end as double
    ) as band_excess,
    cast((target_weight - actual_weight) * portfolio_market_value as double) as amount_to_target
from drifts
