-- The drawdown summary of every entity's blocks (int_performance_blocks: stretches of days
-- that no reporting period splits), from which int_performance_drawdowns combines each
-- period's maximum drawdown. All in logs of the entity's cumulative wealth, L: for each
-- block its highest L (and the last day it stood there), its lowest L and its deepest fall
-- below its own running peak R, each at its first day with that day's R and the last day
-- R was reached.
with entity_days as (
    select
        entity_type,
        entity_id,
        block_start_date,
        return_date,
        log_wealth
    from {{ ref('int_performance_entity_days') }}
    where daily_return is not null
),

block_days as (
    -- R, the running peak inside the block, and the last day it was reached
    select
        *,
        log_wealth - max(log_wealth) over running as fall_in_block,
        max(log_wealth) over running as running_peak,
        {{ last_at_max('return_date', 'log_wealth', over='running') }} as last_high_date
    from entity_days
    window running as (
        partition by entity_type, entity_id, block_start_date
        order by return_date rows between unbounded preceding and current row
    )
),

entity_blocks as (
    -- the block's highest L (and the last day it stood there), its lowest L and its deepest
    -- fall below its own running peak, each at its first day with that day's R and last high
    select
        entity_type,
        entity_id,
        block_start_date,
        max(return_date) as block_end_date,
        max(log_wealth) as max_log_wealth,
        {{ last_at_max('return_date', 'log_wealth') }} as max_last_date,
        min(log_wealth) as min_log_wealth,
        {{ first_at_min('return_date', 'log_wealth') }} as low_date,
        {{ first_at_min('running_peak', 'log_wealth', then_by='return_date') }} as low_running_peak,
        {{ first_at_min('last_high_date', 'log_wealth', then_by='return_date') }} as low_last_high_date,
        min(fall_in_block) as fall_in_block,
        {{ first_at_min('return_date', 'fall_in_block') }} as fall_date,
        {{ first_at_min('running_peak', 'fall_in_block', then_by='return_date') }} as fall_running_peak,
        {{ first_at_min('last_high_date', 'fall_in_block', then_by='return_date') }} as fall_last_high_date
    from block_days
    group by entity_type, entity_id, block_start_date
)

select
    cast(entity_type as string) as entity_type,
    cast(entity_id as bigint) as entity_id,
    cast(block_start_date as date) as block_start_date,
    cast(block_end_date as date) as block_end_date,
    cast(max_log_wealth as double) as max_log_wealth,
    cast(max_last_date as date) as max_last_date,
    cast(min_log_wealth as double) as min_log_wealth,
    cast(low_date as date) as low_date,
    cast(low_running_peak as double) as low_running_peak,
    cast(low_last_high_date as date) as low_last_high_date,
    cast(fall_in_block as double) as fall_in_block,
    cast(fall_date as date) as fall_date,
    cast(fall_running_peak as double) as fall_running_peak,
    cast(fall_last_high_date as date) as fall_last_high_date
from entity_blocks
