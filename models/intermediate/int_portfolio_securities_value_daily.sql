-- Value of each portfolio's securities on each trading day, in US dollars: each position
-- interval spread over the trading days it covers, priced at that day's close, and summed
-- straight to portfolio-day (no position-by-day table is kept). The days are joined by
-- trading-day index, an equality join, rather than by range.
with position_days as (
    select
        portfolio_id,
        security_id,
        quantity,
        {{ integer_range('valid_from_index', 'valid_to_index') }} as trading_day_index
    from {{ ref('int_position_intervals') }}
    where quantity > 0
),

indexed_prices as (
    select
        prices.security_id,
        days.trading_day_index,
        prices.close_price_usd
    from {{ ref('int_security_prices_usd') }} as prices
    inner join {{ ref('int_trading_days') }} as days
        on prices.price_date = days.trading_date
),

portfolio_values as (
    select
        position_days.portfolio_id,
        position_days.trading_day_index,
        sum(position_days.quantity * indexed_prices.close_price_usd) as securities_value_usd
    from position_days
    inner join indexed_prices
        on
            position_days.security_id = indexed_prices.security_id
            and position_days.trading_day_index = indexed_prices.trading_day_index
    group by position_days.portfolio_id, position_days.trading_day_index
)

select
    portfolio_values.portfolio_id,
    days.trading_date,
    portfolio_values.securities_value_usd
from portfolio_values
inner join {{ ref('int_trading_days') }} as days
    on portfolio_values.trading_day_index = days.trading_day_index
