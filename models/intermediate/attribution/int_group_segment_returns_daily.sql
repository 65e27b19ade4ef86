-- Each group's daily return split into segments (see doc group_segment_returns): per group
-- (household = client, advisor book, the firm; those of fct_group_returns_daily) and day with
-- a return, each segment's beginning value, profit and contribution in the reporting
-- currency, summed from its portfolios' segments (int_portfolio_segment_returns_daily) converted
-- as fct_group_returns_daily converts values: a beginning value at the previous day's rate, a
-- profit as the base-currency profit at the day's rate plus the move of the rate on the
-- beginning value (currency_profit, the translation into the reporting currency). A portfolio
-- opened that day has no segments of its own: its opening deposit (inception_flow) is a
-- beginning value of the cash class, and its first-day result, like the result of any member's
-- day without a return, is a profit of the trading segment. The contributions sum to the
-- group's daily return.
-- The members' rows are summed per household, advisor book and the firm by one aggregate
-- (client_group_sums), and a portfolio's previous value and previous rate are read from
-- fct_portfolio_returns_daily and from each currency's previous trading day (the portfolios'
-- rows run over consecutive trading days), so that no window runs over the portfolio-days.
-- Unordered: its readers group and join it by hash, and sorting its rows (68 million at
-- 10,000 clients) took longer than making them.
with reporting_fx as (
    select
        rate_date,
        usd_per_unit
    from {{ ref('stg_fx_rates') }}
    where currency_code = '{{ var("reporting_currency") }}'
),

cash_class as (
    select asset_class_code
    from {{ ref('asset_classes') }}
    where is_cash
),

class_segments as (
    -- the members' segments are those of the asset-class segmentation
    select
        segment_key,
        segment_code
    from {{ ref('int_attribution_segments') }}
    where segmentation = 'asset_class'
),

currency_rates as (
    -- each currency's rate into the reporting currency on each trading day and the previous one
    select
        fx.currency_code,
        fx.rate_date,
        fx.usd_per_unit / reporting_fx.usd_per_unit as to_reporting,
        lag(fx.usd_per_unit / reporting_fx.usd_per_unit) over (
            partition by fx.currency_code order by days.trading_day_index
        ) as previous_to_reporting
    from {{ ref('stg_fx_rates') }} as fx
    inner join reporting_fx
        on fx.rate_date = reporting_fx.rate_date
    inner join {{ ref('int_trading_days') }} as days
        on fx.rate_date = days.trading_date
),

portfolio_rates as (
    -- each portfolio's day with its rate into the reporting currency, and the previous day's
    select
        daily_returns.portfolio_id,
        portfolios.client_id,
        daily_returns.return_date,
        daily_returns.market_value,
        daily_returns.previous_market_value,
        daily_returns.net_external_flow,
        daily_returns.daily_return,
        currency_rates.to_reporting,
        currency_rates.previous_to_reporting
    from {{ ref('fct_portfolio_returns_daily') }} as daily_returns
    inner join {{ ref('stg_portfolios') }} as portfolios
        on daily_returns.portfolio_id = portfolios.portfolio_id
    inner join currency_rates
        on
            portfolios.base_currency_code = currency_rates.currency_code
            and daily_returns.return_date = currency_rates.rate_date
),

member_segments as (
    -- a member's segments on a day with a return, in the reporting currency
    select
        portfolio_rates.client_id,
        portfolio_rates.return_date,
        class_segments.segment_code,
        segments.beginning_value * portfolio_rates.previous_to_reporting as beginning_value,
        segments.profit * portfolio_rates.to_reporting as local_profit,
        segments.beginning_value * (portfolio_rates.to_reporting - portfolio_rates.previous_to_reporting)
            as currency_profit
    from {{ ref('int_portfolio_segment_returns_daily') }} as segments
    inner join class_segments
        on segments.segment_key = class_segments.segment_key
    inner join portfolio_rates
        on segments.portfolio_id = portfolio_rates.portfolio_id and segments.return_date = portfolio_rates.return_date
    where portfolio_rates.daily_return is not null
    union all
    -- a member's day without a return: its result, on no weight, is trading's
    select
        client_id,
        return_date,
        'trading' as segment_code,
        0e0 as beginning_value,
        market_value * to_reporting
        - coalesce(previous_market_value * previous_to_reporting, 0)
        - net_external_flow * to_reporting as local_profit,
        0e0 as currency_profit
    from portfolio_rates
    where daily_return is null
    union all
    -- an opening deposit, invested during its first day: the cash class's weight
    select
        portfolio_rates.client_id,
        portfolio_rates.return_date,
        cash_class.asset_class_code as segment_code,
        portfolio_rates.net_external_flow * portfolio_rates.to_reporting as beginning_value,
        0e0 as local_profit,
        0e0 as currency_profit
    from portfolio_rates
    cross join cash_class
    where portfolio_rates.previous_market_value is null
),

{{ client_group_sums(
    'member_segments',
    group_columns=['segment_code'],
    sums={
        'beginning_value': 'beginning_value',
        'local_profit': 'local_profit',
        'currency_profit': 'currency_profit',
    },
) }},

group_days as (
    -- the capital at work of each group's day with a return (doc group_return)
    select
        entity_type,
        entity_id,
        return_date,
        previous_market_value + inception_flow as capital
    from {{ ref('fct_group_returns_daily') }}
    where daily_return is not null
)

select
    cast(group_days.entity_type as string) as entity_type,
    cast(group_days.entity_id as bigint) as entity_id,
    cast(group_days.return_date as date) as return_date,
    cast(group_sums.segment_code as string) as segment_code,
    cast(
        case when group_sums.segment_code in ('trading', 'fees') then group_sums.segment_code else 'asset_class' end
        as string
    ) as segment_kind,
    cast(group_sums.beginning_value as double) as beginning_value,
    cast(group_sums.local_profit + group_sums.currency_profit as double) as profit,
    cast(group_sums.currency_profit as double) as currency_profit,
    cast(group_sums.beginning_value / group_days.capital as double) as beginning_weight,
    cast(
        (group_sums.local_profit + group_sums.currency_profit) / nullif(group_sums.beginning_value, 0)
        as double
    ) as segment_return,
    cast((group_sums.local_profit + group_sums.currency_profit) / group_days.capital as double)
        as contribution,
    cast(group_sums.currency_profit / group_days.capital as double) as currency_contribution
from group_sums
inner join group_days
    on
        group_sums.entity_type = group_days.entity_type
        and group_sums.entity_id = group_days.entity_id
        and group_sums.return_date = group_days.return_date
where group_sums.beginning_value != 0 or group_sums.local_profit + group_sums.currency_profit != 0
