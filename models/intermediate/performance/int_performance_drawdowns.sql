-- Maximum drawdown of every entity and period: the largest fall of the cumulative TWR index
-- (starting at 1 on the period's anchor) from its running peak, with the last day the index
-- stood at that peak (the anchor when the peak is the starting value), the trough (its first
-- day) and the first day after the trough the index regained the peak (null while it has
-- not). A day with a total loss ends the index at 0: a drawdown of -1 that never recovers.
-- The index comes from the entity's cumulative log wealth, so one window pass finds the
-- running peak; a second pass over the period's days finds the peak and recovery dates.
with period_days as (
    select
        period_key,
        return_date,
        log_wealth,
        anchor_log_wealth,
        total_losses - anchor_total_losses as losses_in_period
    from {{ ref('int_performance_period_days') }}
    where daily_return is not null
),

peaks as (
    select
        period_key,
        return_date,
        log_wealth,
        losses_in_period,
        greatest(
            anchor_log_wealth,
            max(log_wealth) over (
                partition by period_key order by return_date rows between unbounded preceding and current row
            )
        ) as log_peak
    from period_days
),

drawdowns as (
    select
        period_key,
        return_date,
        log_wealth,
        log_peak,
        losses_in_period,
        case when losses_in_period > 0 then cast(-1 as double) else exp(log_wealth - log_peak) - 1 end as drawdown
    from peaks
),

troughs as (
    select
        period_key,
        min(drawdown) as max_drawdown,
        {{ first_at_min('return_date', 'drawdown') }} as trough_date
    from drawdowns
    group by period_key
),

trough_peaks as (
    select
        troughs.period_key,
        troughs.max_drawdown,
        troughs.trough_date,
        drawdowns.log_peak as trough_log_peak
    from troughs
    inner join drawdowns
        on troughs.period_key = drawdowns.period_key and troughs.trough_date = drawdowns.return_date
    where troughs.max_drawdown < 0
),

peak_and_recovery as (
    select
        trough_peaks.period_key,
        max(case
            when
                drawdowns.return_date <= trough_peaks.trough_date
                and drawdowns.losses_in_period = 0
                and drawdowns.log_wealth >= trough_peaks.trough_log_peak
                then drawdowns.return_date
        end) as peak_date,
        min(case
            when
                drawdowns.return_date > trough_peaks.trough_date
                and drawdowns.losses_in_period = 0
                and drawdowns.log_wealth >= trough_peaks.trough_log_peak
                then drawdowns.return_date
        end) as recovery_date
    from trough_peaks
    inner join drawdowns
        on trough_peaks.period_key = drawdowns.period_key
    group by trough_peaks.period_key
)

select
    cast(troughs.period_key as bigint) as period_key,
    cast(troughs.max_drawdown as double) as max_drawdown,
    cast(
        case when troughs.max_drawdown < 0 then coalesce(peak_and_recovery.peak_date, periods.anchor_date) end as date
    ) as drawdown_peak_date,
    cast(case when troughs.max_drawdown < 0 then troughs.trough_date end as date) as drawdown_trough_date,
    cast(peak_and_recovery.recovery_date as date) as drawdown_recovery_date
from troughs
inner join {{ ref('int_performance_periods') }} as periods
    on troughs.period_key = periods.period_key
left join peak_and_recovery
    on troughs.period_key = peak_and_recovery.period_key
