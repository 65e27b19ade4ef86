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
-- Every amount is first summed per class and sector segment (class_sector_days), then per
-- segment of each segmentation: the sectors nest in the classes (seed sectors).
with portfolio_currencies as (
    select
        portfolio_id,
        base_currency_code
    from {{ ref('stg_portfolios') }}
),

cash_class as (
    select asset_class_code
    from {{ ref('asset_classes') }}
    where is_cash
),

security_segments as (
    -- each security's segment in the sector segmentation: its sector, or its class when it has
    -- no sector or is of the cash class
    select
        securities.security_id,
        securities.asset_class_code,
        case
            when securities.sector_code is null or cash_class.asset_class_code is not null
                then securities.asset_class_code
            else securities.sector_code
        end as sector_segment_code
    from {{ ref('stg_securities') }} as securities
    left join cash_class
        on securities.asset_class_code = cash_class.asset_class_code
),

class_values as (
    -- each class and sector segment's close value in the base currency
    select
        class_values.portfolio_id,
        class_values.asset_class_code,
        class_values.trading_day_index,
        case
            when class_values.sector_code is null or cash_class.asset_class_code is not null
                then class_values.asset_class_code
            else class_values.sector_code
        end as sector_segment_code,
        class_values.securities_value_usd / base_rates.usd_per_unit as securities_value
    from {{ ref('int_portfolio_asset_class_values_daily') }} as class_values
    left join cash_class
        on class_values.asset_class_code = cash_class.asset_class_code
    inner join portfolio_currencies
        on class_values.portfolio_id = portfolio_currencies.portfolio_id
    inner join {{ ref('stg_fx_rates') }} as base_rates
        on
            portfolio_currencies.base_currency_code = base_rates.currency_code
            and class_values.trading_date = base_rates.rate_date
),

cash_balances as (
    select
        valuation.portfolio_id,
        cash_class.asset_class_code,
        cash_class.asset_class_code as sector_segment_code,
        days.trading_day_index,
        cast(valuation.cash_balance as double) as cash_balance
    from {{ ref('fct_portfolio_valuation_daily') }} as valuation
    inner join {{ ref('int_trading_days') }} as days
        on valuation.valuation_date = days.trading_date
    cross join cash_class
    where valuation.cash_balance != 0
),

trades as (
    -- each class and sector segment's trades of the day: their quantities at the day's close,
    -- and their cost
    select
        transactions.portfolio_id,
        securities.asset_class_code,
        securities.sector_segment_code,
        days.trading_day_index,
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
    inner join security_segments as securities
        on transactions.security_id = securities.security_id
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
    where transactions.status = 'settled' and transactions.transaction_type in ('buy', 'sell')
    group by
        transactions.portfolio_id,
        securities.asset_class_code,
        securities.sector_segment_code,
        days.trading_day_index
),

cash_items as (
    -- income (dividends, coupons) by the class and sector segment of the security that paid
    -- it, and fees
    select
        transactions.portfolio_id,
        days.trading_day_index,
        case when transactions.transaction_type = 'fee' then 'fees' else securities.asset_class_code end
            as segment_code,
        case when transactions.transaction_type = 'fee' then 'fees' else securities.sector_segment_code end
            as sector_segment_code,
        sum(
            case
                when transactions.transaction_type = 'fee' then -cast(transactions.amount as double)
                else cast(transactions.amount as double)
            end
        ) as cash_profit
    from {{ ref('stg_transactions') }} as transactions
    inner join {{ ref('int_trading_days') }} as days
        on transactions.trade_date = days.trading_date
    left join security_segments as securities
        on transactions.security_id = securities.security_id
    where transactions.status = 'settled' and transactions.transaction_type in ('dividend', 'interest', 'fee')
    group by
        transactions.portfolio_id,
        case when transactions.transaction_type = 'fee' then 'fees' else securities.asset_class_code end,
        case when transactions.transaction_type = 'fee' then 'fees' else securities.sector_segment_code end,
        days.trading_day_index
),

segment_parts as (
    -- every amount on the day it counts: a close value on its own day and, as the beginning
    -- value, on the next trading day (index + 1, see int_trading_days)
    select
        portfolio_id,
        asset_class_code as segment_code,
        sector_segment_code,
        trading_day_index,
        securities_value as end_value,
        0e0 as beginning_securities_value,
        0e0 as beginning_cash,
        0e0 as traded_value,
        0e0 as cash_profit
    from class_values
    union all
    select
        portfolio_id,
        asset_class_code as segment_code,
        sector_segment_code,
        trading_day_index + 1 as trading_day_index,
        0e0 as end_value,
        securities_value as beginning_securities_value,
        0e0 as beginning_cash,
        0e0 as traded_value,
        0e0 as cash_profit
    from class_values
    union all
    select
        portfolio_id,
        asset_class_code as segment_code,
        sector_segment_code,
        trading_day_index + 1 as trading_day_index,
        0e0 as end_value,
        0e0 as beginning_securities_value,
        cash_balance as beginning_cash,
        0e0 as traded_value,
        0e0 as cash_profit
    from cash_balances
    union all
    select
        portfolio_id,
        asset_class_code as segment_code,
        sector_segment_code,
        trading_day_index,
        0e0 as end_value,
        0e0 as beginning_securities_value,
        0e0 as beginning_cash,
        traded_value,
        0e0 as cash_profit
    from trades
    union all
    -- execution against the close: the trades' value at the close less their cost
    select
        portfolio_id,
        'trading' as segment_code,
        'trading' as sector_segment_code,
        trading_day_index,
        0e0 as end_value,
        0e0 as beginning_securities_value,
        0e0 as beginning_cash,
        0e0 as traded_value,
        sum(traded_value - net_purchases) as cash_profit
    from trades
    group by portfolio_id, trading_day_index
    union all
    select
        portfolio_id,
        segment_code,
        sector_segment_code,
        trading_day_index,
        0e0 as end_value,
        0e0 as beginning_securities_value,
        0e0 as beginning_cash,
        0e0 as traded_value,
        cash_profit
    from cash_items
),

class_sector_days as (
    -- the amounts of each class and sector segment
    select
        portfolio_id,
        segment_code as asset_class_segment_code,
        sector_segment_code,
        trading_day_index,
        sum(end_value) as end_value,
        sum(beginning_securities_value) as beginning_securities_value,
        sum(beginning_cash) as beginning_cash,
        sum(traded_value) as traded_value,
        sum(cash_profit) as cash_profit
    from segment_parts
    group by portfolio_id, segment_code, sector_segment_code, trading_day_index
),

segmented_days as (
    select
        portfolio_id,
        'asset_class' as segmentation,
        asset_class_segment_code as segment_code,
        asset_class_segment_code,
        trading_day_index,
        end_value,
        beginning_securities_value,
        beginning_cash,
        traded_value,
        cash_profit
    from class_sector_days
    union all
    select
        portfolio_id,
        'sector' as segmentation,
        sector_segment_code as segment_code,
        asset_class_segment_code,
        trading_day_index,
        end_value,
        beginning_securities_value,
        beginning_cash,
        traded_value,
        cash_profit
    from class_sector_days
),

segment_days as (
    select
        portfolio_id,
        segmentation,
        segment_code,
        trading_day_index,
        max(asset_class_segment_code) as asset_class_segment_code,
        sum(beginning_securities_value) + sum(beginning_cash) as beginning_value,
        case
            when sum(beginning_securities_value) != 0
                then sum(end_value) - sum(traded_value) - sum(beginning_securities_value)
            else 0e0
        end + sum(cash_profit) as profit
    from segmented_days
    group by portfolio_id, segmentation, segment_code, trading_day_index
),

portfolio_days as (
    select
        daily_returns.portfolio_id,
        daily_returns.return_date,
        days.trading_day_index,
        daily_returns.previous_market_value
    from {{ ref('fct_portfolio_returns_daily') }} as daily_returns
    inner join {{ ref('int_trading_days') }} as days
        on daily_returns.return_date = days.trading_date
    where daily_returns.daily_return is not null
)

select
    cast(portfolio_days.portfolio_id as bigint) as portfolio_id,
    cast(portfolio_days.return_date as date) as return_date,
    cast(segment_days.segmentation as string) as segmentation,
    cast(segment_days.segment_code as string) as segment_code,
    cast(
        case
            when segment_days.segment_code in ('trading', 'fees') then segment_days.segment_code
            when segment_days.segment_code = segment_days.asset_class_segment_code then 'asset_class'
            else 'sector'
        end
        as string
    ) as segment_kind,
    cast(segment_days.beginning_value as double) as beginning_value,
    cast(segment_days.profit as double) as profit,
    cast(segment_days.beginning_value / portfolio_days.previous_market_value as double) as beginning_weight,
    cast(segment_days.profit / nullif(segment_days.beginning_value, 0) as double) as segment_return,
    cast(segment_days.profit / portfolio_days.previous_market_value as double) as contribution
from segment_days
inner join portfolio_days
    on
        segment_days.portfolio_id = portfolio_days.portfolio_id
        and segment_days.trading_day_index = portfolio_days.trading_day_index
where segment_days.beginning_value != 0 or segment_days.profit != 0
{{ storage_order(['portfolio_days.portfolio_id', 'portfolio_days.return_date']) }}
