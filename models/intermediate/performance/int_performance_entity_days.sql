{{ config(materialized='view') }}
-- The daily return series of every performance entity: each portfolio in its base currency
-- (fct_portfolio_returns_daily, which holds its index), and each client, advisor book and the
-- firm in the reporting currency (fct_group_returns_daily).
-- A view over the two marts, with the day's block (int_performance_blocks) and, for the
-- portfolios, the risk-free rate and flags joined from small tables when read; stored, it
-- would hold every portfolio-day a second time (0.9 GB per 10,000 clients on DuckDB).
-- is_first_day marks the entity's first day, the anchor of its since-inception period and of
-- no period's days; a portfolio is valued on every trading day from its inception to the
-- as-of date, so its one run of days starts on its first day and ends on the last trading day.
with reporting_risk_free as (
    select
        rate_date,
        daily_rate
    from {{ ref('stg_risk_free_rates') }}
    where currency_code = '{{ var("reporting_currency") }}'
),

portfolio_series as (
    select
        'portfolio' as entity_type,
        daily_returns.portfolio_id as entity_id,
        portfolios.base_currency_code as currency_code,
        daily_returns.return_date,
        blocks.block_start_date,
        daily_returns.market_value,
        coalesce(daily_returns.previous_market_value, 0) as previous_market_value,
        daily_returns.net_external_flow,
        cast(0 as double) as net_transfer_flow,
        daily_returns.daily_return,
        daily_returns.benchmark_return,
        coalesce(own_risk_free.daily_rate, reporting_risk_free.daily_rate) as risk_free_return,
        daily_returns.log_wealth,
        daily_returns.previous_market_value is null as is_first_day,
        daily_returns.previous_market_value is null as is_spell_start,
        trading_days.is_last_day as is_spell_end
    from {{ ref('fct_portfolio_returns_daily') }} as daily_returns
    inner join {{ ref('stg_portfolios') }} as portfolios
        on daily_returns.portfolio_id = portfolios.portfolio_id
    inner join {{ ref('int_trading_days') }} as trading_days
        on daily_returns.return_date = trading_days.trading_date
    left join {{ ref('int_performance_blocks') }} as blocks
        on daily_returns.return_date = blocks.trading_date
    left join {{ ref('stg_risk_free_rates') }} as own_risk_free
        on
            portfolios.base_currency_code = own_risk_free.currency_code
            and daily_returns.return_date = own_risk_free.rate_date
    left join reporting_risk_free
        on daily_returns.return_date = reporting_risk_free.rate_date
),

group_series as (
    select
        group_days.entity_type,
        group_days.entity_id,
        group_days.currency_code,
        group_days.return_date,
        blocks.block_start_date,
        group_days.market_value,
        group_days.previous_market_value,
        group_days.net_external_flow,
        group_days.net_transfer_flow,
        group_days.daily_return,
        group_days.benchmark_return,
        group_days.risk_free_return,
        group_days.log_wealth,
        group_days.is_first_day,
        group_days.is_spell_start,
        group_days.is_spell_end
    from {{ ref('fct_group_returns_daily') }} as group_days
    left join {{ ref('int_performance_blocks') }} as blocks
        on group_days.return_date = blocks.trading_date
),

entity_series as (
    select * from portfolio_series
    union all
    select * from group_series
)

select * from entity_series
