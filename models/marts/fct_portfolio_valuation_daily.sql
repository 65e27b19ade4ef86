-- Daily valuation of every portfolio in its base currency: securities (quantity * close *
-- FX) plus cash, with the day's external flows, on every trading day from its inception to
-- the as-of date.
with portfolio_days as (
    select
        portfolios.portfolio_id,
        portfolios.base_currency_code,
        days.trading_date
    from {{ ref('stg_portfolios') }} as portfolios
    inner join {{ ref('int_trading_days') }} as days
        on portfolios.inception_date <= days.trading_date
),

cash_balances as (
    select
        days.portfolio_id,
        days.base_currency_code,
        days.trading_date,
        sum(coalesce(movements.cash_change, 0)) over (
            partition by days.portfolio_id order by days.trading_date
            rows between unbounded preceding and current row
        ) as cash_balance,
        coalesce(movements.external_flow, 0) as net_external_flow
    from portfolio_days as days
    left join {{ ref('int_portfolio_cash_movements') }} as movements
        on days.portfolio_id = movements.portfolio_id and days.trading_date = movements.trade_date
),

valued as (
    select
        cash_balances.portfolio_id,
        cash_balances.trading_date,
        cash_balances.base_currency_code,
        cash_balances.cash_balance,
        cash_balances.net_external_flow,
        coalesce(securities.securities_value_usd, 0) / fx.usd_per_unit as securities_value
    from cash_balances
    left join {{ ref('int_portfolio_securities_value_daily') }} as securities
        on cash_balances.portfolio_id = securities.portfolio_id and cash_balances.trading_date = securities.trading_date
    inner join {{ ref('stg_fx_rates') }} as fx
        on cash_balances.base_currency_code = fx.currency_code and cash_balances.trading_date = fx.rate_date
)

select
    cast(portfolio_id as bigint) as portfolio_id,
    cast(trading_date as date) as valuation_date,
    cast(base_currency_code as string) as base_currency_code,
    cast(securities_value as double) as securities_value,
    cast(cash_balance as decimal(18, 2)) as cash_balance,
    cast(securities_value + cast(cash_balance as double) as double) as market_value,
    cast(net_external_flow as decimal(18, 2)) as net_external_flow
from valued
