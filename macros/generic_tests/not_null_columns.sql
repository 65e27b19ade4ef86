{#-
  not_null_columns: none of the listed columns holds a null, checked in one pass.

  Arguments:
    column_names  list of column names (at least one).

  The same check as a `not_null` test on each column, as one model-level test: one scan of
  the table and one dbt node instead of one per column (a build runs hundreds of these, and
  most of each node's time is dbt's own work, not the query). Returns one row per column
  that holds nulls, with its number of null rows.
-#}
{% test not_null_columns(model, column_names) %}

{%- if column_names is string -%}
    {%- set column_names = [column_names] -%}
{%- endif -%}
{%- if column_names | length == 0 -%}
    {{ exceptions.raise_compiler_error(
        "not_null_columns test on " ~ model ~ ": column_names must list at least one column"
    ) }}
{%- endif %}

with null_counts as (

    select
    {%- for column_name in column_names %}
        count(*) - count({{ column_name }}) as null_rows_{{ loop.index }}{{ ',' if not loop.last }}
    {%- endfor %}
    from {{ model }}

),

tested_columns as (
    {%- for column_name in column_names %}
    select {{ loop.index }} as column_position, '{{ column_name }}' as column_name
    {{- ' union all' if not loop.last }}
    {%- endfor %}
),

validation_errors as (

    select
        tested_columns.column_name,
        case tested_columns.column_position
        {%- for column_name in column_names %}
            when {{ loop.index }} then null_counts.null_rows_{{ loop.index }}
        {%- endfor %}
        end as null_row_count
    from tested_columns
    cross join null_counts

)

select *
from validation_errors
where null_row_count > 0

{% endtest %}
