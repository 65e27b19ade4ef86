-- Trades that bring every portfolio outside a tolerance band on the as-of date back to its
-- targets: each asset class moves to target weight x market value, pro rata over what the
-- class holds (each security and, for the cash class, the cash balance keep their shares of
-- the class); a class with a target but no holding gets one line to buy, the security left to
-- choose (the cash class a cash balance line). The lines of a portfolio net to zero: the cash
-- balance pays for the buys and takes the sales, and never goes below zero.
with drifts as (
    select
        portfolio_id,
        allocation_date,
        asset_class_code,
        portfolio_market_value,
        market_value as class_value,
        target_weight,
        amount_to_target
    from {{ ref('fct_allocation_drift') }}
    where is_latest
),

out_of_band as (
    select distinct portfolio_id
    from {{ ref('fct_allocation_drift') }}
    where is_latest and is_outside_band
),

classes as (
    select
        drifts.*,
        asset_classes.is_cash
    from drifts
    inner join out_of_band
        on drifts.portfolio_id = out_of_band.portfolio_id
    inner join {{ ref('asset_classes') }} as asset_classes
        on drifts.asset_class_code = asset_classes.asset_class_code
),

holdings as (
    select
        holdings.portfolio_id,
        securities.asset_class_code,
        holdings.security_id,
        'holding' as line_kind,
        holdings.market_value
    from {{ ref('fct_holdings') }} as holdings
    inner join {{ ref('dim_securities') }} as securities
        on holdings.security_id = securities.security_id
),

cash_balances as (
    select
        valuations.portfolio_id,
        asset_classes.asset_class_code,
        cast(null as bigint) as security_id,
        'cash_balance' as line_kind,
        cast(valuations.cash_balance as double) as market_value
    from {{ ref('fct_portfolio_valuation_daily') }} as valuations
    inner join {{ ref('int_trading_days') }} as days
        on valuations.valuation_date = days.trading_date
    cross join {{ ref('asset_classes') }} as asset_classes
    where days.is_last_day and asset_classes.is_cash and valuations.cash_balance > 0
),

positions as (
    select *
    from holdings
    union all
    select *
    from cash_balances
),

lines as (
    select
        classes.portfolio_id,
        classes.allocation_date,
        classes.asset_class_code,
        positions.security_id,
        classes.portfolio_market_value,
        classes.amount_to_target as class_trade_amount,
        coalesce(positions.line_kind, case when classes.is_cash then 'cash_balance' else 'new_position' end)
            as line_kind,
        coalesce(positions.market_value, 0) as current_value,
        case
            when positions.market_value is null then classes.amount_to_target
            else classes.amount_to_target * positions.market_value / classes.class_value
        end as trade_amount
    from classes
    left join positions
        on
            classes.portfolio_id = positions.portfolio_id
            and classes.asset_class_code = positions.asset_class_code
    where positions.market_value is not null or classes.target_weight > 0
),

turnover as (
    select
        portfolio_id,
        sum(case when line_kind = 'cash_balance' then 0 else abs(trade_amount) end)
        / 2 / max(portfolio_market_value) as estimated_turnover
    from lines
    group by portfolio_id
)

select
    cast(lines.portfolio_id as bigint) as portfolio_id,
    cast(lines.allocation_date as date) as as_of_date,
    cast(lines.asset_class_code as string) as asset_class_code,
    cast(lines.security_id as bigint) as security_id,
    cast(lines.line_kind as string) as line_kind,
    cast(lines.current_value as double) as current_value,
    cast(lines.current_value + lines.trade_amount as double) as proposed_value,
    cast(lines.trade_amount as double) as trade_amount,
    cast(
        case
            when lines.line_kind = 'cash_balance' then 'cash'
            when lines.trade_amount > 0 then 'buy'
            when lines.trade_amount < 0 then 'sell'
            else 'none'
        end as string
    ) as trade_side,
    cast(lines.class_trade_amount as double) as class_trade_amount,
    cast(lines.portfolio_market_value as double) as portfolio_market_value,
    cast(turnover.estimated_turnover as double) as estimated_turnover
from lines
inner join turnover
    on lines.portfolio_id = turnover.portfolio_id
