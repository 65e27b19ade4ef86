-- One row per portfolio and trading day from its inception to the as-of date.
select
    portfolios.portfolio_id,
    portfolios.base_currency_code,
    days.trading_date,
    days.trading_day_index
from {{ ref('stg_portfolios') }} as portfolios
inner join {{ ref('int_trading_days') }} as days
    on portfolios.inception_date <= days.trading_date
