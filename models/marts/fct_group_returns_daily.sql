-- The daily return series of every group of portfolios, in the reporting currency: each
-- client (household: all its portfolios), each advisor's book (the clients assigned to the
-- advisor on that day) and the firm, beside the portfolios' own series in
-- fct_portfolio_returns_daily (int_performance_entity_days reads the two as one).
-- A group's return is the sum of its members' profit over the sum of their previous values
-- and of the opening deposits of members opened that day (inception_flow: invested during the
-- day, so their first-day result has its weight), so the combined series is value-weighted,
-- never an average of ratios; a group's own first day has no return. Clients moving between
-- advisors are transfers, not returns: net_transfer_flow books them. log_wealth, the running
-- sum of ln(1 + r), is the group's cumulative TWR index in logs (see the log_growth macro),
-- benchmark_log_wealth the benchmark's over the same days (the benchmark_log_growth macro).
-- is_spell_start and is_spell_end mark the first and last day of each run of consecutive
-- trading days: an advisor's book breaks off while the advisor has no clients (at small
-- scales an advisor may lose its only client), and int_performance_periods measures periods
-- over the runs only.
with reporting_fx as (
    select
        rate_date,
        usd_per_unit
    from {{ ref('stg_fx_rates') }}
    where currency_code = '{{ var("reporting_currency") }}'
),

reporting_risk_free as (
    select
        rate_date,
        daily_rate
    from {{ ref('stg_risk_free_rates') }}
    where currency_code = '{{ var("reporting_currency") }}'
),

portfolio_returns as (
    select
        daily_returns.portfolio_id,
        portfolios.client_id,
        daily_returns.return_date,
        daily_returns.market_value,
        daily_returns.net_external_flow,
        daily_returns.benchmark_return,
        reporting_risk_free.daily_rate as reporting_risk_free_return,
        fx.usd_per_unit / reporting_fx.usd_per_unit as to_reporting
    from {{ ref('fct_portfolio_returns_daily') }} as daily_returns
    inner join {{ ref('stg_portfolios') }} as portfolios
        on daily_returns.portfolio_id = portfolios.portfolio_id
    inner join {{ ref('stg_fx_rates') }} as fx
        on portfolios.base_currency_code = fx.currency_code and daily_returns.return_date = fx.rate_date
    inner join reporting_fx
        on daily_returns.return_date = reporting_fx.rate_date
    left join reporting_risk_free
        on daily_returns.return_date = reporting_risk_free.rate_date
),

portfolio_days as (
    -- each portfolio's previous value in the reporting currency, at the previous day's rate
    select
        *,
        lag(market_value * to_reporting) over (partition by portfolio_id order by return_date)
            as previous_reporting_value
    from portfolio_returns
),

portfolio_reporting as (
    select
        portfolio_id,
        client_id,
        return_date,
        benchmark_return,
        reporting_risk_free_return,
        coalesce(previous_reporting_value, 0) as previous_market_value,
        market_value * to_reporting as market_value,
        net_external_flow * to_reporting as net_external_flow,
        -- a portfolio's inception day: its opening deposit, invested that day
        case when previous_reporting_value is null then net_external_flow * to_reporting else 0 end
            as inception_flow
    from portfolio_days
),

client_days as (
    -- households first; advisor books and the firm then add up their clients' sums
    select
        client_id,
        return_date,
        max(reporting_risk_free_return) as risk_free_return,
        sum(market_value) as market_value,
        sum(previous_market_value) as previous_market_value,
        sum(net_external_flow) as net_external_flow,
        sum(inception_flow) as inception_flow,
        sum(market_value - previous_market_value - net_external_flow) as profit,
        sum(
            case
                when previous_market_value + inception_flow > 0
                    then (previous_market_value + inception_flow) * benchmark_return
            end
        ) as weighted_benchmark,
        sum(
            case when previous_market_value + inception_flow > 0 and benchmark_return is null then 1 else 0 end
        ) as members_without_benchmark
    from portfolio_reporting
    group by client_id, return_date
),

{{ client_group_members('client_days') }},

group_days as (
    select
        'client' as entity_type,
        client_id as entity_id,
        return_date,
        risk_free_return,
        market_value,
        previous_market_value,
        net_external_flow,
        inception_flow,
        profit,
        weighted_benchmark,
        members_without_benchmark
    from client_days
    union all
    select
        entity_type,
        entity_id,
        return_date,
        max(risk_free_return) as risk_free_return,
        sum(market_value) as market_value,
        sum(previous_market_value) as previous_market_value,
        sum(net_external_flow) as net_external_flow,
        sum(inception_flow) as inception_flow,
        sum(profit) as profit,
        sum(weighted_benchmark) as weighted_benchmark,
        sum(members_without_benchmark) as members_without_benchmark
    from client_members
    group by entity_type, entity_id, return_date
),

group_returns as (
    select
        group_days.*,
        trading_days.trading_day_index,
        -- from the group's second day: a day on which it held nothing has no return
        case
            when group_days.previous_market_value > 0
                then group_days.profit / (group_days.previous_market_value + group_days.inception_flow)
        end as daily_return,
        case
            when group_days.previous_market_value > 0 and group_days.members_without_benchmark = 0
                then group_days.weighted_benchmark / (group_days.previous_market_value + group_days.inception_flow)
        end as benchmark_return
    from group_days
    inner join {{ ref('int_trading_days') }} as trading_days
        on group_days.return_date = trading_days.trading_date
),

group_series as (
    select
        entity_type,
        entity_id,
        '{{ var("reporting_currency") }}' as currency_code,
        return_date,
        market_value,
        previous_market_value,
        net_external_flow,
        inception_flow,
        -- only an advisor's book changes members; rounded, so that float noise in the sums
        -- is not a flow
        case
            when entity_type = 'advisor'
                then round(previous_market_value - coalesce(lag(market_value) over ordered, 0), 4)
            else 0
        end as net_transfer_flow,
        daily_return,
        benchmark_return,
        risk_free_return,
        sum({{ log_growth('daily_return') }}) over running as log_wealth,
        sum({{ benchmark_log_growth('daily_return', 'benchmark_return') }}) over running as benchmark_log_wealth,
        lag(return_date) over ordered is null as is_first_day,
        coalesce(lag(trading_day_index) over ordered != trading_day_index - 1, true) as is_spell_start,
        coalesce(lead(trading_day_index) over ordered != trading_day_index + 1, true) as is_spell_end
    from group_returns
    window
        ordered as (partition by entity_type, entity_id order by return_date),
        running as (
            partition by entity_type, entity_id order by return_date rows between unbounded preceding and current row
        )
)

select
    cast(entity_type as string) as entity_type,
    cast(entity_id as bigint) as entity_id,
    cast(currency_code as string) as currency_code,
    cast(return_date as date) as return_date,
    cast(market_value as double) as market_value,
    cast(previous_market_value as double) as previous_market_value,
    cast(net_external_flow as double) as net_external_flow,
    cast(inception_flow as double) as inception_flow,
    cast(net_transfer_flow as double) as net_transfer_flow,
    cast(daily_return as double) as daily_return,
    cast(benchmark_return as double) as benchmark_return,
    cast(risk_free_return as double) as risk_free_return,
    cast(log_wealth as double) as log_wealth,
    cast(benchmark_log_wealth as double) as benchmark_log_wealth,
    cast(is_first_day as boolean) as is_first_day,
    cast(is_spell_start as boolean) as is_spell_start,
    cast(is_spell_end as boolean) as is_spell_end
from group_series
