-- Every benchmark day with a return is split, in each segmentation (asset class, sector), into
-- segments whose weights sum to 1 and whose contributions sum to the return of the levels.
with segment_sums as (
    select
        benchmark_code,
        return_date,
        segmentation,
        sum(segment_weight) as segment_weight,
        sum(contribution) as contribution
    from {{ ref('int_benchmark_segment_returns_daily') }}
    group by benchmark_code, return_date, segmentation
),

segmentations as (
    select 'asset_class' as segmentation
    union all
    select 'sector' as segmentation
),

benchmark_returns as (
    select
        returns_daily.benchmark_code,
        returns_daily.level_date as return_date,
        segmentations.segmentation,
        returns_daily.benchmark_return
    from {{ ref('int_benchmark_returns_daily') }} as returns_daily
    cross join segmentations
    where returns_daily.benchmark_return is not null
)

select
    benchmark_returns.benchmark_return,
    segment_sums.contribution,
    segment_sums.segment_weight,
    coalesce(benchmark_returns.benchmark_code, segment_sums.benchmark_code) as benchmark_code,
    coalesce(benchmark_returns.return_date, segment_sums.return_date) as return_date,
    coalesce(benchmark_returns.segmentation, segment_sums.segmentation) as segmentation
from benchmark_returns
full outer join segment_sums
    on
        benchmark_returns.benchmark_code = segment_sums.benchmark_code
        and benchmark_returns.return_date = segment_sums.return_date
        and benchmark_returns.segmentation = segment_sums.segmentation
where
    benchmark_returns.benchmark_code is null
    or segment_sums.benchmark_code is null
    or abs(segment_sums.contribution - benchmark_returns.benchmark_return) > {{ var('attribution_tolerance') }}
    or abs(segment_sums.segment_weight - 1) > {{ var('attribution_tolerance') }}
