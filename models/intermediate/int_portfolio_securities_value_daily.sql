-- Value of each portfolio's securities on each trading day, in US dollars: each position
-- interval spread over the trading days it covers, priced at that day's close, and summed
-- straight to portfolio-day (no position-by-day table is kept).
-- A security's close on a day is found by one integer key, security_id * day_count +
-- trading_day_index (day_count: the number of trading days, so no two pairs share a key),
-- rather than by the pair of columns: at 10,000 clients the join probes 375 million
-- position-days, and one integer key is several times cheaper to hash and compare.
with day_count as (
    select max(trading_day_index) + 1 as trading_day_count
    from {{ ref('int_trading_days') }}
),

position_days as (
    select
        positions.portfolio_id,
        positions.quantity,
        positions.security_id * day_count.trading_day_count as security_key,
        {{ integer_range('positions.valid_from_index', 'positions.valid_to_index') }} as trading_day_index
    from {{ ref('int_position_intervals') }} as positions
    cross join day_count
    where positions.quantity > 0
),

keyed_prices as (
    select
        prices.close_price_usd,
        prices.security_id * day_count.trading_day_count + days.trading_day_index as price_key
    from {{ ref('int_security_prices_usd') }} as prices
    inner join {{ ref('int_trading_days') }} as days
        on prices.price_date = days.trading_date
    cross join day_count
),

portfolio_values as (
    select
        position_days.portfolio_id,
        position_days.trading_day_index,
        sum(position_days.quantity * keyed_prices.close_price_usd) as securities_value_usd
    from position_days
    inner join keyed_prices
        on position_days.security_key + position_days.trading_day_index = keyed_prices.price_key
    group by position_days.portfolio_id, position_days.trading_day_index
)

select
    portfolio_values.portfolio_id,
    days.trading_date,
    portfolio_values.securities_value_usd
from portfolio_values
inner join {{ ref('int_trading_days') }} as days
    on portfolio_values.trading_day_index = days.trading_day_index
