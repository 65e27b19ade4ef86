-- Maximum drawdown of every entity and period: the largest fall of the cumulative TWR index
-- (starting at 1 on the period's anchor) from its running peak, with the last day the index
-- stood at that peak (the anchor when the peak is the starting value), the trough (its first
-- day) and the first day after the trough the index regained the peak (null while it has
-- not). A total loss sets the index to 0 (see log_wealth): a drawdown of -1 that never
-- recovers. The entity's cumulative log wealth gives the index, so two window passes over
-- the period's days, with no join back, find everything.
with period_days as (
    select
        period_key,
        return_date,
        log_wealth,
        anchor_log_wealth
    from {{ ref('int_performance_period_days') }}
    where daily_return is not null
),

peaks as (
    select
        period_key,
        return_date,
        log_wealth,
        greatest(anchor_log_wealth, max(log_wealth) over running) as log_peak
    from period_days
    window running as (partition by period_key order by return_date rows between unbounded preceding and current row)
),

drawdowns as (
    select
        period_key,
        return_date,
        exp(log_wealth - log_peak) - 1 as drawdown,
        {{ first_at_min('return_date', 'exp(log_wealth - log_peak) - 1', over='whole_period') }} as trough_date,
        max(case when log_wealth >= log_peak then return_date end) over running as last_peak_date,
        min(case when log_wealth >= log_peak then return_date end) over following as next_peak_date
    from peaks
    window
        whole_period as (partition by period_key),
        running as (partition by period_key order by return_date rows between unbounded preceding and current row),
        following as (partition by period_key order by return_date rows between 1 following and unbounded following)
)

select
    cast(drawdowns.period_key as bigint) as period_key,
    cast(drawdowns.drawdown as double) as max_drawdown,
    cast(
        case when drawdowns.drawdown < 0 then coalesce(drawdowns.last_peak_date, periods.anchor_date) end as date
    ) as drawdown_peak_date,
    cast(case when drawdowns.drawdown < 0 then drawdowns.return_date end as date) as drawdown_trough_date,
    cast(case when drawdowns.drawdown < 0 then drawdowns.next_peak_date end as date) as drawdown_recovery_date
from drawdowns
inner join {{ ref('int_performance_periods') }} as periods
    on drawdowns.period_key = periods.period_key
where drawdowns.return_date = drawdowns.trough_date
