{#- The body of a common table expression of every benchmark (seed benchmarks) with a small
    integer key, its code's rank: the attribution's working rows carry the key instead of the
    code, and the largest key is the largest code, so that max() of keys is max() of codes. -#}
{% macro benchmark_keys() -%}
    select
        benchmark_code,
        dense_rank() over (order by benchmark_code) as benchmark_key
    from {{ ref('benchmarks') }}
{%- endmacro %}
