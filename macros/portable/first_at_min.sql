{#- The smallest `value` among the rows of a group where `ordering` is smallest: the first
    day of a minimum, deterministic when several rows share it (a struct compares field by
    field); rows where `ordering` is null are ignored. -#}
{% macro first_at_min(value, ordering) %}
    {{- return(adapter.dispatch('first_at_min', 'wealth_warehouse')(value, ordering)) -}}
{% endmacro %}

{% macro default__first_at_min(value, ordering) -%}
    struct_extract(min(case when {{ ordering }} is not null then struct_pack(ordering := {{ ordering }}, value := {{ value }}) end), 'value')
{%- endmacro %}

{% macro spark__first_at_min(value, ordering) -%}
    min(case when {{ ordering }} is not null then named_struct('ordering', {{ ordering }}, 'value', {{ value }}) end).value
{%- endmacro %}
