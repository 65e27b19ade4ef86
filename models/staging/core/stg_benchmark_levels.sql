select
    benchmark_code,
    level_date,
    cast(index_level as double) as index_level
from {{ source('raw', 'benchmark_levels') }}
