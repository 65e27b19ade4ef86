-- The reporting periods every entity shares, from the performance_periods seed: each
-- calendar month, quarter and year of the trading calendar (the units the seed lists), and
-- the to-date and trailing periods ending at the as-of date (the last trading day), with the
-- first calendar day, the last trading day and the anchor (the last trading day before the
-- period; null for the first calendar periods, which no close precedes).
-- int_performance_periods gives them to each entity (with since inception, which starts on
-- each entity's own first day).
with trading_days as (
    select trading_date
    from {{ ref('int_trading_days') }}
),

as_of as (
    select max(trading_date) as as_of_date
    from trading_days
),

period_definitions as (
    select
        period_code,
        period_kind,
        calendar_unit,
        length_months
    from {{ ref('performance_periods') }}
),

calendar_units as (
    {% for unit in ['month', 'quarter', 'year'] %}
        select
            '{{ unit }}' as calendar_unit,
            cast({{ dbt.date_trunc(unit, 'trading_date') }} as date) as period_start_date,
            max(trading_date) as period_end_date
        from trading_days
        group by {{ dbt.date_trunc(unit, 'trading_date') }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

calendar_periods as (
    select
        period_definitions.period_code,
        period_definitions.period_kind,
        period_definitions.calendar_unit,
        calendar_units.period_start_date,
        calendar_units.period_end_date,
        lag(calendar_units.period_end_date) over (
            partition by period_definitions.period_code order by calendar_units.period_start_date
        ) as anchor_date
    from period_definitions
    inner join calendar_units
        on period_definitions.calendar_unit = calendar_units.calendar_unit
    where period_definitions.period_kind = 'calendar'
),

to_date_starts as (
    {% for unit in ['month', 'quarter', 'year'] %}
        select
            '{{ unit }}' as calendar_unit,
            cast({{ dbt.date_trunc(unit, 'as_of_date') }} as date) as period_start_date
        from as_of
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

as_of_period_starts as (
    select
        period_definitions.period_code,
        period_definitions.period_kind,
        period_definitions.calendar_unit,
        to_date_starts.period_start_date
    from period_definitions
    inner join to_date_starts
        on period_definitions.calendar_unit = to_date_starts.calendar_unit
    where period_definitions.period_kind = 'to_date'
    union all
    select
        period_definitions.period_code,
        period_definitions.period_kind,
        period_definitions.calendar_unit,
        {%- set months_back = dbt.dateadd('month', '-1 * period_definitions.length_months', 'as_of.as_of_date') %}
        cast({{ dbt.dateadd('day', 1, months_back) }} as date) as period_start_date
    from period_definitions
    cross join as_of
    where period_definitions.period_kind = 'trailing'
),

as_of_periods as (
    select
        as_of_period_starts.period_code,
        as_of_period_starts.period_kind,
        as_of_period_starts.calendar_unit,
        as_of_period_starts.period_start_date,
        as_of.as_of_date as period_end_date,
        max(trading_days.trading_date) as anchor_date
    from as_of_period_starts
    cross join as_of
    left join trading_days
        on as_of_period_starts.period_start_date > trading_days.trading_date
    group by
        as_of_period_starts.period_code,
        as_of_period_starts.period_kind,
        as_of_period_starts.calendar_unit,
        as_of_period_starts.period_start_date,
        as_of.as_of_date
),

reporting_periods as (
    select * from calendar_periods
    union all
    select * from as_of_periods
)

select
    cast(period_code as string) as period_code,
    cast(period_kind as string) as period_kind,
    cast(calendar_unit as string) as calendar_unit,
    cast(period_start_date as date) as period_start_date,
    cast(period_end_date as date) as period_end_date,
    cast(anchor_date as date) as anchor_date
from reporting_periods
