-- Every sale matched to the purchase lots it disposes of, first in first out: per portfolio and
-- security, the settled buys and the settled sells each take a range on their own running
-- total of shares (ordered by trade date, then booking order), and a sale disposes of every
-- lot whose range overlaps its own, for the shares in the overlap. Amounts are in the
-- portfolio's base currency, each lot's cost and each sale's proceeds pro rata to the shares.
with trades as (
    select
        transaction_id,
        portfolio_id,
        security_id,
        transaction_type,
        trade_date,
        cast(quantity as double) as quantity,
        cast(amount as double) as amount,
        sum(quantity) over (
            partition by portfolio_id, security_id, transaction_type
            order by trade_date, transaction_id
            rows between unbounded preceding and current row
        ) as range_end
    from {{ ref('stg_transactions') }}
    where status = 'settled' and transaction_type in ('buy', 'sell')
),

trade_ranges as (
    select
        *,
        range_end - quantity as range_start
    from trades
),

purchase_lots as (
    select * from trade_ranges
    where transaction_type = 'buy'
),

sales as (
    select * from trade_ranges
    where transaction_type = 'sell'
),

lot_overlaps as (
    select
        sales.transaction_id as sell_transaction_id,
        purchase_lots.transaction_id as buy_transaction_id,
        sales.portfolio_id,
        sales.security_id,
        purchase_lots.trade_date as acquired_date,
        sales.trade_date as sold_date,
        purchase_lots.amount / purchase_lots.quantity as cost_per_share,
        sales.amount / sales.quantity as proceeds_per_share,
        least(sales.range_end, purchase_lots.range_end)
        - greatest(sales.range_start, purchase_lots.range_start) as quantity
    from sales
    inner join purchase_lots
        on
            sales.portfolio_id = purchase_lots.portfolio_id
            and sales.security_id = purchase_lots.security_id
            and sales.range_start < purchase_lots.range_end
            and sales.range_end > purchase_lots.range_start
)

select
    sell_transaction_id,
    buy_transaction_id,
    portfolio_id,
    security_id,
    acquired_date,
    sold_date,
    quantity,
    quantity * cost_per_share as cost_basis,
    quantity * proceeds_per_share as proceeds
from lot_overlaps
