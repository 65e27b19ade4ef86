-- Target weight of every asset class for every portfolio, from its strategy's model allocation
-- (AssetAllocationTargets), with the absolute and relative tolerance bands around it.
select
    cast(portfolios.portfolio_id as bigint) as portfolio_id,
    cast(allocations.asset_class_code as string) as asset_class_code,
    cast(portfolios.strategy_code as string) as strategy_code,
    cast(allocations.target_weight as double) as target_weight,
    cast(allocations.absolute_tolerance as double) as absolute_tolerance,
    cast(allocations.relative_tolerance as double) as relative_tolerance,
    cast(allocations.target_weight - allocations.absolute_tolerance as double) as absolute_lower_band,
    cast(allocations.target_weight + allocations.absolute_tolerance as double) as absolute_upper_band,
    cast(allocations.target_weight * (1 - allocations.relative_tolerance) as double) as relative_lower_band,
    cast(allocations.target_weight * (1 + allocations.relative_tolerance) as double) as relative_upper_band
from {{ ref('stg_portfolios') }} as portfolios
inner join {{ ref('strategy_allocations') }} as allocations
    on portfolios.strategy_code = allocations.strategy_code
