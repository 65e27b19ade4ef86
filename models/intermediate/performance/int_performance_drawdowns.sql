-- Maximum drawdown of every entity and period: the largest fall of the cumulative TWR index
-- (starting at 1 on the period's anchor) from its running peak, with the last day the index
-- stood at that peak (the anchor when the peak is the starting value), the trough (its first
-- day) and the first day after the trough the index regained the peak (null while it has
-- not). A total loss sets the index to 0 (see log_wealth): a drawdown of -1 that never
-- recovers. Everything is in logs of the entity's cumulative wealth, L.
-- Computed per block (int_performance_blocks), then combined per period: a day's fall is
-- L minus the larger of the peak before its block (P) and the running peak inside its
-- block (R), so a block's deepest fall is the smaller of (its lowest L - P) and (its
-- deepest fall below R), and each keeps the day it happens and the peak behind it. The
-- recovery is then looked up among the days of two blocks at most: the rest of the
-- trough's, and the first later block that climbs back to the peak.
with entity_blocks as (
    select *
    from {{ ref('int_performance_drawdown_blocks') }}
),

entity_days as (
    select
        entity_type,
        entity_id,
        block_start_date,
        return_date,
        log_wealth
    from {{ ref('int_performance_entity_days') }}
    where daily_return is not null
),

block_keys as (
    select
        *,
        block_end_date as return_date,
        {{ with_calendar_starts('block_start_date') }}
    from entity_blocks
),

periods as (
    select *
    from {{ ref('int_performance_periods') }}
),

period_blocks as (
    {{ days_in_periods('block_keys', 'periods') }}
),

blocks_after_peaks as (
    -- the highest L of the period's earlier blocks and the last day it was reached
    select
        *,
        max(max_log_wealth) over earlier_blocks as earlier_max_log_wealth,
        {{ last_at_max('max_last_date', 'max_log_wealth', over='earlier_blocks') }} as earlier_max_date
    from period_blocks
    window earlier_blocks as (
        partition by period_key order by block_start_date rows between unbounded preceding and 1 preceding
    )
),

block_falls as (
    -- P, the period's peak before the block: its anchor, or a higher (or equal, later) earlier block
    select
        *,
        greatest(anchor_log_wealth, coalesce(earlier_max_log_wealth, anchor_log_wealth)) as prior_peak,
        case when earlier_max_log_wealth >= anchor_log_wealth then earlier_max_date end as prior_peak_date
    from blocks_after_peaks
),

block_choices as (
    -- the block's deepest fall below the running peak: at its lowest L (L - P) or at its
    -- deepest fall below R, whichever is deeper (the earlier day when they tie)
    select
        *,
        least(min_log_wealth - prior_peak, fall_in_block) as fall,
        coalesce(
            min_log_wealth - prior_peak < fall_in_block
            or (min_log_wealth - prior_peak = fall_in_block and low_date <= fall_date),
            false
        ) as is_fall_at_low
    from block_falls
),

block_troughs as (
    select
        period_key,
        block_start_date,
        max_log_wealth,
        fall,
        case when is_fall_at_low then low_date else fall_date end as trough_date,
        greatest(prior_peak, case when is_fall_at_low then low_running_peak else fall_running_peak end) as peak,
        case
            when (case when is_fall_at_low then low_running_peak else fall_running_peak end) >= prior_peak
                then case when is_fall_at_low then low_last_high_date else fall_last_high_date end
            else prior_peak_date
        end as peak_date
    from block_choices
),

deepest_falls as (
    select
        period_key,
        min(fall) as fall,
        {{ first_at_min('block_start_date', 'fall') }} as block_start_date
    from block_troughs
    group by period_key
),

period_troughs as (
    select
        block_troughs.*,
        periods.entity_type,
        periods.entity_id,
        periods.anchor_date,
        -- exp(fall) - 1, not fall: a fall too small to move the index is no drawdown
        exp(block_troughs.fall) - 1 < 0 as has_drawdown
    from block_troughs
    inner join deepest_falls
        on
            block_troughs.period_key = deepest_falls.period_key
            and block_troughs.block_start_date = deepest_falls.block_start_date
    inner join periods
        on block_troughs.period_key = periods.period_key
),

recovery_searches as (
    -- where the recovery can be: the rest of the trough's block, or the first later block
    -- of the period that climbs back to the peak
    select
        period_key,
        entity_type,
        entity_id,
        block_start_date,
        trough_date,
        peak
    from period_troughs
    where has_drawdown
    union all
    select
        period_troughs.period_key,
        period_troughs.entity_type,
        period_troughs.entity_id,
        min(block_troughs.block_start_date) as block_start_date,
        period_troughs.trough_date,
        period_troughs.peak
    from period_troughs
    inner join block_troughs
        on
            period_troughs.period_key = block_troughs.period_key
            and period_troughs.block_start_date < block_troughs.block_start_date
            and period_troughs.peak <= block_troughs.max_log_wealth
    where period_troughs.has_drawdown
    group by
        period_troughs.period_key,
        period_troughs.entity_type,
        period_troughs.entity_id,
        period_troughs.trough_date,
        period_troughs.peak
),

recoveries as (
    select
        recovery_searches.period_key,
        min(entity_days.return_date) as recovery_date
    from recovery_searches
    inner join entity_days
        on
            recovery_searches.entity_type = entity_days.entity_type
            and recovery_searches.entity_id = entity_days.entity_id
            and recovery_searches.block_start_date = entity_days.block_start_date
            and recovery_searches.trough_date < entity_days.return_date
            and recovery_searches.peak <= entity_days.log_wealth
    group by recovery_searches.period_key
)

select
    cast(period_troughs.period_key as bigint) as period_key,
    cast(exp(period_troughs.fall) - 1 as double) as max_drawdown,
    cast(
        case when period_troughs.has_drawdown then coalesce(period_troughs.peak_date, period_troughs.anchor_date) end
        as date
    ) as drawdown_peak_date,
    cast(case when period_troughs.has_drawdown then period_troughs.trough_date end as date) as drawdown_trough_date,
    cast(recoveries.recovery_date as date) as drawdown_recovery_date
from period_troughs
left join recoveries
    on period_troughs.period_key = recoveries.period_key
