{#- Common table expressions that sum daily rows of portfolios over their reporting periods
    (int_performance_periods), by block of days (int_performance_blocks) and then by period,
    as the other period statistics are: `days` is a relation of rows with portfolio_id,
    return_date, block_start_date and the `group_columns`; `sums` maps each output column to
    the daily expression summed; `max_columns` are carried through (constant within a
    group). Ends with the CTE period_sums: period_key, the group columns, the max columns and
    the sums, over the days after each period's anchor up to its end (days_in_periods).
    With entities='group' the rows are those of groups (households, advisor books, the firm):
    `days` has entity_type and entity_id instead of portfolio_id, and the periods CTE is
    group_periods instead of portfolio_periods. -#}
{% macro linked_period_sums(days, group_columns, sums, max_columns=[], entities='portfolio') -%}
{%- set entity_keys = 'portfolio_id' if entities == 'portfolio' else 'entity_type, entity_id' %}
block_sums as (
    select
        {%- if entities == 'portfolio' %}
        'portfolio' as entity_type,
        portfolio_id as entity_id,
        {%- else %}
        entity_type,
        entity_id,
        {%- endif %}
        block_start_date,
        {%- for column in group_columns %}
            {{ column }},
        {%- endfor %}
        {%- for column in max_columns %}
            max({{ column }}) as {{ column }},
        {%- endfor %}
        {%- for column, expression in sums.items() %}
            sum({{ expression }}) as {{ column }},
        {%- endfor %}
        max(return_date) as return_date
    from {{ days }}
    group by {{ entity_keys }}, block_start_date{% for column in group_columns %}, {{ column }}{% endfor %}
),

block_keys as (
    select
        *,
        {{ with_calendar_starts('block_start_date') }}
    from block_sums
),

{{ entities }}_periods as (
    select *
    from {{ ref('int_performance_periods') }}
    where entity_type {{ '=' if entities == 'portfolio' else '!=' }} 'portfolio'
),

period_blocks as (
    {{ days_in_periods('block_keys', entities ~ '_periods') }}
),

period_sums as (
    select
        period_key,
        {%- for column in group_columns %}
            {{ column }},
        {%- endfor %}
        {%- for column in max_columns %}
            max({{ column }}) as {{ column }},
        {%- endfor %}
        {%- for column in sums %}
            sum({{ column }}) as {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from period_blocks
    group by period_key{% for column in group_columns %}, {{ column }}{% endfor %}
)
{%- endmacro %}
