{{ config(materialized='view') }}
{%- set metrics = [
    'time_weighted_return', 'annualised_return', 'benchmark_return', 'excess_return',
    'money_weighted_return', 'annualised_money_weighted_return', 'annualised_volatility',
    'downside_deviation', 'sharpe_ratio', 'sortino_ratio', 'max_drawdown', 'beta', 'alpha',
    'tracking_error', 'information_ratio', 'value_at_risk_historical', 'value_at_risk_parametric',
    'best_day_return', 'worst_day_return', 'up_capture_ratio', 'down_capture_ratio'
] -%}
-- Seed 001's PerformanceMetrics: one row per portfolio, period and metric (the long form of
-- the portfolio rows of fct_performance_periods), for tools that want metrics as rows.
-- Undefined metrics (null in the wide table) have no row.
-- A view: the same numbers as the wide table, unpivoted when read (a table would store every
-- portfolio metric a second time, 300 MiB per 10,000 clients on DuckDB).
with portfolio_periods as (
    select *
    from {{ ref('fct_performance_periods') }}
    where entity_type = 'portfolio'
),

metrics as (
    {% for metric in metrics %}
        select
            portfolio_id,
            period_code,
            period_start_date,
            period_end_date,
            '{{ metric }}' as metric_code,
            {{ metric }} as metric_value
        from portfolio_periods
        where {{ metric }} is not null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select
    cast(portfolio_id as bigint) as portfolio_id,
    cast(period_code as string) as period_code,
    cast(period_start_date as date) as period_start_date,
    cast(period_end_date as date) as period_end_date,
    cast(metric_code as string) as metric_code,
    cast(metric_value as double) as metric_value
from metrics
