-- Value of each portfolio's securities on each trading day, in US dollars: position
-- intervals joined to the trading days they cover and to that day's close, aggregated
-- straight to portfolio-day (no position-by-day table is kept).
select
    intervals.portfolio_id,
    days.trading_date,
    sum(intervals.quantity * prices.close_price_usd) as securities_value_usd
from {{ ref('int_position_intervals') }} as intervals
inner join {{ ref('int_trading_days') }} as days
    on
        intervals.valid_from_index <= days.trading_day_index
        and intervals.valid_to_index > days.trading_day_index
inner join {{ ref('int_security_prices_usd') }} as prices
    on intervals.security_id = prices.security_id and days.trading_date = prices.price_date
where intervals.quantity > 0
group by intervals.portfolio_id, days.trading_date
