{#- A rounded figure of the attribution marts: var attribution_decimal_places, and + 0 so that
    a rounded -0 is 0. -#}
{% macro attribution_round(expression) -%}
    round({{ expression }}, {{ var('attribution_decimal_places') }}) + 0
{%- endmacro %}
