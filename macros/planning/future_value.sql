{#- Value after `years` of `value` growing at the annual `rate`, plus a `contribution` paid
    at the end of every month and growing at the same rate (monthly rate (1 + rate)^(1/12) - 1;
    12 * years contributions, fractional at the end). -#}
{% macro future_value(rate, value, contribution, years) -%}
    ({{ value }} * power(1 + {{ rate }}, {{ years }})
    + {{ contribution }} * (case
        when abs(power(1 + {{ rate }}, 1.0 / 12) - 1) < 1e-12 then 12 * {{ years }}
        else (power(1 + {{ rate }}, {{ years }}) - 1) / (power(1 + {{ rate }}, 1.0 / 12) - 1)
    end))
{%- endmacro %}
