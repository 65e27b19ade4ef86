-- Positions as intervals between trades: the quantity held and its average cost from the
-- close of one trade date until the close before the next. Average cost in the base currency:
-- buys add their cost, sells remove cost in proportion to the quantity sold, and a position
-- that goes to zero starts afresh. The recursion is solved in closed form with running sums
-- of logarithms, so it works on any engine. Rows are stored in portfolio, security and date
-- order (storage_order), so readers that spread them over days find a portfolio's rows together.
with trade_days as (
    select
        portfolio_id,
        security_id,
        trade_date,
        sum(case when transaction_type = 'buy' then quantity else -quantity end) as quantity_change,
        sum(case when transaction_type = 'buy' then cast(amount as double) else 0 end) as buy_cost
    from {{ ref('stg_transactions') }}
    where status = 'settled' and transaction_type in ('buy', 'sell')
    group by portfolio_id, security_id, trade_date
),

running_quantities as (
    select
        *,
        sum(quantity_change) over (
            partition by portfolio_id, security_id order by trade_date
            rows between unbounded preceding and current row
        ) as quantity,
        lead(trade_date) over (partition by portfolio_id, security_id order by trade_date) as next_trade_date
    from trade_days
),

holding_periods as (
    select
        *,
        quantity - quantity_change as previous_quantity,
        sum(case when quantity - quantity_change = 0 then 1 else 0 end) over (
            partition by portfolio_id, security_id order by trade_date
            rows between unbounded preceding and current row
        ) as holding_period
    from running_quantities
),

sell_factors as (
    select
        *,
        sum(
            case
                when quantity_change < 0 and quantity > 0 then ln(cast(quantity as double) / previous_quantity)
                else 0
            end
        ) over (
            partition by portfolio_id, security_id, holding_period order by trade_date
            rows between unbounded preceding and current row
        ) as log_sell_factor
    from holding_periods
),

cost_basis as (
    select
        *,
        case
            when quantity = 0 then 0
            else exp(log_sell_factor) * sum(buy_cost * exp(-log_sell_factor)) over (
                    partition by portfolio_id, security_id, holding_period order by trade_date
                    rows between unbounded preceding and current row
                )
        end as cost_basis
    from sell_factors
),

last_trading_day as (
    select max(trading_day_index) as trading_day_index
    from {{ ref('int_trading_days') }}
)

select
    cost_basis.portfolio_id,
    cost_basis.security_id,
    cost_basis.trade_date as valid_from,
    cost_basis.next_trade_date as valid_to,
    from_day.trading_day_index as valid_from_index,
    cost_basis.quantity,
    cost_basis.cost_basis,
    coalesce(to_day.trading_day_index, last_day.trading_day_index + 1) as valid_to_index
from cost_basis
inner join {{ ref('int_trading_days') }} as from_day
    on cost_basis.trade_date = from_day.trading_date
left join {{ ref('int_trading_days') }} as to_day
    on cost_basis.next_trade_date = to_day.trading_date
cross join last_trading_day as last_day
{{ storage_order(['cost_basis.portfolio_id', 'cost_basis.security_id', 'cost_basis.trade_date']) }}
