-- Report 1: the best portfolios by year-to-date time-weighted return, firm-wide and within
-- each advisor's book (the client's current advisor), with the benchmark and excess return.
-- Portfolios incepted during the year (a partial YTD period) are left out so that every
-- return covers the same days. How many are listed comes from seed report_settings.
with settings as (
    select cast(setting_value as int) as top_count
    from {{ ref('report_settings') }}
    where setting_code = 'top_portfolios_count'
),

ytd as (
    select
        performance.portfolio_id,
        performance.currency_code,
        performance.period_start_date,
        performance.period_end_date,
        performance.time_weighted_return,
        performance.benchmark_return,
        performance.excess_return,
        performance.end_value,
        portfolios.client_id,
        portfolios.strategy_code,
        clients.advisor_id
    from {{ ref('fct_performance_periods') }} as performance
    inner join {{ ref('dim_portfolios') }} as portfolios
        on performance.portfolio_id = portfolios.portfolio_id
    inner join {{ ref('dim_clients') }} as clients
        on portfolios.client_id = clients.client_id
    where
        performance.entity_type = 'portfolio'
        and performance.period_code = 'YTD'
        and not performance.is_partial_period
        and performance.time_weighted_return is not null
),

ranked as (
    select
        'firm' as ranking_scope,
        cast(null as bigint) as ranking_advisor_id,
        row_number() over (order by time_weighted_return desc, portfolio_id asc) as performance_rank,
        *
    from ytd
    union all
    select
        'advisor' as ranking_scope,
        advisor_id as ranking_advisor_id,
        row_number() over (partition by advisor_id order by time_weighted_return desc, portfolio_id asc)
            as performance_rank,
        *
    from ytd
)

select
    cast(ranked.ranking_scope as string) as ranking_scope,
    cast(ranked.ranking_advisor_id as bigint) as ranking_advisor_id,
    cast(ranked.performance_rank as int) as performance_rank,
    cast(ranked.portfolio_id as bigint) as portfolio_id,
    cast(ranked.client_id as bigint) as client_id,
    cast(ranked.advisor_id as bigint) as advisor_id,
    cast(ranked.strategy_code as string) as strategy_code,
    cast(ranked.currency_code as string) as currency_code,
    cast(ranked.period_start_date as date) as period_start_date,
    cast(ranked.period_end_date as date) as period_end_date,
    cast(ranked.time_weighted_return as double) as time_weighted_return,
    cast(ranked.benchmark_return as double) as benchmark_return,
    cast(ranked.excess_return as double) as excess_return,
    cast(ranked.end_value as double) as end_value
from ranked
cross join settings
where ranked.performance_rank <= settings.top_count
