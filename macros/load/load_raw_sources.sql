{#-
  Loads every generated table (the sources with `loader: generator`) from WEALTH_RAW_DIR into
  the raw schema, with the column types declared in their YAML (never inferred). Runs as an
  on-run-start hook of `dbt build` and `dbt run`; the per-engine SQL is dispatched.

  Each file is checked before any model runs, and every file that fails is named in one
  error: a file that is missing, a header that is not the declared columns in their order
  (columns are never matched by position alone), a line that does not parse (a file cut short
  or edited: its line number), and totals that differ from the generator's control totals
  (rows dropped or values changed). Last, the manifest the files came with is recorded in
  raw.load_manifest, so a warehouse says which raw folder it was built from.
-#}
{% macro load_raw_sources() %}
    {%- if execute and var('load_raw') and flags.WHICH in ['build', 'run'] -%}
        {%- set sources = graph.sources.values() | selectattr('loader', 'equalto', 'generator') | list -%}
        {%- set folder = var('raw_dir') | replace('\\', '/') -%}
        {%- set fmt = var('raw_format') -%}
        {%- if fmt not in ['csv', 'parquet'] -%}
            {{ exceptions.raise_compiler_error("raw_format must be csv or parquet, not " ~ fmt) }}
        {%- endif -%}
        {%- set fix = "Regenerate them with `make generate` (python -m generator --out " ~ folder
            ~ "), or point WEALTH_RAW_DIR at a complete generator output." -%}
        {%- if not adapter.dispatch('raw_file_exists', 'wealth_warehouse')(folder ~ '/manifest.json') -%}
            {{ exceptions.raise_compiler_error(
                "No generated files in " ~ folder ~ " (manifest.json not found): run `make generate` first,"
                ~ " or set WEALTH_RAW_DIR to the folder the generator wrote (its --out)."
            ) }}
        {%- endif -%}
        {%- set partial = adapter.dispatch('raw_partial_run', 'wealth_warehouse')(folder) -%}
        {%- if partial -%}
            {{ exceptions.raise_compiler_error(
                folder ~ " holds " ~ partial ~ " only (a --shards run): combine the outputs of every range first"
                ~ " (python -m generator --combine DIR... --out " ~ folder ~ ")"
            ) }}
        {%- endif -%}
        {% do run_raw_statement(adapter.dispatch('create_raw_schema', 'wealth_warehouse')(sources[0].schema)) %}
        {#- the control totals first: every other table is checked against them -#}
        {%- set ordered = (sources | selectattr('name', 'equalto', 'control_totals') | list)
            + (sources | rejectattr('name', 'equalto', 'control_totals') | sort(attribute='name') | list) -%}
        {%- set problems = [] -%}
        {%- set totals = {'relation': none} -%}
        {%- for node in ordered -%}
            {%- set file_name = node.name ~ '/' -%}
            {%- set path = adapter.dispatch('raw_table_path', 'wealth_warehouse')(folder, node.name, fmt) -%}
            {%- set problem = load_raw_table(node, path, fmt, totals.relation, folder) -%}
            {%- if problem -%}
                {%- do problems.append(file_name ~ ': ' ~ problem) -%}
            {%- elif node.name == 'control_totals' -%}
                {%- do totals.update({'relation': api.Relation.create(
                    database=node.database, schema=node.schema, identifier=node.identifier)}) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if problems -%}
            {{ exceptions.raise_compiler_error(
                "The raw files in " ~ folder ~ " cannot be loaded (" ~ problems | length ~ " of "
                ~ ordered | length ~ " tables):\n  - " ~ problems | join("\n  - ") ~ "\n" ~ fix
            ) }}
        {%- endif -%}
        {%- set manifest = api.Relation.create(database=sources[0].database, schema=sources[0].schema, identifier='load_manifest') -%}
        {%- for statement in adapter.dispatch('record_load_manifest_sql', 'wealth_warehouse')(manifest, folder) -%}
            {% do run_raw_statement(statement) %}
        {%- endfor -%}
    {%- endif -%}
    select 1 as raw_sources_loaded
{% endmacro %}

{#- Runs a statement that returns no rows without fetching its (empty) result: through a Spark
    Thrift Server (the spark_thrift target), PyHive 0.7.0 fails on the empty result Spark 3.5
    sends for DDL ('NoneType' object is not iterable: apache/kyuubi#7106). -#}
{% macro run_raw_statement(sql) %}
    {% do adapter.execute(sql, auto_begin=false, fetch=false) %}
{% endmacro %}

{#- Loads one table's parts into its raw table; returns what is wrong with them, or an empty
    string. -#}
{% macro load_raw_table(node, path, fmt, totals, totals_folder) %}
    {%- set files = adapter.dispatch('raw_table_files', 'wealth_warehouse')(path) -%}
    {%- if files | length == 0 -%}
        {{ return('not found') }}
    {%- endif -%}
    {%- set declared = node.columns.values() | list -%}
    {%- for file in files -%}
        {%- set header = adapter.dispatch('raw_file_columns', 'wealth_warehouse')(file, fmt) -%}
        {%- set problem = raw_header_problem(header, declared | map(attribute='name') | list, node.original_file_path) -%}
        {%- if problem -%}
            {{ return((file | replace('\\', '/')).split('/')[-1] ~ ': ' ~ problem) }}
        {%- endif -%}
    {%- endfor -%}
    {%- set columns = [] -%}
    {%- for column in declared -%}
        {%- do columns.append((column.name, column.data_type)) -%}
    {%- endfor -%}
    {%- set relation = api.Relation.create(database=node.database, schema=node.schema, identifier=node.identifier) -%}
    {%- for statement in adapter.dispatch('load_raw_table_sql', 'wealth_warehouse')(relation, path, fmt, columns) -%}
        {% do run_raw_statement(statement) %}
    {%- endfor -%}
    {%- set rejected = adapter.dispatch('raw_load_rejects', 'wealth_warehouse')() -%}
    {%- if rejected -%}
        {{ return(rejected) }}
    {%- endif -%}
    {%- if totals is not none -%}
        {%- set differences = run_query(
            "select * from (" ~ control_total_differences(relation, declared, totals) ~ ") as differences"
            ~ " order by case when measure = 'row_count' then 0 else 1 end, column_name, measure"
        ) -%}
        {%- if differences.rows | length > 0 -%}
            {%- set short_part = adapter.dispatch('raw_short_part', 'wealth_warehouse')(path, fmt, columns, totals_folder) -%}
            {{ return(short_part or control_total_problem(differences.rows)) }}
        {%- endif -%}
    {%- endif -%}
    {{ log('loaded ' ~ relation ~ ' from ' ~ path, info=true) }}
    {{ return('') }}
{% endmacro %}

{#- What the control-total differences of a file say (rows of control_total_differences, the
    row count first). -#}
{% macro control_total_problem(rows) %}
    {%- set measure, column, expected, actual = rows[0][0], rows[0][1], rows[0][2], rows[0][3] -%}
    {%- set more = (' (and ' ~ (rows | length - 1) ~ ' more measures differ)') if rows | length > 1 else '' -%}
    {%- if measure == 'row_count' and expected is not none and actual is not none and actual | int < expected | int -%}
        {{ return('has ' ~ actual ~ ' rows where the generator wrote ' ~ expected ~ more ~ ' (control totals,'
            ~ ' manifest.json): a file was cut short, or rows were dropped after it was generated') }}
    {%- endif -%}
    {%- set name = measure ~ ('' if column == '*' else '(' ~ column ~ ')') -%}
    {{ return(name ~ ' is ' ~ actual ~ ' where the control totals (control_totals.csv, manifest.json) say '
        ~ expected ~ more ~ ': rows were added or values changed after the file was generated') }}
{% endmacro %}

{#- What is wrong with a file's header against the declared columns (names and order). -#}
{% macro raw_header_problem(header, declared, yaml_path) %}
    {%- for name in declared -%}
        {%- if loop.index0 >= header | length -%}
            {{ return("column " ~ loop.index ~ " '" ~ name ~ "' (declared in " ~ yaml_path ~ ") is missing: the header has "
                ~ header | length ~ " columns") }}
        {%- elif header[loop.index0] != name -%}
            {{ return("column " ~ loop.index ~ " is '" ~ header[loop.index0] ~ "' where '" ~ name ~ "' is declared ("
                ~ yaml_path ~ "): columns are read by name and in the declared order") }}
        {%- endif -%}
    {%- endfor -%}
    {%- if header | length > declared | length -%}
        {{ return("column " ~ (declared | length + 1) ~ " '" ~ header[declared | length] ~ "' is not declared in "
            ~ yaml_path) }}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}

{#- "shards 0 to 1 of 4" when the folder is the output of a --shards run, else empty (DuckDB
    reads the manifest; elsewhere the missing tables say it). -#}
{% macro duckdb__raw_partial_run(folder) %}
    {%- set found = run_query(
        "select json_extract(content, '$.partial.shards[0]')::int, json_extract(content, '$.partial.shards[1]')::int,"
        ~ " json_extract(content, '$.partial.of')::int from read_text('" ~ folder ~ "/manifest.json')"
    ) -%}
    {%- set first, stop, count = found.rows[0][0], found.rows[0][1], found.rows[0][2] -%}
    {{ return('' if first is none else 'shards ' ~ first ~ ' to ' ~ (stop - 1) ~ ' of ' ~ count) }}
{% endmacro %}

{% macro default__raw_partial_run(folder) %}
    {{ return('') }}
{% endmacro %}

{#- Every table is a folder of parts (one per shard): DuckDB reads them by a glob, Spark by
    the folder. -#}
{% macro duckdb__raw_table_path(folder, table, fmt) %}
    {{ return(folder ~ '/' ~ table ~ '/*.' ~ fmt) }}
{% endmacro %}

{% macro default__raw_table_path(folder, table, fmt) %}
    {{ return(folder ~ '/' ~ table) }}
{% endmacro %}

{% macro default__create_raw_schema(schema) %}
    create schema if not exists {{ schema }}
{% endmacro %}

{#- The table's part files (DuckDB's glob, in name order); Spark reads the folder, which its
    reader finds missing itself. -#}
{% macro duckdb__raw_table_files(path) %}
    {%- set found = run_query("select file from glob('" ~ path ~ "') order by file") -%}
    {{ return(found.columns[0].values() | list) }}
{% endmacro %}

{% macro default__raw_table_files(path) %}
    {{ return([path]) }}
{% endmacro %}

{% macro duckdb__raw_file_exists(path) %}
    {{ return(duckdb__raw_table_files(path) | length > 0) }}
{% endmacro %}

{% macro default__raw_file_exists(path) %}
    {{ return(true) }}
{% endmacro %}

{#- The column names of the file's header, in order. -#}
{% macro duckdb__raw_file_columns(path, fmt) %}
    {%- if fmt == 'csv' -%}
        {%- set reader = "read_csv('" ~ path ~ "', header = true, all_varchar = true, sample_size = 1, delim = ',', quote = '\"')" -%}
    {%- else -%}
        {%- set reader = "read_parquet('" ~ path ~ "')" -%}
    {%- endif -%}
    {%- set described = run_query("describe select * from " ~ reader) -%}
    {{ return(described.columns[0].values() | list) }}
{% endmacro %}

{#- Spark: a CSV file's first line (one cheap query, no view); Parquet's own schema (DESCRIBE
    takes a query here: DESCRIBE of parquet.`path` itself finds no such table). -#}
{% macro spark__raw_file_columns(path, fmt) %}
    {%- if fmt == 'csv' -%}
        {%- set first = run_query("select value from text.`" ~ path ~ "` limit 1") -%}
        {{ return((first.rows[0][0] if first.rows | length > 0 else '').split(',')) }}
    {%- endif -%}
    {%- set described = run_query("describe query select * from parquet.`" ~ path ~ "`") -%}
    {{ return(described.columns[0].values() | list) }}
{% endmacro %}

{#- DuckDB: read_csv with the declared columns, or read_parquet with casts; a real table.
    Lines that do not parse are kept aside (store_rejects) for raw_load_rejects to name. -#}
{% macro duckdb__load_raw_table_sql(relation, path, fmt, columns) %}
    {%- if fmt == 'csv' -%}
        {%- set spec = [] -%}
        {%- for name, data_type in columns -%}
            {%- do spec.append("'" ~ name ~ "': '" ~ data_type ~ "'") -%}
        {%- endfor -%}
        {%- set reader -%}
            read_csv('{{ path }}', header = true, auto_detect = false, delim = ',', quote = '"',
                escape = '"', dateformat = '%Y-%m-%d', timestampformat = '%Y-%m-%d %H:%M:%S',
                columns = {{ '{' ~ spec | join(', ') ~ '}' }},
                store_rejects = true, rejects_table = 'raw_load_rejects', rejects_scan = 'raw_load_scans')
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

{#- The first part of a table with fewer rows than the manifest lists for it, as the place it
    was cut short (DuckDB; empty when none is, or elsewhere). -#}
{% macro duckdb__raw_short_part(path, fmt, columns, folder) %}
    {%- if fmt == 'csv' -%}
        {%- set spec = [] -%}
        {%- for name, data_type in columns -%}
            {%- do spec.append("'" ~ name ~ "': 'varchar'") -%}
        {%- endfor -%}
        {%- set reader = "read_csv('" ~ path ~ "', header = true, auto_detect = false, delim = ',', quote = '\"',"
            ~ " escape = '\"', null_padding = true, ignore_errors = true, filename = true,"
            ~ " columns = {" ~ spec | join(', ') ~ "})" -%}
    {%- else -%}
        {%- set reader = "read_parquet('" ~ path ~ "', filename = true)" -%}
    {%- endif -%}
    {%- set query -%}
        with parts as (
            select filename as file_path, count(*) as row_count
            from {{ reader }}
            group by 1
        ),
        listed as (
            select unnest(files, recursive := true)
            from read_json('{{ folder }}/manifest.json', columns = {'files': 'struct(name varchar, rows bigint)[]'})
        )
        select listed.name, parts.row_count, listed.rows
        from parts
        inner join listed on ends_with(parts.file_path, '/' || listed.name)
        where parts.row_count < listed.rows
        order by listed.name
        limit 1
    {%- endset -%}
    {%- set found = run_query(query) -%}
    {%- if found.rows | length == 0 -%}
        {{ return('') }}
    {%- endif -%}
    {%- set name, rows, listed = found.rows[0][0], found.rows[0][1], found.rows[0][2] -%}
    {{ return(name.split('/')[-1] ~ ' has ' ~ rows ~ ' rows where the generator wrote ' ~ listed
        ~ ' (manifest.json): it was cut short after line ' ~ (rows + 1)
        ~ ', or rows were dropped after it was generated') }}
{% endmacro %}

{% macro default__raw_short_part(path, fmt, columns, folder) %}
    {{ return('') }}
{% endmacro %}

{#- The first line DuckDB could not read in the last load, with the number of such lines
    (empty when every line loaded); the rejects tables are emptied for the next file. -#}
{% macro duckdb__raw_load_rejects() %}
    {%- set found = run_query("select count(*) from duckdb_tables() where table_name = 'raw_load_rejects'") -%}
    {%- if found.rows[0][0] == 0 -%}
        {{ return('') }}
    {%- endif -%}
    {%- set rejected = run_query(
        "select errors.line, errors.column_name, errors.error_message, count(*) over () as lines, scans.file_path"
        ~ " from raw_load_rejects as errors inner join raw_load_scans as scans"
        ~ " on errors.scan_id = scans.scan_id and errors.file_id = scans.file_id"
        ~ " order by scans.file_path, errors.line limit 1"
    ) -%}
    {% do run_query("drop table raw_load_rejects") %}
    {% do run_query("drop table if exists raw_load_scans") %}
    {%- if rejected.rows | length == 0 -%}
        {{ return('') }}
    {%- endif -%}
    {%- set first = rejected.rows[0] -%}
    {{ return((first[4] | replace('\\', '/')).split('/')[-1] ~ ": line " ~ first[0] ~ " does not parse (column " ~ first[1] ~ ": " ~ first[2]
        ~ ("; " ~ (first[3] - 1) ~ " more errors" if first[3] > 1 else "")
        ~ "): the file was cut short or edited after it was generated") }}
{% endmacro %}

{#- Spark reads in FAILFAST mode: a line that does not parse fails the load itself. -#}
{% macro default__raw_load_rejects() %}
    {{ return('') }}
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

{#- raw.load_manifest: the sha256 of the manifest.json the raw files came with, and where
    they were read from. -#}
{% macro duckdb__record_load_manifest_sql(relation, folder) %}
    {%- set statement -%}
        create or replace table {{ relation }} as
        select
            cast(sha256(content) as varchar) as manifest_sha256,
            cast('{{ folder }}' as varchar) as raw_dir
        from read_text('{{ folder }}/manifest.json')
    {%- endset -%}
    {{ return([statement]) }}
{% endmacro %}

{% macro spark__record_load_manifest_sql(relation, folder) %}
    {%- set statements = [
        "create or replace temporary view raw_load_manifest_file using text options (path '" ~ folder ~ "/manifest.json', wholetext 'true')",
        "drop table if exists " ~ relation,
        "create table " ~ relation ~ " using parquet as select cast(sha2(value, 256) as string) as manifest_sha256,"
            ~ " cast('" ~ folder ~ "' as string) as raw_dir from raw_load_manifest_file",
    ] -%}
    {{ return(statements) }}
{% endmacro %}
