-- Value of each portfolio's securities on each trading day, in US dollars: the values of its
-- asset classes (int_portfolio_asset_class_values_daily, where the position intervals are
-- priced) summed to portfolio-day.
select
    portfolio_id,
    trading_date,
    sum(securities_value_usd) as securities_value_usd
from {{ ref('int_portfolio_asset_class_values_daily') }}
group by portfolio_id, trading_date
