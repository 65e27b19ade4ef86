{#- The smallest `value` among the rows of a group (or of a window, when `over` names one)
    where `ordering` is smallest: the first day of a minimum, deterministic when several
    rows share it (a struct compares field by field); rows where `ordering` is null are
    ignored. -#}
{% macro first_at_min(value, ordering, over=none) %}
    {{- return(adapter.dispatch('first_at_min', 'wealth_warehouse')(value, ordering, over)) -}}
{% endmacro %}

{% macro default__first_at_min(value, ordering, over) -%}
    struct_extract(
        min(case when {{ ordering }} is not null then struct_pack(ordering := {{ ordering }}, value := {{ value }}) end)
        {%- if over %} over {{ over }}{% endif %},
        'value'
    )
{%- endmacro %}

{% macro spark__first_at_min(value, ordering, over) -%}
    (min(case when {{ ordering }} is not null then named_struct('ordering', {{ ordering }}, 'value', {{ value }}) end)
    {%- if over %} over {{ over }}{% endif %}).value
{%- endmacro %}
