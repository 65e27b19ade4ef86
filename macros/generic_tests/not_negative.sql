{#-
  not_negative: no value of `column_name` is below -tolerance.

  Arguments:
    column_name  column (or SQL expression) to check; set by declaring the test under a column.
    tolerance    non-negative number (default 0); values down to -tolerance are accepted,
                 e.g. tolerance=0.01 lets rounding noise such as -0.004 pass.

  Nulls pass. Returns one row per value below -tolerance.
-#}
{% test not_negative(model, column_name, tolerance=0) %}

{%- if tolerance is number and tolerance < 0 -%}
    {{ exceptions.raise_compiler_error(
        "not_negative test on " ~ model ~ "." ~ column_name
        ~ ": tolerance must be >= 0, got " ~ tolerance
    ) }}
{%- endif %}

select *
from {{ model }}
where {{ column_name }} < -({{ tolerance }})

{% endtest %}
