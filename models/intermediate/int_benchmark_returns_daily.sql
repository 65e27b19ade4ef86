-- Daily return of every benchmark from its index levels, against the previous trading day's level.
with levels as (
    select
        benchmark_code,
        level_date,
        index_level,
        lag(index_level) over (partition by benchmark_code order by level_date) as previous_level
    from {{ ref('stg_benchmark_levels') }}
)

select
    benchmark_code,
    level_date,
    index_level,
    index_level / previous_level - 1 as benchmark_return
from levels
