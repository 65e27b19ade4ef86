{#- Aggregate key/value pairs into a JSON object text, keys in ascending order; the value
    expression must already be text that is valid JSON (a number cast to a decimal, say). -#}
{% macro json_object_agg(key, value) %}
    {{- return(adapter.dispatch('json_object_agg', 'wealth_warehouse')(key, value)) -}}
{% endmacro %}

{% macro default__json_object_agg(key, value) -%}
    '{' || string_agg('"' || {{ key }} || '":' || {{ value }}, ',' order by {{ key }}) || '}'
{%- endmacro %}

{% macro spark__json_object_agg(key, value) -%}
    concat('{', array_join(array_sort(collect_list(concat('"', {{ key }}, '":', {{ value }}))), ','), '}')
{%- endmacro %}
