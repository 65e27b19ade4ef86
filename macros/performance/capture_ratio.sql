{#- The up (or down) capture ratio of a period, from its sums over the days the benchmark
    rose (fell): `direction`_days, `direction`_log_growth (the sum of ln(1 + r) over those
    days, total losses apart), `direction`_total_loss_days and
    `direction`_benchmark_log_growth. Each side annualised over those days alone,
    G^(days per year / n) - 1, the portfolio's over the benchmark's (empyrical's up_capture
    and down_capture); null without such days. See doc up_capture_ratio. -#}
{% macro capture_ratio(direction) -%}
    {%- set days_per_year = var('trading_days_per_year') -%}
    case
        when {{ direction }}_days > 0
            then
                case
                    when {{ direction }}_total_loss_days > 0 then cast(-1 as double)
                    else exp({{ days_per_year }} * {{ direction }}_log_growth / {{ direction }}_days) - 1
                end
                / nullif(exp({{ days_per_year }} * {{ direction }}_benchmark_log_growth / {{ direction }}_days) - 1, 0)
                + 0
    end
{%- endmacro %}
