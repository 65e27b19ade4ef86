{%- set table_size = var('drawdown_table_size') -%}
-- The deepest drawdowns of every portfolio over its whole history, deepest first (var
-- drawdown_table_size of them): a drawdown table with pyfolio's gen_drawdown_table
-- conventions, except that the inception value is the first peak (as empyrical's
-- max_drawdown and fct_performance_periods count it). See doc drawdown_table.
-- In logs of the cumulative TWR index (log_wealth): a day at its running peak opens a
-- spell, the days below that peak after it belong to it. A spell's first day is the peak,
-- its deepest day (the first of them) the trough, and the next spell's first day, when
-- there is one, the recovery. The spells are the drawdowns pyfolio finds one by one (each
-- removed before the next is sought), all at once.
with valued_days as (
    -- the days with a return and the inception day (the first peak)
    select
        daily_returns.portfolio_id,
        daily_returns.return_date,
        daily_returns.log_wealth,
        trading_days.trading_day_index
    from {{ ref('fct_portfolio_returns_daily') }} as daily_returns
    inner join {{ ref('int_trading_days') }} as trading_days
        on daily_returns.return_date = trading_days.trading_date
    where daily_returns.daily_return is not null or daily_returns.previous_market_value is null
),

running_peaks as (
    select
        *,
        max(log_wealth) over running as peak_log_wealth
    from valued_days
    window running as (
        partition by portfolio_id order by return_date rows between unbounded preceding and current row
    )
),

spell_days as (
    select
        *,
        log_wealth - peak_log_wealth as fall_below_peak,
        sum(case when log_wealth = peak_log_wealth then 1 else 0 end) over running as spell_number
    from running_peaks
    window running as (
        partition by portfolio_id order by return_date rows between unbounded preceding and current row
    )
),

spells as (
    select
        portfolio_id,
        spell_number,
        min(return_date) as peak_date,
        min(trading_day_index) as peak_day_index,
        max(trading_day_index) as last_day_index,
        min(fall_below_peak) as log_fall,
        {{ first_at_min('return_date', 'fall_below_peak') }} as trough_date,
        {{ first_at_min('trading_day_index', 'fall_below_peak') }} as trough_day_index
    from spell_days
    group by portfolio_id, spell_number
),

recoveries as (
    select
        *,
        lead(peak_date) over by_spell as recovery_date,
        lead(peak_day_index) over by_spell as recovery_day_index
    from spells
    window by_spell as (partition by portfolio_id order by spell_number)
),

ranked_drawdowns as (
    select
        *,
        row_number() over (partition by portfolio_id order by log_fall, peak_date) as drawdown_rank
    from recoveries
    where log_fall < 0
)

select
    cast(portfolio_id as bigint) as portfolio_id,
    cast(drawdown_rank as integer) as drawdown_rank,
    cast(peak_date as date) as peak_date,
    cast(trough_date as date) as trough_date,
    cast(recovery_date as date) as recovery_date,
    cast(exp(log_fall) - 1 as double) as drawdown_depth,
    cast(trough_day_index - peak_day_index as integer) as decline_trading_days,
    cast(recovery_day_index - trough_day_index as integer) as recovery_trading_days,
    cast(coalesce(recovery_day_index, last_day_index) - peak_day_index as integer) as duration_trading_days,
    cast(recovery_date is not null as boolean) as is_recovered
from ranked_drawdowns
where drawdown_rank <= {{ table_size }}
