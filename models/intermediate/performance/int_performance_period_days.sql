{{ config(materialized='view') }}
-- Every day of every entity's reporting periods: the days after the period's anchor up to
-- its last trading day, keyed by the period's period_key. Calendar periods join on the day's
-- calendar unit (an equality join); the few as-of and since-inception periods of an entity
-- join on the date range. A view: its consumers stream it (a table would hold every day
-- three and a half times over).
with entity_days as (
    select
        *,
        cast({{ dbt.date_trunc('month', 'return_date') }} as date) as month_start_date,
        cast({{ dbt.date_trunc('quarter', 'return_date') }} as date) as quarter_start_date,
        cast({{ dbt.date_trunc('year', 'return_date') }} as date) as year_start_date
    from {{ ref('int_performance_entity_days') }}
),

periods as (
    select
        entity_periods.*,
        definitions.calendar_unit
    from {{ ref('int_performance_periods') }} as entity_periods
    inner join {{ ref('performance_periods') }} as definitions
        on entity_periods.period_code = definitions.period_code
),

period_days as (
    {% for unit in ['month', 'quarter', 'year'] %}
        select
            periods.period_key,
            periods.anchor_log_wealth,
            periods.anchor_total_losses,
            entity_days.*
        from entity_days
        inner join periods
            on
                entity_days.entity_type = periods.entity_type
                and entity_days.entity_id = periods.entity_id
                and entity_days.{{ unit }}_start_date = periods.period_start_date
                and periods.period_kind = 'calendar'
                and periods.calendar_unit = '{{ unit }}'
                and entity_days.return_date > periods.anchor_date
        union all
    {% endfor %}
    select
        periods.period_key,
        periods.anchor_log_wealth,
        periods.anchor_total_losses,
        entity_days.*
    from entity_days
    inner join periods
        on
            entity_days.entity_type = periods.entity_type
            and entity_days.entity_id = periods.entity_id
            and periods.period_kind != 'calendar'
            and entity_days.return_date > periods.anchor_date
            and entity_days.return_date <= periods.period_end_date
)

select
    cast(period_key as bigint) as period_key,
    cast(return_date as date) as return_date,
    market_value,
    net_external_flow,
    net_transfer_flow,
    daily_return,
    benchmark_return,
    risk_free_return,
    log_wealth,
    total_losses,
    anchor_log_wealth,
    anchor_total_losses
from period_days
