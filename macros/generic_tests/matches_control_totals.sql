{#-
  Load verification: a raw table matches the control totals the generator wrote beside it -
  its row count, the exact sum of every decimal column and the min and max of every date
  column (the types come from the source's declared columns). Fails with one row per
  measure that differs or is missing on either side.
-#}
{% test matches_control_totals(model) %}
    {%- set measures = [('row_count', '*', 'count(*)')] -%}
    {%- set declared = [] -%}
    {%- if execute -%}
        {%- set node = graph.sources.values()
            | selectattr('loader', 'equalto', 'generator')
            | selectattr('identifier', 'equalto', model.identifier) | first -%}
        {%- set declared = node.columns.values() -%}
    {%- endif -%}
    {%- for column in declared -%}
        {%- if column.data_type.startswith('decimal') -%}
            {%- do measures.append(('sum', column.name, 'sum(' ~ column.name ~ ')')) -%}
        {%- elif column.data_type == 'date' -%}
            {%- do measures.append(('min', column.name, 'min(' ~ column.name ~ ')')) -%}
            {%- do measures.append(('max', column.name, 'max(' ~ column.name ~ ')')) -%}
        {%- endif -%}
    {%- endfor %}

with aggregated as (
    select
    {%- for measure, column, expression in measures %}
        {{ expression }} as m{{ loop.index }}{{ ',' if not loop.last }}
    {%- endfor %}
    from {{ model }}
),

actual as (
    {%- for measure, column, expression in measures %}
    select
        '{{ measure }}' as measure,
        '{{ column }}' as column_name,
        coalesce(cast(m{{ loop.index }} as {{ dbt.type_string() }}), 'null') as actual_value
    from aggregated
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

expected as (
    select measure, column_name, expected_value
    from {{ source('raw', 'control_totals') }}
    where table_name = '{{ model.identifier }}'
)

select
    coalesce(expected.measure, actual.measure) as measure,
    coalesce(expected.column_name, actual.column_name) as column_name,
    expected.expected_value,
    actual.actual_value
from expected
full outer join actual
    on expected.measure = actual.measure and expected.column_name = actual.column_name
where
    expected.expected_value is null
    or actual.actual_value is null
    or expected.expected_value != actual.actual_value
{% endtest %}
