{#- Carino's linking coefficient of a return r against a benchmark return b (doc
    carino_linking): k = (ln(1 + r) - ln(1 + b)) / (r - b), 1 / (1 + r) where r = b, evaluated
    as ln(1 + u) / u / (1 + b) with u = (r - b) / (1 + b), and ln(1 + u) / u by its series
    1 - u/2 + u^2/3 - u^3/4 + u^4/5 - u^5/6 where |u| < var carino_series_threshold (there
    ln(1 + u) would lose the digits of u; the series' first omitted term, u^6/7, is then
    below 2e-19). Null when either return is -1 or below. r and b: column names. -#}
{% macro carino_factor(r, b) -%}
    {%- set u = '((' ~ r ~ ' - ' ~ b ~ ') / (1 + ' ~ b ~ '))' -%}
    case
        when {{ r }} > -1 and {{ b }} > -1
            then
                case
                    when abs({{ u }}) < {{ var('carino_series_threshold') }}
                        then
                            1 - {{ u }} * (1e0 / 2 - {{ u }} * (1e0 / 3 - {{ u }} * (
                                1e0 / 4 - {{ u }} * (1e0 / 5 - {{ u }} / 6)
                            )))
                    else ln(1 + {{ u }}) / {{ u }}
                end / (1 + {{ b }})
    end
{%- endmacro %}
