-- Each portfolio's daily return split into segments (see doc segment_returns), in two
-- segmentations: per trading day with a return, each asset class's (segmentation
-- asset_class) and each sector's (segmentation sector, doc sector_segments) beginning-of-day
-- value, weight, profit, return and contribution, in the base currency; the cash balance
-- belongs to the cash class (seed asset_classes, is_cash), which the sector segmentation
-- keeps whole, as it keeps the securities without a sector in their class. What no holding
-- earned has its own weightless segment in both: trading (the trades' execution against the
-- day's close) and fees. Each segmentation's contributions sum to the day's return in
-- fct_portfolio_returns_daily.
-- A segment's profit on a day is its close value, less what the day's trades added to it at
-- the close, less its value at the previous close, plus its income: the result of the
-- positions held since the previous close (none when it held nothing then).
-- Every amount is first summed per segment of the sector segmentation, the grain of the
-- values (int_portfolio_asset_class_values_daily, which holds each day's close and previous
-- close), and those sums per asset class: the sectors nest in the classes. Rows are keyed by
-- integers - a portfolio-day, portfolio_id * day_count + trading_day_index, and the segment
-- (int_attribution_segments) - and the segment codes are left to the readers to join: at
-- 1,000 clients this table has 34 million rows, which integers group, join and sort much
-- faster than (portfolio_id, return_date) and three strings. The rows are not sorted: at
-- 10,000 clients (346 million rows) the sort ran DuckDB out of memory beside another model's
-- query, and the readers of one segmentation filter it by segment_key.
with day_count as (
    select max(trading_day_index) + 1 as trading_day_count
    from {{ ref('int_trading_days') }}
),

sector_segments as (
    select
        segment_key,
        segment_code,
        segment_kind,
        asset_class_code,
        asset_class_segment_key
    from {{ ref('int_attribution_segments') }}
    where segmentation = 'sector'
),

cash_segment as (
    -- the cash class, whole in the sector segmentation
    select sector_segments.segment_key
    from sector_segments
    inner join {{ ref('asset_classes') }} as asset_classes
        on sector_segments.asset_class_code = asset_classes.asset_class_code
    where asset_classes.is_cash and sector_segments.segment_kind = 'asset_class'
),

weightless_segments as (
    select
        segment_key,
        segment_code
    from sector_segments
    where segment_kind in ('trading', 'fees')
),

fx_currencies as (
    select distinct currency_code
    from {{ ref('stg_fx_rates') }}
),

currency_keys as (
    select
        currency_code,
        dense_rank() over (order by currency_code) as currency_key
    from fx_currencies
),

portfolio_currencies as (
    select
        portfolios.portfolio_id,
        portfolios.base_currency_code,
        currency_keys.currency_key
    from {{ ref('stg_portfolios') }} as portfolios
    inner join currency_keys
        on portfolios.base_currency_code = currency_keys.currency_code
),

keyed_rates as (
    -- each currency's rate on each trading day, by one integer key as the values are keyed
    select
        fx.usd_per_unit,
        currency_keys.currency_key * day_count.trading_day_count + days.trading_day_index as currency_day_key
    from {{ ref('stg_fx_rates') }} as fx
    inner join currency_keys
        on fx.currency_code = currency_keys.currency_code
    inner join {{ ref('int_trading_days') }} as days
        on fx.rate_date = days.trading_date
    cross join day_count
),

segment_values as (
    -- each sector segment's close value and previous close's value in the base currency, at
    -- the rates of those days
    select
        closes.segment_key,
        closes.portfolio_id * day_count.trading_day_count + closes.trading_day_index as portfolio_day_key,
        coalesce(closes.securities_value_usd / close_rates.usd_per_unit, 0e0) as end_value,
        coalesce(closes.previous_securities_value_usd / previous_rates.usd_per_unit, 0e0)
            as beginning_securities_value
    from {{ ref('int_portfolio_asset_class_values_daily') }} as closes
    inner join portfolio_currencies
        on closes.portfolio_id = portfolio_currencies.portfolio_id
    cross join day_count
    inner join keyed_rates as close_rates
        on
            portfolio_currencies.currency_key * day_count.trading_day_count + closes.trading_day_index
            = close_rates.currency_day_key
    left join keyed_rates as previous_rates
        on
            portfolio_currencies.currency_key * day_count.trading_day_count + closes.trading_day_index - 1
            = previous_rates.currency_day_key
            and closes.trading_day_index > 0
),

trades as (
    -- each sector segment's trades of the day: their quantities at the day's close, and their
    -- cost
    select
        security_segments.segment_key,
        transactions.portfolio_id * day_count.trading_day_count + days.trading_day_index as portfolio_day_key,
        sum(
            case when transactions.transaction_type = 'buy' then transactions.quantity else -transactions.quantity end
            * prices.close_price_usd / base_rates.usd_per_unit
        ) as traded_value,
        sum(
            case
                when transactions.transaction_type = 'buy' then cast(transactions.amount as double)
                else -cast(transactions.amount as double)
            end
        ) as net_purchases
    from {{ ref('stg_transactions') }} as transactions
    inner join {{ ref('int_security_segments') }} as security_segments
        on transactions.security_id = security_segments.security_id
    inner join {{ ref('int_trading_days') }} as days
        on transactions.trade_date = days.trading_date
    inner join {{ ref('int_security_prices_usd') }} as prices
        on transactions.security_id = prices.security_id and transactions.trade_date = prices.price_date
    inner join portfolio_currencies
        on transactions.portfolio_id = portfolio_currencies.portfolio_id
    inner join {{ ref('stg_fx_rates') }} as base_rates
        on
            portfolio_currencies.base_currency_code = base_rates.currency_code
            and transactions.trade_date = base_rates.rate_date
    cross join day_count
    where transactions.status = 'settled' and transactions.transaction_type in ('buy', 'sell')
    group by
        transactions.portfolio_id * day_count.trading_day_count + days.trading_day_index,
        security_segments.segment_key
),

flow_parts as (
    -- every amount that is not a value: the cash balance at the previous close (the cash
    -- class's beginning value on the next trading day, index + 1, see int_trading_days), the
    -- trades, trading's result and the income (dividends, coupons) and fees
    select
        valuation.portfolio_id * day_count.trading_day_count + days.trading_day_index + 1 as portfolio_day_key,
        cash_segment.segment_key,
        cast(valuation.cash_balance as double) as beginning_cash,
        0e0 as traded_value,
        0e0 as cash_profit
    from {{ ref('fct_portfolio_valuation_daily') }} as valuation
    inner join {{ ref('int_trading_days') }} as days
        on valuation.valuation_date = days.trading_date
    cross join cash_segment
    cross join day_count
    where valuation.cash_balance != 0
    union all
    select
        portfolio_day_key,
        segment_key,
        0e0 as beginning_cash,
        traded_value,
        0e0 as cash_profit
    from trades
    union all
    -- execution against the close: the trades' value at the close less their cost
    select
        trades.portfolio_day_key,
        weightless_segments.segment_key,
        0e0 as beginning_cash,
        0e0 as traded_value,
        sum(trades.traded_value - trades.net_purchases) as cash_profit
    from trades
    cross join weightless_segments
    where weightless_segments.segment_code = 'trading'
    group by trades.portfolio_day_key, weightless_segments.segment_key
    union all
    select
        transactions.portfolio_id * day_count.trading_day_count + days.trading_day_index as portfolio_day_key,
        coalesce(security_segments.segment_key, weightless_segments.segment_key) as segment_key,
        0e0 as beginning_cash,
        0e0 as traded_value,
        case
            when transactions.transaction_type = 'fee' then -cast(transactions.amount as double)
            else cast(transactions.amount as double)
        end as cash_profit
    from {{ ref('stg_transactions') }} as transactions
    inner join {{ ref('int_trading_days') }} as days
        on transactions.trade_date = days.trading_date
    left join {{ ref('int_security_segments') }} as security_segments
        on transactions.security_id = security_segments.security_id and transactions.transaction_type != 'fee'
    left join weightless_segments
        on transactions.transaction_type = 'fee' and weightless_segments.segment_code = 'fees'
    cross join day_count
    where transactions.status = 'settled' and transactions.transaction_type in ('dividend', 'interest', 'fee')
),

flows as (
    select
        portfolio_day_key,
        segment_key,
        sum(beginning_cash) as beginning_cash,
        sum(traded_value) as traded_value,
        sum(cash_profit) as cash_profit
    from flow_parts
    group by portfolio_day_key, segment_key
),

sector_amounts as (
    -- the amounts of each sector segment: its values with its flows, on the days it has either
    select
        coalesce(segment_values.portfolio_day_key, flows.portfolio_day_key) as portfolio_day_key,
        coalesce(segment_values.segment_key, flows.segment_key) as segment_key,
        coalesce(segment_values.end_value, 0e0) as end_value,
        coalesce(segment_values.beginning_securities_value, 0e0) as beginning_securities_value,
        coalesce(flows.beginning_cash, 0e0) as beginning_cash,
        coalesce(flows.traded_value, 0e0) as traded_value,
        coalesce(flows.cash_profit, 0e0) as cash_profit
    from segment_values
    full outer join flows
        on
            segment_values.portfolio_day_key = flows.portfolio_day_key
            and segment_values.segment_key = flows.segment_key
),

segment_amounts as (
    -- both segmentations: the sector segments, and their sums per asset class
    select
        portfolio_day_key,
        segment_key,
        end_value,
        beginning_securities_value,
        beginning_cash,
        traded_value,
        cash_profit
    from sector_amounts
    union all
    select
        sector_amounts.portfolio_day_key,
        sector_segments.asset_class_segment_key as segment_key,
        sum(sector_amounts.end_value) as end_value,
        sum(sector_amounts.beginning_securities_value) as beginning_securities_value,
        sum(sector_amounts.beginning_cash) as beginning_cash,
        sum(sector_amounts.traded_value) as traded_value,
        sum(sector_amounts.cash_profit) as cash_profit
    from sector_amounts
    inner join sector_segments
        on sector_amounts.segment_key = sector_segments.segment_key
    group by sector_amounts.portfolio_day_key, sector_segments.asset_class_segment_key
),

segment_days as (
    select
        portfolio_day_key,
        segment_key,
        beginning_securities_value + beginning_cash as beginning_value,
        case
            when beginning_securities_value != 0
                then end_value - traded_value - beginning_securities_value
            else 0e0
        end + cash_profit as profit
    from segment_amounts
),

portfolio_days as (
    select
        daily_returns.portfolio_id,
        daily_returns.return_date,
        daily_returns.previous_market_value,
        daily_returns.portfolio_id * day_count.trading_day_count + days.trading_day_index as portfolio_day_key
    from {{ ref('fct_portfolio_returns_daily') }} as daily_returns
    inner join {{ ref('int_trading_days') }} as days
        on daily_returns.return_date = days.trading_date
    cross join day_count
    where daily_returns.daily_return is not null
)

select
    cast(portfolio_days.portfolio_id as bigint) as portfolio_id,
    cast(portfolio_days.return_date as date) as return_date,
    cast(segment_days.segment_key as bigint) as segment_key,
    cast(segment_days.beginning_value as double) as beginning_value,
    cast(segment_days.profit as double) as profit,
    cast(segment_days.beginning_value / portfolio_days.previous_market_value as double) as beginning_weight,
    cast(segment_days.profit / nullif(segment_days.beginning_value, 0) as double) as segment_return,
    cast(segment_days.profit / portfolio_days.previous_market_value as double) as contribution
from segment_days
inner join portfolio_days
    on segment_days.portfolio_day_key = portfolio_days.portfolio_day_key
where segment_days.beginning_value != 0 or segment_days.profit != 0
