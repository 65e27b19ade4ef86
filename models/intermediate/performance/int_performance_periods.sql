-- Every reporting period of every performance entity, from the performance_periods seed: its
-- first calendar day, its last trading day and its anchor, the close the period's return
-- starts from (the last trading day before the period; the entity's first day when the
-- entity is younger than the period, which makes the period partial), the values at the
-- anchor and at the end, and the cumulative TWR index (in logs) at the anchor.
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

entities as (
    select
        entity_type,
        entity_id,
        max(currency_code) as currency_code,
        min(return_date) as first_date
    from {{ ref('int_performance_entity_days') }}
    group by entity_type, entity_id
),

shared_periods as (
    select * from calendar_periods
    union all
    select * from as_of_periods
),

entity_periods as (
    select
        entities.entity_type,
        entities.entity_id,
        entities.currency_code,
        shared_periods.period_code,
        shared_periods.period_kind,
        shared_periods.calendar_unit,
        shared_periods.period_start_date,
        shared_periods.period_end_date,
        case
            when shared_periods.anchor_date is null or shared_periods.anchor_date < entities.first_date
                then entities.first_date
            else shared_periods.anchor_date
        end as anchor_date,
        coalesce(shared_periods.anchor_date is null or shared_periods.anchor_date < entities.first_date, false)
            as is_partial_period
    from entities
    inner join shared_periods
        on entities.first_date <= shared_periods.period_end_date
    union all
    select
        entities.entity_type,
        entities.entity_id,
        entities.currency_code,
        period_definitions.period_code,
        period_definitions.period_kind,
        period_definitions.calendar_unit,
        entities.first_date as period_start_date,
        as_of.as_of_date as period_end_date,
        entities.first_date as anchor_date,
        false as is_partial_period
    from entities
    cross join period_definitions
    cross join as_of
    where period_definitions.period_kind = 'since_inception'
),

entity_days as (
    select
        entity_type,
        entity_id,
        return_date,
        market_value,
        log_wealth
    from {{ ref('int_performance_entity_days') }}
),

valued_periods as (
    select
        entity_periods.*,
        anchors.market_value as start_value,
        anchors.log_wealth as anchor_log_wealth,
        ends.market_value as end_value
    from entity_periods
    inner join entity_days as anchors
        on
            entity_periods.entity_type = anchors.entity_type
            and entity_periods.entity_id = anchors.entity_id
            and entity_periods.anchor_date = anchors.return_date
    inner join entity_days as ends
        on
            entity_periods.entity_type = ends.entity_type
            and entity_periods.entity_id = ends.entity_id
            and entity_periods.period_end_date = ends.return_date
)

select
    cast(row_number() over (order by entity_type, entity_id, period_code, period_start_date) as bigint) as period_key,
    cast(entity_type as string) as entity_type,
    cast(entity_id as bigint) as entity_id,
    cast(currency_code as string) as currency_code,
    cast(period_code as string) as period_code,
    cast(period_kind as string) as period_kind,
    cast(calendar_unit as string) as calendar_unit,
    cast(period_start_date as date) as period_start_date,
    cast(period_end_date as date) as period_end_date,
    cast(anchor_date as date) as anchor_date,
    cast(is_partial_period as boolean) as is_partial_period,
    cast(start_value as double) as start_value,
    cast(end_value as double) as end_value,
    cast(anchor_log_wealth as double) as anchor_log_wealth
from valued_periods
