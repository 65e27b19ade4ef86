-- Every benchmark day with a return is split into segments whose weights sum to 1 and whose
-- contributions sum to the return of the levels.
with segment_sums as (
    select
        benchmark_code,
        return_date,
        sum(segment_weight) as segment_weight,
        sum(contribution) as contribution
    from {{ ref('int_benchmark_segment_returns_daily') }}
    group by benchmark_code, return_date
),

benchmark_returns as (
    select
        benchmark_code,
        level_date as return_date,
        benchmark_return
    from {{ ref('int_benchmark_returns_daily') }}
    where benchmark_return is not null
)

select
    benchmark_returns.benchmark_return,
    segment_sums.contribution,
    segment_sums.segment_weight,
    coalesce(benchmark_returns.benchmark_code, segment_sums.benchmark_code) as benchmark_code,
    coalesce(benchmark_returns.return_date, segment_sums.return_date) as return_date
from benchmark_returns
full outer join segment_sums
    on
        benchmark_returns.benchmark_code = segment_sums.benchmark_code
        and benchmark_returns.return_date = segment_sums.return_date
where
    benchmark_returns.benchmark_code is null
    or segment_sums.benchmark_code is null
    or abs(segment_sums.contribution - benchmark_returns.benchmark_return) > {{ var('attribution_tolerance') }}
    or abs(segment_sums.segment_weight - 1) > {{ var('attribution_tolerance') }}
