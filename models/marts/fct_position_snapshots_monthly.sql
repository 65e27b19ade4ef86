-- Positions at every month-end trading day (PortfolioSnapshots at position grain), valued in
-- the portfolio's base currency.
with month_ends as (
    select
        trading_date,
        trading_day_index
    from {{ ref('int_trading_days') }}
    where is_month_end
),

positions as (
    select
        intervals.portfolio_id,
        intervals.security_id,
        month_ends.trading_date,
        intervals.quantity,
        intervals.cost_basis
    from {{ ref('int_position_intervals') }} as intervals
    inner join month_ends
        on intervals.valid_from_index <= month_ends.trading_day_index
            and intervals.valid_to_index > month_ends.trading_day_index
    where intervals.quantity > 0
)

select
    cast(positions.portfolio_id as bigint) as portfolio_id,
    cast(positions.security_id as bigint) as security_id,
    cast(positions.trading_date as date) as snapshot_date,
    cast(positions.quantity as bigint) as quantity,
    cast(prices.close_price as double) as close_price,
    cast(positions.quantity * prices.close_price_usd / fx.usd_per_unit as double) as market_value,
    cast(positions.cost_basis as double) as cost_basis
from positions
inner join {{ ref('stg_portfolios') }} as portfolios
    on positions.portfolio_id = portfolios.portfolio_id
inner join {{ ref('int_security_prices_usd') }} as prices
    on positions.security_id = prices.security_id and positions.trading_date = prices.price_date
inner join {{ ref('stg_fx_rates') }} as fx
    on portfolios.base_currency_code = fx.currency_code and positions.trading_date = fx.rate_date
