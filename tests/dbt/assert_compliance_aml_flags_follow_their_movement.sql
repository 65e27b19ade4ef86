-- An AML flag names a settled deposit or withdrawal of one of the client's own portfolios and is
-- raised on or after its trade date.
select
    flags.flag_id,
    flags.client_id,
    flags.raised_date,
    transactions.transaction_type,
    transactions.trade_date
from {{ ref('stg_regulatory_flags') }} as flags
inner join {{ ref('stg_transactions') }} as transactions
    on flags.transaction_id = transactions.transaction_id
inner join {{ ref('stg_portfolios') }} as portfolios
    on transactions.portfolio_id = portfolios.portfolio_id
where
    flags.flag_type = 'aml'
    and (
        portfolios.client_id != flags.client_id
        or transactions.transaction_type not in ('deposit', 'withdrawal')
        or transactions.status != 'settled'
        or flags.raised_date < transactions.trade_date
    )
