{#-
  Loads every generated table (the sources with `loader: generator`) from WEALTH_RAW_DIR into
  the raw schema, with the column types declared in their YAML (never inferred). Runs as an
  on-run-start hook of `dbt build` and `dbt run`; the per-engine SQL is dispatched.
-#}
{% macro load_raw_sources() %}
    {%- if execute and var('load_raw') and flags.WHICH in ['build', 'run'] -%}
        {%- set sources = graph.sources.values() | selectattr('loader', 'equalto', 'generator') | list -%}
        {%- set folder = var('raw_dir') | replace('\\', '/') -%}
        {%- set fmt = var('raw_format') -%}
        {%- if fmt not in ['csv', 'parquet'] -%}
            {{ exceptions.raise_compiler_error("raw_format must be csv or parquet, not " ~ fmt) }}
        {%- endif -%}
        {% do run_query(adapter.dispatch('create_raw_schema', 'wealth_warehouse')(sources[0].schema)) %}
        {%- for node in sources | sort(attribute='name') -%}
            {%- set columns = [] -%}
            {%- for column in node.columns.values() -%}
                {%- do columns.append((column.name, column.data_type)) -%}
            {%- endfor -%}
            {%- set relation = api.Relation.create(database=node.database, schema=node.schema, identifier=node.identifier) -%}
            {%- set path = folder ~ '/' ~ node.name ~ '.' ~ fmt -%}
            {%- for statement in adapter.dispatch('load_raw_table_sql', 'wealth_warehouse')(relation, path, fmt, columns) -%}
                {% do run_query(statement) %}
            {%- endfor -%}
            {{ log('loaded ' ~ relation ~ ' from ' ~ path, info=true) }}
        {%- endfor -%}
    {%- endif -%}
    select 1 as raw_sources_loaded
{% endmacro %}

{% macro default__create_raw_schema(schema) %}
    create schema if not exists {{ schema }}
{% endmacro %}

{#- DuckDB: read_csv with the declared columns, or read_parquet with casts; a real table. -#}
{% macro duckdb__load_raw_table_sql(relation, path, fmt, columns) %}
    {%- if fmt == 'csv' -%}
        {%- set spec = [] -%}
        {%- for name, data_type in columns -%}
            {%- do spec.append("'" ~ name ~ "': '" ~ data_type ~ "'") -%}
        {%- endfor -%}
        {%- set reader -%}
            read_csv('{{ path }}', header = true, auto_detect = false, delim = ',', quote = '"',
                escape = '"', dateformat = '%Y-%m-%d', timestampformat = '%Y-%m-%d %H:%M:%S',
                columns = {{ '{' ~ spec | join(', ') ~ '}' }})
        {%- endset -%}
    {%- else -%}
        {%- set reader = "read_parquet('" ~ path ~ "')" -%}
    {%- endif -%}
    {%- set statement -%}
        create or replace table {{ relation }} as
        select
        {%- for name, data_type in columns %}
            cast({{ name }} as {{ data_type }}) as {{ name }}{{ ',' if not loop.last }}
        {%- endfor %}
        from {{ reader }}
    {%- endset -%}
    {{ return([statement]) }}
{% endmacro %}

{#- Spark: a temporary view over the file with the declared schema, copied into a table. -#}
{% macro spark__load_raw_table_sql(relation, path, fmt, columns) %}
    {%- set view = relation.schema ~ '_' ~ relation.identifier ~ '_file' -%}
    {%- set spec = [] -%}
    {%- for name, data_type in columns -%}
        {%- do spec.append(name ~ ' ' ~ data_type) -%}
    {%- endfor -%}
    {%- if fmt == 'csv' -%}
        {%- set options = "path '" ~ path ~ "', header 'true', escape '\"', dateFormat 'yyyy-MM-dd', timestampFormat 'yyyy-MM-dd HH:mm:ss', mode 'FAILFAST'" -%}
    {%- else -%}
        {%- set options = "path '" ~ path ~ "'" -%}
    {%- endif -%}
    {%- set statements = [
        "create or replace temporary view " ~ view ~ " (" ~ spec | join(', ') ~ ") using " ~ fmt ~ " options (" ~ options ~ ")",
        "drop table if exists " ~ relation,
        "create table " ~ relation ~ " using parquet as select * from " ~ view,
    ] -%}
    {{ return(statements) }}
{% endmacro %}
