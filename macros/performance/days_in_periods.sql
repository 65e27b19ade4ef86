{#- The rows of `days` (entity_type, entity_id, return_date, ... and, from
    with_calendar_starts(), month/quarter/year_start_date) inside each period of `periods`
    (int_performance_periods with the seed's calendar_unit): the days after the anchor up to
    the period's last trading day, with the period's key. Calendar periods join on the day's
    calendar unit (equality joins); the few other periods of an entity join on the range. -#}
{% macro days_in_periods(days, periods) -%}
    {% for unit in ['month', 'quarter', 'year'] %}
        select
            {{ periods }}.period_key,
            {{ periods }}.anchor_log_wealth,
            {{ days }}.*
        from {{ days }}
        inner join {{ periods }}
            on
                {{ days }}.entity_type = {{ periods }}.entity_type
                and {{ days }}.entity_id = {{ periods }}.entity_id
                and {{ days }}.{{ unit }}_start_date = {{ periods }}.period_start_date
                and {{ periods }}.period_kind = 'calendar'
                and {{ periods }}.calendar_unit = '{{ unit }}'
                and {{ days }}.return_date > {{ periods }}.anchor_date
        union all
    {% endfor %}
    select
        {{ periods }}.period_key,
        {{ periods }}.anchor_log_wealth,
        {{ days }}.*
    from {{ days }}
    inner join {{ periods }}
        on
            {{ days }}.entity_type = {{ periods }}.entity_type
            and {{ days }}.entity_id = {{ periods }}.entity_id
            and {{ periods }}.period_kind != 'calendar'
            and {{ days }}.return_date > {{ periods }}.anchor_date
            and {{ days }}.return_date <= {{ periods }}.period_end_date
{%- endmacro %}

{#- The start of the day's month, quarter and year, the keys days_in_periods() joins on. -#}
{% macro with_calendar_starts(date_column) -%}
    cast({{ dbt.date_trunc('month', date_column) }} as date) as month_start_date,
    cast({{ dbt.date_trunc('quarter', date_column) }} as date) as quarter_start_date,
    cast({{ dbt.date_trunc('year', date_column) }} as date) as year_start_date
{%- endmacro %}
