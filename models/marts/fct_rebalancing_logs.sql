-- What the firm actually did to rebalance (RebalancingLogs): one row per portfolio and day
-- with settled buys (buys happen only when a portfolio is funded or rebalanced), with the
-- trades, the amounts bought and sold and the turnover against the day's market value.
with trades as (
    select
        portfolio_id,
        trade_date,
        count(*) as trades,
        sum(case when transaction_type = 'buy' then cast(amount as double) else 0 end) as buy_amount,
        sum(case when transaction_type = 'sell' then cast(amount as double) else 0 end) as sell_amount
    from {{ ref('stg_transactions') }}
    where status = 'settled' and transaction_type in ('buy', 'sell')
    group by portfolio_id, trade_date
)

select
    cast(trades.portfolio_id as bigint) as portfolio_id,
    cast(trades.trade_date as date) as rebalance_date,
    cast(trades.trades as bigint) as trades,
    cast(trades.buy_amount as double) as buy_amount,
    cast(trades.sell_amount as double) as sell_amount,
    cast(valuations.market_value as double) as market_value,
    cast((trades.buy_amount + trades.sell_amount) / 2 / nullif(valuations.market_value, 0) as double) as turnover,
    cast(trades.trade_date = portfolios.inception_date as boolean) as is_initial_investment
from trades
inner join {{ ref('stg_portfolios') }} as portfolios
    on trades.portfolio_id = portfolios.portfolio_id
inner join {{ ref('fct_portfolio_valuation_daily') }} as valuations
    on trades.portfolio_id = valuations.portfolio_id and trades.trade_date = valuations.valuation_date
where trades.buy_amount > 0
