-- Daily valuation of every portfolio in its base currency: securities (quantity * close *
-- FX) plus cash, with the day's external flows, on every trading day from its inception to
-- the as-of date.
-- The cash balance only changes on days with transactions, so it is summed over those days
-- (with a zero on the portfolio's first day) and each balance is then spread over the trading
-- days until the next change, instead of a running sum over every portfolio day.
with first_days as (
    select
        portfolios.portfolio_id,
        portfolios.base_currency_code,
        min(days.trading_day_index) as first_day_index
    from {{ ref('stg_portfolios') }} as portfolios
    inner join {{ ref('int_trading_days') }} as days
        on portfolios.inception_date <= days.trading_date
    group by portfolios.portfolio_id, portfolios.base_currency_code
),

last_day as (
    select max(trading_day_index) as last_day_index
    from {{ ref('int_trading_days') }}
),

movement_days as (
    -- the days with transactions, from the portfolio's first day on, and the first day itself
    select
        first_days.portfolio_id,
        first_days.base_currency_code,
        days.trading_day_index,
        movements.cash_change,
        movements.external_flow
    from {{ ref('int_portfolio_cash_movements') }} as movements
    inner join {{ ref('int_trading_days') }} as days
        on movements.trade_date = days.trading_date
    inner join first_days
        on
            movements.portfolio_id = first_days.portfolio_id
            and days.trading_day_index >= first_days.first_day_index
    union all
    select
        portfolio_id,
        base_currency_code,
        first_day_index as trading_day_index,
        0 as cash_change,
        0 as external_flow
    from first_days
),

change_days as (
    select
        portfolio_id,
        base_currency_code,
        trading_day_index,
        sum(cash_change) as cash_change,
        sum(external_flow) as external_flow
    from movement_days
    group by portfolio_id, base_currency_code, trading_day_index
),

balance_intervals as (
    -- the balance after each change day, held until the next one (or the as-of date)
    select
        change_days.portfolio_id,
        change_days.base_currency_code,
        change_days.trading_day_index as change_day_index,
        change_days.external_flow,
        sum(change_days.cash_change) over (
            partition by change_days.portfolio_id order by change_days.trading_day_index
            rows between unbounded preceding and current row
        ) as cash_balance,
        coalesce(
            lead(change_days.trading_day_index) over (
                partition by change_days.portfolio_id order by change_days.trading_day_index
            ),
            last_day.last_day_index + 1
        ) as next_change_day_index
    from change_days
    cross join last_day
),

cash_balances as (
    select
        portfolio_id,
        base_currency_code,
        change_day_index,
        external_flow,
        cash_balance,
        {{ integer_range('change_day_index', 'next_change_day_index') }} as trading_day_index
    from balance_intervals
),

valued as (
    select
        cash_balances.portfolio_id,
        days.trading_date,
        cash_balances.base_currency_code,
        cash_balances.cash_balance,
        case
            when cash_balances.trading_day_index = cash_balances.change_day_index then cash_balances.external_flow
            else 0
        end as net_external_flow,
        coalesce(securities.securities_value_usd, 0) / fx.usd_per_unit as securities_value
    from cash_balances
    inner join {{ ref('int_trading_days') }} as days
        on cash_balances.trading_day_index = days.trading_day_index
    left join {{ ref('int_portfolio_securities_value_daily') }} as securities
        on cash_balances.portfolio_id = securities.portfolio_id and days.trading_date = securities.trading_date
    inner join {{ ref('stg_fx_rates') }} as fx
        on cash_balances.base_currency_code = fx.currency_code and days.trading_date = fx.rate_date
)

select
    cast(portfolio_id as bigint) as portfolio_id,
    cast(trading_date as date) as valuation_date,
    cast(base_currency_code as string) as base_currency_code,
    cast(securities_value as double) as securities_value,
    cast(cash_balance as decimal(18, 2)) as cash_balance,
    cast(securities_value + cast(cash_balance as double) as double) as market_value,
    cast(net_external_flow as decimal(18, 2)) as net_external_flow
from valued
