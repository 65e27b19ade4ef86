{#- Brinson-Fachler effects of a segment on a day (doc brinson_fachler) from the portfolio's
    weight w and contribution c, the benchmark's weight bw and segment return br (null where
    the benchmark has none: measured against the benchmark's total return b), and b. One of
    'allocation', 'selection' or 'interaction'. -#}
{% macro brinson_fachler_effect(effect, w, c, bw, br, b) -%}
    {%- set segment_benchmark = 'coalesce(' ~ br ~ ', ' ~ b ~ ')' -%}
    {%- if effect == 'allocation' -%}
        ({{ w }} - {{ bw }}) * ({{ segment_benchmark }} - {{ b }})
    {%- elif effect == 'selection' -%}
        case when {{ w }} = 0 then {{ c }} else {{ bw }} * ({{ c }} / {{ w }} - {{ segment_benchmark }}) end
    {%- elif effect == 'interaction' -%}
        case when {{ w }} = 0 then 0e0 else ({{ w }} - {{ bw }}) * ({{ c }} / {{ w }} - {{ segment_benchmark }}) end
    {%- else -%}
        {{ exceptions.raise_compiler_error('brinson_fachler_effect: unknown effect ' ~ effect) }}
    {%- endif -%}
{%- endmacro %}
