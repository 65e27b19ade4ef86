{#- The text of a top-level key of a JSON object held in a string column (null when absent). -#}
{% macro json_text(column, key) %}
    {{- return(adapter.dispatch('json_text', 'wealth_warehouse')(column, key)) -}}
{% endmacro %}

{% macro default__json_text(column, key) -%}
    json_extract_string({{ column }}, '$.{{ key }}')
{%- endmacro %}

{% macro spark__json_text(column, key) -%}
    get_json_object({{ column }}, '$.{{ key }}')
{%- endmacro %}
