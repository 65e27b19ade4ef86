select
    transaction_id,
    account_id,
    portfolio_id,
    security_id,
    transaction_type,
    trade_date,
    settle_date,
    quantity,
    cast(price as double) as price,
    currency_code,
    amount_local,
    cast(fx_rate as double) as fx_rate,
    amount,
    status
from {{ source('raw', 'transactions') }}
