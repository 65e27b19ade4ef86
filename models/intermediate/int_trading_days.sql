-- Trading days numbered in order, so that "the previous trading day" is index - 1.
with trading_days as (
    select calendar_date as trading_date
    from {{ ref('stg_trading_calendar') }}
    where is_trading_day
)

select
    trading_date,
    row_number() over (order by trading_date) as trading_day_index,
    case
        when lead(trading_date) over (order by trading_date) is null then true
        when month(lead(trading_date) over (order by trading_date)) != month(trading_date) then true
        else false
    end as is_month_end,
    coalesce(lead(trading_date) over (order by trading_date) is null, false) as is_last_day
from trading_days
