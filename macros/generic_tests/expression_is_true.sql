{#-
  expression_is_true: a boolean SQL expression holds on every row.

  Arguments:
    expression       raw SQL boolean expression. When column_name is given, the check is
                     `column_name ~ ' ' ~ expression` (e.g. column `amount`, expression `>= 0`).
    column_name      optional; set automatically when the test is declared under a column.
    where_condition  optional raw SQL predicate; only matching rows are checked.

  A row where the expression is false OR null fails. Returns one row per failing row.
-#}
{% test expression_is_true(model, expression, column_name=none, where_condition=none) %}

{%- if column_name is not none -%}
    {%- set full_expression = column_name ~ " " ~ expression -%}
{%- else -%}
    {%- set full_expression = expression -%}
{%- endif %}

with meet_condition as (

    select *
    from {{ model }}
    {%- if where_condition %}
    where ({{ where_condition }})
    {%- endif %}

)

select *
from meet_condition
where not coalesce(({{ full_expression }}), false)

{% endtest %}
