{#- ln(1 + r), the day's growth of the cumulative TWR index in logs: 0 for a day without
    a return, and var total_loss_log_growth (-1000: e^-1000 is 0 in double precision) for
    a total loss, so the index falls to 0 and stays there. -#}
{% macro log_growth(daily_return) -%}
    case
        when {{ daily_return }} > -1 then ln(1 + {{ daily_return }})
        when {{ daily_return }} <= -1 then {{ var('total_loss_log_growth') }}
        else 0
    end
{%- endmacro %}
