{#- ln(1 + benchmark return) on a day the entity has a return of its own, else 0: the day's
    growth of the benchmark's index in logs over the same days as the entity's log_wealth,
    so that a period's benchmark return is exp(end - anchor) - 1, as in
    int_performance_return_stats. -#}
{% macro benchmark_log_growth(daily_return, benchmark_return) -%}
    case
        when {{ daily_return }} is not null and {{ benchmark_return }} is not null
            then ln(1 + {{ benchmark_return }})
        else 0
    end
{%- endmacro %}
