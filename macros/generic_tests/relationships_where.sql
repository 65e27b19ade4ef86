{#-
  relationships_where: every non-null `column_name` of the model matches a `field` of `to`,
  like dbt's built-in relationships test, with optional filters on both sides.

  Arguments:
    column_name     child (foreign key) column; set by declaring the test under a column.
    to              parent relation, e.g. ref('customers').
    field           parent (key) column.
    from_condition  optional raw SQL predicate on the child; only matching rows are checked.
    to_condition    optional raw SQL predicate on the parent; only matching rows count as
                    valid targets.

  Child nulls pass. Returns one row per child row without a parent.
-#}
{% test relationships_where(model, column_name, to, field, from_condition=none, to_condition=none) %}

with child as (

    select {{ column_name }} as from_field
    from {{ model }}
    where {{ column_name }} is not null
    {%- if from_condition %}
      and ({{ from_condition }})
    {%- endif %}

),

parent as (

    select {{ field }} as to_field
    from {{ to }}
    where {{ field }} is not null
    {%- if to_condition %}
      and ({{ to_condition }})
    {%- endif %}

)

select child.from_field
from child
left join parent
    on child.from_field = parent.to_field
where parent.to_field is null

{% endtest %}
