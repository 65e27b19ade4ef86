{#- The `value` of the row of a group (or of a window, when `over` names one) where
    `ordering` is largest, the largest `value` among rows that tie (a struct compares field
    by field): with a date as `value`, the last day of a maximum. Rows where `ordering` is
    null are ignored. -#}
{% macro last_at_max(value, ordering, over=none) %}
    {{- return(adapter.dispatch('last_at_max', 'wealth_warehouse')(value, ordering, over)) -}}
{% endmacro %}

{% macro default__last_at_max(value, ordering, over) -%}
    struct_extract(
        max(case when {{ ordering }} is not null then struct_pack(ordering := {{ ordering }}, value := {{ value }}) end)
        {%- if over %} over {{ over }}{% endif %},
        'value'
    )
{%- endmacro %}

{% macro spark__last_at_max(value, ordering, over) -%}
    (max(case when {{ ordering }} is not null then named_struct('ordering', {{ ordering }}, 'value', {{ value }}) end)
    {%- if over %} over {{ over }}{% endif %}).value
{%- endmacro %}
