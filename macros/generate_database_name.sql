{#- On DuckDB the intermediate models live in a database file of their own (dbt_project.yml,
    profiles.yml's attach): the warehouse file readers open keeps what is read after the
    build, and `make build` deletes the intermediate file once the warehouse is in place.
    Spark has one catalog: a custom database is ignored there. -#}
{% macro generate_database_name(custom_database_name=none, node=none) -%}
    {%- if custom_database_name is none or target.type != 'duckdb' -%}
        {{ target.database }}
    {%- else -%}
        {{ custom_database_name | trim }}
    {%- endif -%}
{%- endmacro %}
