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
        segment_code,
        segment_kind
    from {{ ref('int_attribution_segments') }}
    where segmentation = 'asset_class'
),

portfolio_rates as (
    -- each portfolio's day with its rate into the reporting currency, and the previous day's
    select
        daily_returns.portfolio_id,
        portfolios.client_id,
        daily_returns.return_date,
        daily_returns.market_value,
        daily_returns.net_external_flow,
        daily_returns.daily_return,
        fx.usd_per_unit / reporting_fx.usd_per_unit as to_reporting,
        lag(daily_returns.market_value) over portfolio_days as previous_market_value,
        lag(fx.usd_per_unit / reporting_fx.usd_per_unit) over portfolio_days as previous_to_reporting
    from {{ ref('fct_portfolio_returns_daily') }} as daily_returns
    inner join {{ ref('stg_portfolios') }} as portfolios
        on daily_returns.portfolio_id = portfolios.portfolio_id
    inner join {{ ref('stg_fx_rates') }} as fx
        on portfolios.base_currency_code = fx.currency_code and daily_returns.return_date = fx.rate_date
    inner join reporting_fx
        on daily_returns.return_date = reporting_fx.rate_date
    window portfolio_days as (partition by daily_returns.portfolio_id order by daily_returns.return_date)
),

member_segments as (
    -- a member's segments on a day with a return, in the reporting currency
    select
        portfolio_rates.client_id,
        portfolio_rates.return_date,
        class_segments.segment_code,
        class_segments.segment_kind,
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
        portfolio_rates.client_id,
        portfolio_rates.return_date,
        'trading' as segment_code,
        'trading' as segment_kind,
        0e0 as beginning_value,
        portfolio_rates.market_value * portfolio_rates.to_reporting
        - coalesce(portfolio_rates.previous_market_value * portfolio_rates.previous_to_reporting, 0)
        - portfolio_rates.net_external_flow * portfolio_rates.to_reporting as local_profit,
        0e0 as currency_profit
    from portfolio_rates
    where portfolio_rates.daily_return is null
    union all
    -- an opening deposit, invested during its first day: the cash class's weight
    select
        portfolio_rates.client_id,
        portfolio_rates.return_date,
        cash_class.asset_class_code as segment_code,
        'asset_class' as segment_kind,
        portfolio_rates.net_external_flow * portfolio_rates.to_reporting as beginning_value,
        0e0 as local_profit,
        0e0 as currency_profit
    from portfolio_rates
    cross join cash_class
    where portfolio_rates.previous_market_value is null
),

client_segments as (
    select
        client_id,
        return_date,
        segment_code,
        max(segment_kind) as segment_kind,
        sum(beginning_value) as beginning_value,
        sum(local_profit) as local_profit,
        sum(currency_profit) as currency_profit
    from member_segments
    group by client_id, return_date, segment_code
),

{{ client_group_members('client_segments') }},

group_segments as (
    select
        'client' as entity_type,
        client_id as entity_id,
        return_date,
        segment_code,
        segment_kind,
        beginning_value,
        local_profit,
        currency_profit
    from client_segments
    union all
    select
        entity_type,
        entity_id,
        return_date,
        segment_code,
        max(segment_kind) as segment_kind,
        sum(beginning_value) as beginning_value,
        sum(local_profit) as local_profit,
        sum(currency_profit) as currency_profit
    from client_members
    group by entity_type, entity_id, return_date, segment_code
),

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
    cast(group_segments.segment_code as string) as segment_code,
    cast(group_segments.segment_kind as string) as segment_kind,
    cast(group_segments.beginning_value as double) as beginning_value,
    cast(group_segments.local_profit + group_segments.currency_profit as double) as profit,
    cast(group_segments.currency_profit as double) as currency_profit,
    cast(group_segments.beginning_value / group_days.capital as double) as beginning_weight,
    cast(
        (group_segments.local_profit + group_segments.currency_profit) / nullif(group_segments.beginning_value, 0)
        as double
    ) as segment_return,
    cast((group_segments.local_profit + group_segments.currency_profit) / group_days.capital as double)
        as contribution,
    cast(group_segments.currency_profit / group_days.capital as double) as currency_contribution
from group_segments
inner join group_days
    on
        group_segments.entity_type = group_days.entity_type
        and group_segments.entity_id = group_days.entity_id
        and group_segments.return_date = group_days.return_date
where group_segments.beginning_value != 0 or group_segments.local_profit + group_segments.currency_profit != 0
{{ storage_order(['group_days.entity_type', 'group_days.entity_id', 'group_days.return_date']) }}
