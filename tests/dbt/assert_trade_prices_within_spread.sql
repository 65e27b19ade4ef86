-- Trades happen at the day's close within the security type's largest half spread (buys at
-- or above the close, sells at or below), and only on days with a close.
select
    transactions.transaction_id,
    transactions.transaction_type,
    transactions.price,
    prices.close_price,
    security_types.max_half_spread
from {{ ref('stg_transactions') }} as transactions
inner join {{ ref('stg_securities') }} as securities
    on transactions.security_id = securities.security_id
inner join {{ ref('security_types') }} as security_types
    on securities.security_type = security_types.security_type
left join {{ ref('stg_prices') }} as prices
    on transactions.security_id = prices.security_id and transactions.trade_date = prices.price_date
where
    transactions.transaction_type in ('buy', 'sell')
    and (
        prices.close_price is null
        or abs(transactions.price / prices.close_price - 1) > security_types.max_half_spread + 1e-6
        or (transactions.transaction_type = 'buy' and transactions.price < prices.close_price * (1 - 1e-6))
        or (transactions.transaction_type = 'sell' and transactions.price > prices.close_price * (1 + 1e-6))
    )
