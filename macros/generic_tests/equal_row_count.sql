{#-
  equal_row_count: the model and compare_model have the same number of rows.

  Arguments:
    compare_model            relation to compare with, e.g. ref('other_model').
    where_condition          optional raw SQL predicate applied to the model before counting.
    compare_where_condition  optional raw SQL predicate applied to compare_model before counting.

  Returns a single row (model count, compare count, difference) when the counts differ,
  no row otherwise.
-#}
{% test equal_row_count(model, compare_model, where_condition=none, compare_where_condition=none) %}

with model_count as (

    select count(*) as row_count
    from {{ model }}
    {%- if where_condition %}
    where ({{ where_condition }})
    {%- endif %}

),

compare_model_count as (

    select count(*) as row_count
    from {{ compare_model }}
    {%- if compare_where_condition %}
    where ({{ compare_where_condition }})
    {%- endif %}

)

select
    model_count.row_count as model_row_count,
    compare_model_count.row_count as compare_model_row_count,
    model_count.row_count - compare_model_count.row_count as row_count_difference
from model_count
cross join compare_model_count
where model_count.row_count <> compare_model_count.row_count

{% endtest %}
