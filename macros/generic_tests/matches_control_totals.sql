{#-
  Load verification: a raw table matches the control totals the generator wrote beside it -
  its row count, the exact sum of every decimal column and the min and max of every date
  column (the types come from the source's declared columns). Fails with one row per
  measure that differs or is missing on either side (see control_total_differences; the
  loader stops on the same differences before any model runs).
-#}
{% test matches_control_totals(model) %}
    {%- set declared = [] -%}
    {%- if execute -%}
        {%- set node = graph.sources.values()
            | selectattr('loader', 'equalto', 'generator')
            | selectattr('identifier', 'equalto', model.identifier) | first -%}
        {%- set declared = node.columns.values() | list -%}
    {%- endif -%}
    {{ control_total_differences(model, declared, source('raw', 'control_totals')) }}
{% endtest %}
