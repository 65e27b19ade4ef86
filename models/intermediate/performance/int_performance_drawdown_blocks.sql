-- The drawdown summary of every entity's blocks (int_performance_blocks: stretches of days
-- that no reporting period splits), from which int_performance_drawdowns combines each
-- period's maximum drawdown. All in logs of the entity's cumulative wealth, L: for each
-- block its highest L (and the last day it stood there), its lowest L and its deepest fall
-- below its own running peak R, each at its first day with that day's R and the last day
-- R was reached.
-- One window pass finds R. The block's extremes are found next and the days that reach them
-- after, with plain minimums and maximums: R never decreases within a block, so at the first
-- day of an extreme it is the smallest among the days at that extreme. The last day R was
-- reached before a day X is the last day up to X whose L equals R on X (after it no day set
-- a new high, so R stayed at its L), which a third pass reads for the two days it is needed on.
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

running_peaks as (
    -- R, the running peak inside the block
    select
        *,
        max(log_wealth) over running as running_peak
    from entity_days
    window running as (
        partition by entity_type, entity_id, block_start_date
        order by return_date rows between unbounded preceding and current row
    )
),

block_days as (
    -- the fall below R
    select
        *,
        log_wealth - running_peak as fall_below_peak
    from running_peaks
),

block_extremes as (
    select
        entity_type,
        entity_id,
        block_start_date,
        max(return_date) as block_end_date,
        max(log_wealth) as max_log_wealth,
        min(log_wealth) as min_log_wealth,
        min(fall_below_peak) as fall_in_block
    from block_days
    group by entity_type, entity_id, block_start_date
),

extreme_days as (
    -- the last day at the highest L; the first day at the lowest L and at the deepest fall,
    -- with R on that day
    select
        block_days.entity_type,
        block_days.entity_id,
        block_days.block_start_date,
        max(case when block_days.log_wealth = block_extremes.max_log_wealth then block_days.return_date end)
            as max_last_date,
        min(case when block_days.log_wealth = block_extremes.min_log_wealth then block_days.return_date end)
            as low_date,
        min(case when block_days.log_wealth = block_extremes.min_log_wealth then block_days.running_peak end)
            as low_running_peak,
        min(case when block_days.fall_below_peak = block_extremes.fall_in_block then block_days.return_date end)
            as fall_date,
        min(case when block_days.fall_below_peak = block_extremes.fall_in_block then block_days.running_peak end)
            as fall_running_peak
    from block_days
    inner join block_extremes
        on
            block_days.entity_type = block_extremes.entity_type
            and block_days.entity_id = block_extremes.entity_id
            and block_days.block_start_date = block_extremes.block_start_date
    group by block_days.entity_type, block_days.entity_id, block_days.block_start_date
),

high_days as (
    -- the last day R was reached before the lowest L and before the deepest fall
    select
        entity_days.entity_type,
        entity_days.entity_id,
        entity_days.block_start_date,
        max(
            case
                when
                    entity_days.return_date <= extreme_days.low_date
                    and entity_days.log_wealth = extreme_days.low_running_peak
                    then entity_days.return_date
            end
        ) as low_last_high_date,
        max(
            case
                when
                    entity_days.return_date <= extreme_days.fall_date
                    and entity_days.log_wealth = extreme_days.fall_running_peak
                    then entity_days.return_date
            end
        ) as fall_last_high_date
    from entity_days
    inner join extreme_days
        on
            entity_days.entity_type = extreme_days.entity_type
            and entity_days.entity_id = extreme_days.entity_id
            and entity_days.block_start_date = extreme_days.block_start_date
    group by entity_days.entity_type, entity_days.entity_id, entity_days.block_start_date
)

select
    cast(block_extremes.entity_type as string) as entity_type,
    cast(block_extremes.entity_id as bigint) as entity_id,
    cast(block_extremes.block_start_date as date) as block_start_date,
    cast(block_extremes.block_end_date as date) as block_end_date,
    cast(block_extremes.max_log_wealth as double) as max_log_wealth,
    cast(extreme_days.max_last_date as date) as max_last_date,
    cast(block_extremes.min_log_wealth as double) as min_log_wealth,
    cast(extreme_days.low_date as date) as low_date,
    cast(extreme_days.low_running_peak as double) as low_running_peak,
    cast(high_days.low_last_high_date as date) as low_last_high_date,
    cast(block_extremes.fall_in_block as double) as fall_in_block,
    cast(extreme_days.fall_date as date) as fall_date,
    cast(extreme_days.fall_running_peak as double) as fall_running_peak,
    cast(high_days.fall_last_high_date as date) as fall_last_high_date
from block_extremes
inner join extreme_days
    on
        block_extremes.entity_type = extreme_days.entity_type
        and block_extremes.entity_id = extreme_days.entity_id
        and block_extremes.block_start_date = extreme_days.block_start_date
inner join high_days
    on
        block_extremes.entity_type = high_days.entity_type
        and block_extremes.entity_id = high_days.entity_id
        and block_extremes.block_start_date = high_days.block_start_date
