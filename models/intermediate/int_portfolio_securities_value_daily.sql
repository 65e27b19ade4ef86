-- Value of each portfolio's securities on each trading day, in US dollars: the close values
-- of its segments (int_portfolio_asset_class_values_daily, where the position intervals are
-- priced) summed to portfolio-day; a day whose rows hold only the previous close's value
-- (the day after the last position was sold) has none.
with portfolio_days as (
    select
        portfolio_id,
        trading_day_index,
        sum(securities_value_usd) as securities_value_usd
    from {{ ref('int_portfolio_asset_class_values_daily') }}
    where securities_value_usd is not null
    group by portfolio_id, trading_day_index
)

select
    portfolio_days.portfolio_id,
    days.trading_date,
    portfolio_days.securities_value_usd
from portfolio_days
inner join {{ ref('int_trading_days') }} as days
    on portfolio_days.trading_day_index = days.trading_day_index
