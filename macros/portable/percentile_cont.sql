{#- The continuous percentile of a group (linear interpolation between the two nearest
    ranks, numpy's default), `fraction` between 0 and 1. -#}
{% macro percentile_cont(expression, fraction) %}
    {{- return(adapter.dispatch('percentile_cont', 'wealth_warehouse')(expression, fraction)) -}}
{% endmacro %}

{% macro default__percentile_cont(expression, fraction) -%}
    quantile_cont({{ expression }}, {{ fraction }})
{%- endmacro %}

{% macro spark__percentile_cont(expression, fraction) -%}
    percentile({{ expression }}, {{ fraction }})
{%- endmacro %}
