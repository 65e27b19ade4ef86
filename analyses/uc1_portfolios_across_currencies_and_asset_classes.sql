-- Use case 1: portfolios across currencies and asset classes.
-- Where is the firm's money on the latest day: for each base currency the portfolios report
-- in, the exposure to each security currency and asset class, and its share of those
-- portfolios' holdings (amounts in that base currency).
with holdings as (
    select
        portfolios.base_currency_code,
        holdings.currency_code as security_currency_code,
        securities.asset_class_code,
        holdings.portfolio_id,
        holdings.market_value
    from {{ ref('fct_holdings') }} as holdings
    inner join {{ ref('dim_portfolios') }} as portfolios
        on holdings.portfolio_id = portfolios.portfolio_id
    inner join {{ ref('dim_securities') }} as securities
        on holdings.security_id = securities.security_id
),

exposures as (
    select
        base_currency_code,
        security_currency_code,
        asset_class_code,
        count(distinct portfolio_id) as portfolio_count,
        sum(market_value) as market_value
    from holdings
    group by base_currency_code, security_currency_code, asset_class_code
)

select
    base_currency_code,
    security_currency_code,
    asset_class_code,
    portfolio_count,
    round(market_value, 2) as market_value,
    round(market_value / sum(market_value) over (partition by base_currency_code), 4) as share_of_base_currency
from exposures
order by base_currency_code asc, market_value desc
