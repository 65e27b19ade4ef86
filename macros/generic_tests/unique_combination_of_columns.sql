{#-
  unique_combination_of_columns: no combination of the given columns occurs more than once.

  Arguments:
    combination_of_columns  list of column names (or SQL expressions) forming the key.
    where_condition         optional raw SQL predicate; only matching rows are checked.

  Nulls are grouped like any other value (two rows with the same columns, nulls included,
  count as a duplicate). Returns one row per duplicated combination, with its row count.
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

validation_errors as (

    select
        {{ column_list }},
        count(*) as duplicate_row_count
    from meet_condition
    group by {{ column_list }}
    having count(*) > 1

)

select *
from validation_errors

{% endtest %}
