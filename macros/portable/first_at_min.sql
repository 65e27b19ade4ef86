{#- The `value` of the row of a group (or of a window, when `over` names one) where
    `ordering` is smallest: the first day of a minimum. Rows that tie on `ordering` are
    told apart by `then_by` when given (smallest first), else by `value` itself, so the
    answer is deterministic (a struct compares field by field); rows where `ordering` is
    null are ignored. -#}
{% macro first_at_min(value, ordering, over=none, then_by=none) %}
    {{- return(adapter.dispatch('first_at_min', 'wealth_warehouse')(value, ordering, over, then_by)) -}}
{% endmacro %}

{% macro default__first_at_min(value, ordering, over, then_by) -%}
    struct_extract(
        min(case when {{ ordering }} is not null then struct_pack(
            ordering := {{ ordering }},
            {%- if then_by %} then_by := {{ then_by }},{% endif %}
            value := {{ value }}
        ) end)
        {%- if over %} over {{ over }}{% endif %},
        'value'
    )
{%- endmacro %}

{% macro spark__first_at_min(value, ordering, over, then_by) -%}
    (min(case when {{ ordering }} is not null then named_struct(
        'ordering', {{ ordering }},
        {%- if then_by %} 'then_by', {{ then_by }},{% endif %}
        'value', {{ value }}
    ) end)
    {%- if over %} over {{ over }}{% endif %}).value
{%- endmacro %}
