{%- set months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] -%}
-- Monthly returns laid out for a calendar heatmap (quantstats' monthly returns table): one
-- row per entity and calendar year, a column per month, the TWR of the calendar month
-- period of fct_performance_periods, and the year's, the TWR of the calendar year period
-- (seed performance_periods: the calendar periods of unit month and year). A month before
-- the entity's first day, after the as-of date or without a return is null; the year's
-- return is its months' chained.
with calendar_periods as (
    select
        period_code,
        calendar_unit
    from {{ ref('performance_periods') }}
    where period_kind = 'calendar'
),

calendar_returns as (
    select
        periods.entity_type,
        periods.entity_id,
        periods.currency_code,
        calendar_periods.calendar_unit,
        periods.time_weighted_return,
        extract(year from periods.period_start_date) as calendar_year,
        extract(month from periods.period_start_date) as calendar_month
    from {{ ref('fct_performance_periods') }} as periods
    inner join calendar_periods
        on periods.period_code = calendar_periods.period_code
)

select
    cast(entity_type as string) as entity_type,
    cast(entity_id as bigint) as entity_id,
    cast(currency_code as string) as currency_code,
    cast(calendar_year as integer) as calendar_year,
    {%- for month in months %}
        cast(
            max(case when calendar_unit = 'month' and calendar_month = {{ loop.index }} then time_weighted_return end)
            as double
        ) as {{ month }}_return,
    {%- endfor %}
    cast(max(case when calendar_unit = 'year' then time_weighted_return end) as double) as year_return
from calendar_returns
group by entity_type, entity_id, currency_code, calendar_year
