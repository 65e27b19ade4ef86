-- Holdings on the as-of date (the last trading day): one row per portfolio and security held,
-- valued in the security's currency and the portfolio's base currency.
with last_day as (
    select
        trading_date,
        trading_day_index
    from {{ ref('int_trading_days') }}
    where is_last_day
),

positions as (
    select
        intervals.portfolio_id,
        intervals.security_id,
        last_day.trading_date,
        intervals.quantity,
        intervals.cost_basis
    from {{ ref('int_position_intervals') }} as intervals
    inner join last_day
        on
            intervals.valid_from_index <= last_day.trading_day_index
            and intervals.valid_to_index > last_day.trading_day_index
    where intervals.quantity > 0
),

valued as (
    select
        positions.portfolio_id,
        positions.security_id,
        positions.trading_date,
        positions.quantity,
        prices.close_price,
        prices.currency_code,
        positions.cost_basis,
        prices.usd_per_unit / fx.usd_per_unit as fx_rate,
        positions.quantity * prices.close_price as market_value_local,
        positions.quantity * prices.close_price_usd / fx.usd_per_unit as market_value
    from positions
    inner join {{ ref('stg_portfolios') }} as portfolios
        on positions.portfolio_id = portfolios.portfolio_id
    inner join {{ ref('int_security_prices_usd') }} as prices
        on positions.security_id = prices.security_id and positions.trading_date = prices.price_date
    inner join {{ ref('stg_fx_rates') }} as fx
        on portfolios.base_currency_code = fx.currency_code and positions.trading_date = fx.rate_date
),

last_day_valuations as (
    -- the as-of day's values only, so the weights join a day, not the whole history
    select
        valuations.portfolio_id,
        valuations.valuation_date,
        valuations.market_value
    from {{ ref('fct_portfolio_valuation_daily') }} as valuations
    inner join last_day
        on valuations.valuation_date = last_day.trading_date
)

select
    cast(valued.portfolio_id as bigint) as portfolio_id,
    cast(valued.security_id as bigint) as security_id,
    cast(valued.trading_date as date) as as_of_date,
    cast(valued.quantity as bigint) as quantity,
    cast(valued.close_price as double) as close_price,
    cast(valued.currency_code as string) as currency_code,
    cast(valued.fx_rate as double) as fx_rate,
    cast(valued.market_value_local as double) as market_value_local,
    cast(valued.market_value as double) as market_value,
    cast(valued.cost_basis as double) as cost_basis,
    cast(valued.market_value - valued.cost_basis as double) as unrealised_gain,
    cast(valued.market_value / valuation.market_value as double) as portfolio_weight
from valued
inner join last_day_valuations as valuation
    on valued.portfolio_id = valuation.portfolio_id and valued.trading_date = valuation.valuation_date
