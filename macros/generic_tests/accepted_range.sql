{#-
  accepted_range: every non-null value of `column_name` lies within [min_value, max_value].

  Arguments:
    column_name      column (or SQL expression) to check.
    min_value        lower bound (SQL literal or expression); none = no lower bound.
    max_value        upper bound (SQL literal or expression); none = no upper bound.
    inclusive        true (default): bounds are allowed values; false: strict bounds.
    where_condition  optional raw SQL predicate; only matching rows are checked.

  Nulls pass. Returns one row per value outside the range.
-#}
{% test accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true, where_condition=none) %}

{%- if min_value is none and max_value is none -%}
    {{ exceptions.raise_compiler_error(
        "accepted_range test on " ~ model ~ "." ~ column_name
        ~ ": at least one of min_value or max_value must be provided"
    ) }}
{%- endif -%}

{%- set operator_suffix = "=" if inclusive else "" %}

with meet_condition as (

    select *
    from {{ model }}
    {%- if where_condition %}
    where ({{ where_condition }})
    {%- endif %}

),

validation_errors as (

    select *
    from meet_condition
    where {{ column_name }} is not null
      and (
        1 = 0
        {%- if min_value is not none %}
        or not ({{ column_name }} >{{ operator_suffix }} {{ min_value }})
        {%- endif %}
        {%- if max_value is not none %}
        or not ({{ column_name }} <{{ operator_suffix }} {{ max_value }})
        {%- endif %}
      )

)

select *
from validation_errors

{% endtest %}
