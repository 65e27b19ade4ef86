{#- For the performance limit alerts (drawdown, volatility, underperformance): each portfolio's
    row of fct_performance_periods for the lookback period of alert type `alert_type` (seed
    risk_alert_types, e.g. 1Y) ending on the as-of date, where `measure` (a column of
    fct_performance_periods) has a value. The as-of date is the latest end of such a period.
    Columns: portfolio_id, period_code, period_end_date and the measure under its own name. -#}
{% macro risk_alert_lookback_periods(alert_type, measure) -%}
    select
        portfolio_id,
        period_code,
        period_end_date,
        {{ measure }}
    from (
        select
            performance.portfolio_id,
            performance.period_code,
            performance.period_end_date,
            performance.{{ measure }},
            max(performance.period_end_date) over () as as_of_date
        from {{ ref('fct_performance_periods') }} as performance
        inner join {{ ref('risk_alert_types') }} as alert_types
            on performance.period_code = alert_types.lookback_period_code
        where
            alert_types.alert_type = '{{ alert_type }}'
            and performance.entity_type = 'portfolio'
            and performance.{{ measure }} is not null
    ) as lookback_periods
    where period_end_date = as_of_date
{%- endmacro %}
