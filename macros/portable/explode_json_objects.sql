{#- A set-returning select-list expression: one row per object of a JSON array of objects,
    with one column per declared field. fields: list of (name, type) with type string,
    integer or double. -#}
{% macro explode_json_objects(column, fields) %}
    {{- return(adapter.dispatch('explode_json_objects', 'wealth_warehouse')(column, fields)) -}}
{% endmacro %}

{% macro default__explode_json_objects(column, fields) -%}
    {%- set types = {'string': 'VARCHAR', 'integer': 'INTEGER', 'double': 'DOUBLE'} -%}
    {%- set spec = [] -%}
    {%- for name, type in fields -%}
        {%- do spec.append('"' ~ name ~ '":"' ~ types[type] ~ '"') -%}
    {%- endfor -%}
    unnest(from_json({{ column }}, '[{{ '{' ~ spec | join(',') ~ '}' }}]'), recursive := true)
{%- endmacro %}

{% macro spark__explode_json_objects(column, fields) -%}
    {%- set types = {'string': 'string', 'integer': 'int', 'double': 'double'} -%}
    {%- set spec = [] -%}
    {%- for name, type in fields -%}
        {%- do spec.append(name ~ ':' ~ types[type]) -%}
    {%- endfor -%}
    inline(from_json({{ column }}, 'array<struct<{{ spec | join(",") }}>>'))
{%- endmacro %}
