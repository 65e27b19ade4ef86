-- Every trading day with the start of its block: the latest reporting-period start on or
-- before it. Every period starts a block, so every period's days are whole blocks, and a
-- statistic that combines (a maximum, a minimum, a fall below a running peak) is computed
-- once per block and then combined per period instead of once per period and day.
-- Since-inception periods start on each entity's own first day, which no period's days
-- include (its return is null), so they need no cut.
with trading_days as (
    select trading_date
    from {{ ref('int_trading_days') }}
),

block_starts as (
    select distinct period_start_date as block_start_date
    from {{ ref('int_performance_reporting_periods') }}
),

first_block_start as (
    select min(trading_date) as block_start_date
    from trading_days
)

select
    cast(trading_days.trading_date as date) as trading_date,
    cast(
        coalesce(max(block_starts.block_start_date), max(first_block_start.block_start_date)) as date
    ) as block_start_date
from trading_days
cross join first_block_start
left join block_starts
    on trading_days.trading_date >= block_starts.block_start_date
group by trading_days.trading_date
