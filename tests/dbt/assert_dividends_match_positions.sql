-- Every dividend and coupon payment equals, to the cent, the position held at the close of the
-- trading day before the ex-date times the amount per share, and every such position was paid.
with payments as (
    select
        transactions.transaction_id,
        transactions.portfolio_id,
        transactions.security_id,
        transactions.quantity,
        transactions.amount_local,
        dividends.ex_date,
        dividends.amount_per_share
    from {{ ref('stg_transactions') }} as transactions
    inner join {{ ref('stg_dividends') }} as dividends
        on transactions.security_id = dividends.security_id and transactions.trade_date = dividends.pay_date
    where transactions.status = 'settled' and transactions.transaction_type in ('dividend', 'interest')
),

entitlements as (
    select
        intervals.portfolio_id,
        intervals.security_id,
        intervals.quantity,
        dividends.ex_date,
        dividends.amount_per_share
    from {{ ref('int_position_intervals') }} as intervals
    inner join {{ ref('stg_dividends') }} as dividends
        on
            intervals.security_id = dividends.security_id
            and intervals.valid_from < dividends.ex_date
            and (intervals.valid_to is null or intervals.valid_to >= dividends.ex_date)
    where intervals.quantity > 0
),

compared as (
    select
        payments.transaction_id,
        payments.quantity as paid_quantity,
        entitlements.quantity as held_quantity,
        payments.amount_local,
        payments.amount_per_share,
        coalesce(payments.portfolio_id, entitlements.portfolio_id) as portfolio_id,
        coalesce(payments.security_id, entitlements.security_id) as security_id,
        coalesce(payments.ex_date, entitlements.ex_date) as ex_date
    from payments
    full outer join entitlements
        on
            payments.portfolio_id = entitlements.portfolio_id
            and payments.security_id = entitlements.security_id
            and payments.ex_date = entitlements.ex_date
)

select *
from compared
where
    transaction_id is null
    or held_quantity is null
    or paid_quantity != held_quantity
    or abs(cast(amount_local as double) - paid_quantity * amount_per_share) > 0.005 + 1e-9
