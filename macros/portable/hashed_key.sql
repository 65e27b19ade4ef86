{#- A stable, non-reversible key for a personal identifier (lower-cased, trimmed, MD5 hex):
    lets analysts join and count people without seeing the identifier. -#}
{% macro hashed_key(column) -%}
    md5(lower(trim({{ column }})))
{%- endmacro %}
