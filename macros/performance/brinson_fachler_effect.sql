{#- Brinson-Fachler effects of a segment on a day (doc brinson_fachler) from the portfolio's
    weight w and contribution c, the benchmark's weight bw and segment return br (null where
    the benchmark has none: measured against the benchmark's total return b), and b. One of
    'allocation', 'selection' or 'interaction', or allocation's two parts, whose sum it is:
    'allocation_portfolio_part', w (br - b), and 'allocation_benchmark_part', -bw (br - b),
    which fct_performance_attribution sums apart (the benchmark's part accrues on every day of
    the portfolio, whether it holds the segment or not). -#}
{% macro brinson_fachler_effect(effect, w, c, bw, br, b) -%}
    {%- set segment_benchmark = 'coalesce(' ~ br ~ ', ' ~ b ~ ')' -%}
    {%- if effect == 'allocation' -%}
        ({{ w }} - {{ bw }}) * ({{ segment_benchmark }} - {{ b }})
    {%- elif effect == 'allocation_portfolio_part' -%}
        {{ w }} * ({{ segment_benchmark }} - {{ b }})
    {%- elif effect == 'allocation_benchmark_part' -%}
        -({{ bw }}) * ({{ segment_benchmark }} - {{ b }})
    {%- elif effect == 'selection' -%}
        case when {{ w }} = 0 then {{ c }} else {{ bw }} * ({{ c }} / {{ w }} - {{ segment_benchmark }}) end
    {%- elif effect == 'interaction' -%}
        case when {{ w }} = 0 then 0e0 else ({{ w }} - {{ bw }}) * ({{ c }} / {{ w }} - {{ segment_benchmark }}) end
    {%- else -%}
        {{ exceptions.raise_compiler_error('brinson_fachler_effect: unknown effect ' ~ effect) }}
    {%- endif -%}
{%- endmacro %}
