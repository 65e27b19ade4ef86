{#-
  The measures of a loaded raw table that differ from the control totals the generator wrote
  beside it (control_totals.csv, also in manifest.json): its row count, the exact sum of every
  decimal column and the min and max of every date column (the types are the table's declared
  columns). One row per measure that differs or is missing on either side. Shared by the
  loader, which stops at a file that does not match, and the matches_control_totals test.

  Arguments:
    relation         the loaded raw table
    columns          its declared columns (the source node's column entries)
    expected         the loaded control_totals table
-#}
{% macro control_total_differences(relation, columns, expected) %}
    {%- set measures = [('row_count', '*', 'count(*)')] -%}
    {%- for column in columns -%}
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
    from {{ relation }}
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
    from {{ expected }}
    where table_name = '{{ relation.identifier }}'
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
{% endmacro %}
