-- Each portfolio's daily contributions to return by security (doc security_contribution),
-- summed per block of days (int_performance_blocks) without keeping a daily table: per
-- portfolio, block and segment (every security, the cash balance, trading and fees) the sums
-- over the block's days of the beginning weight, the contribution c, the contribution scaled
-- by Carino's k_t (contribution linking) and c x r_t (the co-moment with the day's return,
-- for the risk decomposition). fct_security_contribution and fct_risk_decomposition combine
-- the blocks per reporting period.
-- A security's profit on a day is its value at the close less what the day's trades added at
-- the close less its value at the previous close, plus its income; with quantities that
-- change only by trades at the close that is the quantity held at the previous close times
-- the change of its close value in the base currency, which is what is computed here: each
-- position interval spread over the days after each close it covers (the days it was held at
-- the previous close), priced at that day's close and the previous one.
-- As in int_portfolio_asset_class_values_daily, the position-days (37 million per 1,000
-- clients) find their prices and their portfolio's day by single integer keys: a security's
-- closes by security_id * trading_day_count + trading_day_index, a portfolio's day by
-- portfolio_id * trading_day_count + trading_day_index. The closes are looked up in US
-- dollars and converted on the portfolio's day, which carries its base currency's rates of
-- that day and the previous one: a table of each security's closes in dollars is small and
-- DuckDB estimates it so, and hashes it to probe the position-days; keyed by base currency
-- too, its estimated size rose past the position-days' (whose estimate is the intervals'
-- count), and the 375 million position-days of 10,000 clients were hashed instead, spilling
-- 26 GB.
with day_count as (
    -- a bigint, so that the keys' products stay exact at any scale on either engine
    select cast(max(trading_day_index) + 1 as bigint) as trading_day_count
    from {{ ref('int_trading_days') }}
),

day_prices as (
    select
        prices.security_id,
        days.trading_day_index,
        prices.close_price_usd
    from {{ ref('int_security_prices_usd') }} as prices
    inner join {{ ref('int_trading_days') }} as days
        on prices.price_date = days.trading_date
),

close_pairs as (
    -- each security's close in dollars on a day and the previous row's; lag() rather than a
    -- self-join on the previous day, whose size DuckDB estimates at hundreds of millions
    select
        day_prices.security_id,
        day_prices.trading_day_index,
        day_prices.close_price_usd,
        lag(day_prices.close_price_usd) over security_days as previous_close_price_usd,
        lag(day_prices.trading_day_index) over security_days as previous_day_index
    from day_prices
    window security_days as (partition by day_prices.security_id order by day_prices.trading_day_index)
),

keyed_closes as (
    -- the closes on a day and on the previous trading day (index - 1)
    select
        close_pairs.close_price_usd,
        close_pairs.previous_close_price_usd,
        close_pairs.security_id * day_count.trading_day_count + close_pairs.trading_day_index as close_key
    from close_pairs
    cross join day_count
    where close_pairs.previous_day_index = close_pairs.trading_day_index - 1
),

holding_days as (
    -- the days d in (valid_from, valid_to]: the position was held at the previous close
    select
        positions.portfolio_id,
        positions.security_id,
        positions.quantity,
        positions.security_id * day_count.trading_day_count as security_key,
        positions.portfolio_id * day_count.trading_day_count as portfolio_key,
        {{ integer_range('positions.valid_from_index + 1', 'positions.valid_to_index + 1') }} as trading_day_index
    from {{ ref('int_position_intervals') }} as positions
    cross join day_count
    where positions.quantity > 0
),

days_with_trade_dates as (
    select
        days.trading_date,
        days.trading_day_index,
        day_count.trading_day_count
    from {{ ref('int_trading_days') }} as days
    cross join day_count
),

weightless_segments as (
    select
        segment_key,
        segment_kind
    from {{ ref('int_attribution_segments') }}
    where segmentation = 'asset_class' and segment_kind in ('trading', 'fees')
),

segment_parts as (
    -- every amount of a segment on the portfolio's day it counts: the securities' values at
    -- the previous close and at the close in dollars, the rest in the base currency
    select
        holding_days.portfolio_key + holding_days.trading_day_index as portfolio_day_key,
        'security' as segment_kind,
        holding_days.security_id,
        0e0 as beginning_value,
        0e0 as profit,
        holding_days.quantity * keyed_closes.previous_close_price_usd as previous_usd_value,
        holding_days.quantity * keyed_closes.close_price_usd as close_usd_value
    from holding_days
    inner join keyed_closes
        on holding_days.security_key + holding_days.trading_day_index = keyed_closes.close_key
    union all
    -- income (dividends, coupons) of the security that paid it
    select
        transactions.portfolio_id * days.trading_day_count + days.trading_day_index as portfolio_day_key,
        'security' as segment_kind,
        transactions.security_id,
        0e0 as beginning_value,
        cast(transactions.amount as double) as profit,
        0e0 as previous_usd_value,
        0e0 as close_usd_value
    from {{ ref('stg_transactions') }} as transactions
    inner join days_with_trade_dates as days
        on transactions.trade_date = days.trading_date
    where transactions.status = 'settled' and transactions.transaction_type in ('dividend', 'interest')
    union all
    -- the cash balance at the previous close: weight, no profit (no interest is paid on cash)
    select
        valuation.portfolio_id * days.trading_day_count + days.trading_day_index + 1 as portfolio_day_key,
        'cash' as segment_kind,
        cast(null as bigint) as security_id,
        cast(valuation.cash_balance as double) as beginning_value,
        0e0 as profit,
        0e0 as previous_usd_value,
        0e0 as close_usd_value
    from {{ ref('fct_portfolio_valuation_daily') }} as valuation
    inner join days_with_trade_dates as days
        on valuation.valuation_date = days.trading_date
    where valuation.cash_balance != 0
    union all
    -- the weightless segments as the class segments have them
    select
        segments.portfolio_id * days.trading_day_count + days.trading_day_index as portfolio_day_key,
        weightless_segments.segment_kind,
        cast(null as bigint) as security_id,
        0e0 as beginning_value,
        segments.profit,
        0e0 as previous_usd_value,
        0e0 as close_usd_value
    from {{ ref('int_portfolio_segment_returns_daily') }} as segments
    inner join weightless_segments
        on segments.segment_key = weightless_segments.segment_key
    inner join days_with_trade_dates as days
        on segments.return_date = days.trading_date
),

currency_rates as (
    -- each currency's dollars per unit on each trading day (portfolio_days reads the day's and
    -- the previous day's)
    select
        rates.currency_code,
        days.trading_day_index,
        rates.usd_per_unit
    from {{ ref('stg_fx_rates') }} as rates
    inner join {{ ref('int_trading_days') }} as days
        on rates.rate_date = days.trading_date
),

portfolio_days as (
    -- with the base currency's rates of the day and of the previous trading day
    select
        daily_returns.portfolio_id,
        daily_returns.portfolio_id * days.trading_day_count + days.trading_day_index as portfolio_day_key,
        daily_returns.return_date,
        blocks.block_start_date,
        daily_returns.daily_return,
        daily_returns.previous_market_value,
        day_rates.usd_per_unit,
        previous_rates.usd_per_unit as previous_usd_per_unit,
        {{ carino_factor('daily_returns.daily_return', '0e0') }} as carino_factor
    from {{ ref('fct_portfolio_returns_daily') }} as daily_returns
    inner join days_with_trade_dates as days
        on daily_returns.return_date = days.trading_date
    inner join {{ ref('int_performance_blocks') }} as blocks
        on daily_returns.return_date = blocks.trading_date
    inner join {{ ref('stg_portfolios') }} as portfolios
        on daily_returns.portfolio_id = portfolios.portfolio_id
    inner join currency_rates as day_rates
        on
            portfolios.base_currency_code = day_rates.currency_code
            and days.trading_day_index = day_rates.trading_day_index
    inner join currency_rates as previous_rates
        on
            portfolios.base_currency_code = previous_rates.currency_code
            and days.trading_day_index = previous_rates.trading_day_index + 1
    where daily_returns.daily_return is not null
),

daily_contributions as (
    select
        portfolio_days.portfolio_id,
        portfolio_days.block_start_date,
        portfolio_days.return_date,
        portfolio_days.daily_return,
        portfolio_days.carino_factor,
        segment_parts.segment_kind,
        segment_parts.security_id,
        (segment_parts.beginning_value + segment_parts.previous_usd_value / portfolio_days.previous_usd_per_unit)
        / portfolio_days.previous_market_value as beginning_weight,
        (
            segment_parts.profit
            + segment_parts.close_usd_value / portfolio_days.usd_per_unit
            - segment_parts.previous_usd_value / portfolio_days.previous_usd_per_unit
        ) / portfolio_days.previous_market_value as contribution
    from segment_parts
    inner join portfolio_days
        on segment_parts.portfolio_day_key = portfolio_days.portfolio_day_key
),

block_sums as (
    select
        portfolio_id,
        block_start_date,
        segment_kind,
        security_id,
        max(return_date) as return_date,
        sum(beginning_weight) as weight_sum,
        sum(contribution) as contribution_sum,
        sum(carino_factor * contribution) as linked_contribution_sum,
        sum(contribution * daily_return) as co_moment_sum
    from daily_contributions
    group by portfolio_id, block_start_date, segment_kind, security_id
),

cash_class as (
    select asset_class_code
    from {{ ref('asset_classes') }}
    where is_cash
)

select
    cast(block_sums.portfolio_id as bigint) as portfolio_id,
    cast(block_sums.block_start_date as date) as block_start_date,
    cast(block_sums.return_date as date) as return_date,
    cast(
        case
            when block_sums.segment_kind = 'security' then cast(block_sums.security_id as string)
            when block_sums.segment_kind = 'cash' then cash_class.asset_class_code
            else block_sums.segment_kind
        end as string
    ) as segment_code,
    cast(block_sums.segment_kind as string) as segment_kind,
    cast(block_sums.security_id as bigint) as security_id,
    cast(
        case
            when block_sums.segment_kind = 'security' then securities.asset_class_code
            when block_sums.segment_kind = 'cash' then cash_class.asset_class_code
        end as string
    ) as asset_class_code,
    cast(block_sums.weight_sum as double) as weight_sum,
    cast(block_sums.contribution_sum as double) as contribution_sum,
    cast(block_sums.linked_contribution_sum as double) as linked_contribution_sum,
    cast(block_sums.co_moment_sum as double) as co_moment_sum
from block_sums
cross join cash_class
left join {{ ref('stg_securities') }} as securities
    on block_sums.security_id = securities.security_id
{{ storage_order(['block_sums.portfolio_id', 'block_sums.block_start_date']) }}
