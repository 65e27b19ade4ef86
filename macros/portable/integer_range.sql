{#- One row per integer from `start` (included) to `stop` (excluded), as a select-list
    expression that multiplies its row: the days of an interval of trading-day indexes.
    Rows where `stop` <= `start` yield nothing. -#}
{% macro integer_range(start, stop) %}
    {{- return(adapter.dispatch('integer_range', 'wealth_warehouse')(start, stop)) -}}
{% endmacro %}

{% macro default__integer_range(start, stop) -%}
    unnest(range({{ start }}, {{ stop }}))
{%- endmacro %}

{#- sequence() counts down when stop - 1 < start, so empty ranges are filtered out. -#}
{% macro spark__integer_range(start, stop) -%}
    explode(case when {{ stop }} > {{ start }} then sequence({{ start }}, {{ stop }} - 1) else array() end)
{%- endmacro %}
