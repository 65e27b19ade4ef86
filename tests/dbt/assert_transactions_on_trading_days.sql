-- Every transaction is dated on a trading day of the calendar.
select
    transactions.transaction_id,
    transactions.trade_date
from {{ ref('stg_transactions') }} as transactions
left join {{ ref('stg_trading_calendar') }} as calendar
    on transactions.trade_date = calendar.calendar_date
where calendar.is_trading_day is null or not calendar.is_trading_day
