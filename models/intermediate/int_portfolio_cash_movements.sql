-- Net cash movement and net external flow of each portfolio on each day with transactions,
-- in the base currency. External flows are deposits and withdrawals only: fees, dividends and
-- interest are part of the return (returns are net of fees).
select
    portfolio_id,
    trade_date,
    sum(
        case
            when transaction_type in ('deposit', 'sell', 'dividend', 'interest') then amount
            else -amount
        end
    ) as cash_change,
    sum(
        case
            when transaction_type = 'deposit' then amount
            when transaction_type = 'withdrawal' then -amount
            else 0
        end
    ) as external_flow
from {{ ref('stg_transactions') }}
where status = 'settled'
group by portfolio_id, trade_date
