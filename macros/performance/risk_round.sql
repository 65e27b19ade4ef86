{#- A rounded figure of the security contribution and risk decomposition marts: var
    risk_decimal_places (15), one more than the attribution marts keep, so that the rounding
    of even a thousand security rows stays below var attribution_tolerance in their sums; + 0
    so that a rounded -0 is 0. -#}
{% macro risk_round(expression) -%}
    round({{ expression }}, {{ var('risk_decimal_places') }}) + 0
{%- endmacro %}
