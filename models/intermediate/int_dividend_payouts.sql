-- Dividends and coupons paid to each client: the settled income transactions with the
-- distribution they come from (DividendPayouts).
select
    transactions.transaction_id as payout_id,
    portfolios.client_id,
    transactions.portfolio_id,
    transactions.account_id,
    transactions.security_id,
    dividends.dividend_id,
    transactions.transaction_type as payout_type,
    dividends.ex_date,
    transactions.trade_date as pay_date,
    transactions.quantity,
    dividends.amount_per_share,
    transactions.currency_code,
    transactions.fx_rate,
    transactions.amount_local,
    transactions.amount
from {{ ref('stg_transactions') }} as transactions
inner join {{ ref('stg_dividends') }} as dividends
    on transactions.security_id = dividends.security_id and transactions.trade_date = dividends.pay_date
inner join {{ ref('stg_portfolios') }} as portfolios
    on transactions.portfolio_id = portfolios.portfolio_id
where transactions.status = 'settled' and transactions.transaction_type in ('dividend', 'interest')
