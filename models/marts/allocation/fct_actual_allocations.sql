-- Actual weights of every portfolio at every month-end trading day (the last one is the as-of
-- date) by asset class, sector and region (ActualAllocations): the month-end positions and the
-- cash balance, each over the portfolio's market value that day. The cash balance counts as
-- asset class cash and as its own 'cash_balance' sector and region.
with valuations as (
    select
        valuations.portfolio_id,
        valuations.valuation_date,
        valuations.market_value,
        valuations.cash_balance,
        days.is_last_day
    from {{ ref('fct_portfolio_valuation_daily') }} as valuations
    inner join {{ ref('int_trading_days') }} as days
        on valuations.valuation_date = days.trading_date
    where days.is_month_end and valuations.market_value > 0
),

holdings as (
    select
        snapshots.portfolio_id,
        snapshots.snapshot_date as allocation_date,
        securities.asset_class_code,
        securities.sector_code,
        securities.region_code,
        snapshots.market_value
    from {{ ref('fct_position_snapshots_monthly') }} as snapshots
    inner join {{ ref('dim_securities') }} as securities
        on snapshots.security_id = securities.security_id
),

cash_balances as (
    select
        valuations.portfolio_id,
        valuations.valuation_date as allocation_date,
        asset_classes.asset_class_code,
        'cash_balance' as sector_code,
        'cash_balance' as region_code,
        cast(valuations.cash_balance as double) as market_value
    from valuations
    cross join {{ ref('asset_classes') }} as asset_classes
    where asset_classes.is_cash and valuations.cash_balance > 0
),

exposures as (
    select *
    from holdings
    union all
    select *
    from cash_balances
),

bucket_values as (
    -- one grouping set per dimension: the exposures are read once, not unioned three times
    select
        portfolio_id,
        allocation_date,
        case
            when grouping(asset_class_code) = 0 then 'asset_class'
            when grouping(sector_code) = 0 then 'sector'
            else 'region'
        end as dimension,
        coalesce(asset_class_code, sector_code, region_code) as bucket_code,
        sum(market_value) as market_value
    from exposures
    group by grouping sets (
        (portfolio_id, allocation_date, asset_class_code),
        (portfolio_id, allocation_date, sector_code),
        (portfolio_id, allocation_date, region_code)
    )
)

select
    cast(bucket_values.portfolio_id as bigint) as portfolio_id,
    cast(bucket_values.allocation_date as date) as allocation_date,
    cast(bucket_values.dimension as string) as dimension,
    cast(bucket_values.bucket_code as string) as bucket_code,
    cast(bucket_values.market_value as double) as market_value,
    cast(valuations.market_value as double) as portfolio_market_value,
    cast(bucket_values.market_value / valuations.market_value as double) as actual_weight,
    cast(valuations.is_last_day as boolean) as is_latest
from bucket_values
inner join valuations
    on
        bucket_values.portfolio_id = valuations.portfolio_id
        and bucket_values.allocation_date = valuations.valuation_date
