-- Every group day with a return (fct_group_returns_daily) is split into segments whose
-- contributions sum to the day's return and whose asset classes' beginning weights sum to 1,
-- and every group day with a benchmark return into benchmark segments whose weights sum to 1
-- and whose contributions sum to it; no other day has segments.
with segment_sums as (
    select
        entity_type,
        entity_id,
        return_date,
        sum(contribution) as contribution,
        sum(beginning_weight) as beginning_weight
    from {{ ref('int_group_segment_returns_daily') }}
    group by entity_type, entity_id, return_date
),

benchmark_sums as (
    select
        entity_type,
        entity_id,
        return_date,
        sum(contribution) as contribution,
        sum(segment_weight) as segment_weight
    from {{ ref('int_group_benchmark_segment_returns_daily') }}
    group by entity_type, entity_id, return_date
),

group_days as (
    select
        entity_type,
        entity_id,
        return_date,
        daily_return,
        benchmark_return
    from {{ ref('fct_group_returns_daily') }}
    where daily_return is not null or benchmark_return is not null
)

select
    group_days.daily_return,
    group_days.benchmark_return,
    segment_sums.contribution,
    segment_sums.beginning_weight,
    benchmark_sums.contribution as benchmark_contribution,
    benchmark_sums.segment_weight as benchmark_weight,
    coalesce(group_days.entity_type, segment_sums.entity_type, benchmark_sums.entity_type) as entity_type,
    coalesce(group_days.entity_id, segment_sums.entity_id, benchmark_sums.entity_id) as entity_id,
    coalesce(group_days.return_date, segment_sums.return_date, benchmark_sums.return_date) as return_date
from group_days
full outer join segment_sums
    on
        group_days.entity_type = segment_sums.entity_type
        and group_days.entity_id = segment_sums.entity_id
        and group_days.return_date = segment_sums.return_date
full outer join benchmark_sums
    on
        coalesce(group_days.entity_type, segment_sums.entity_type) = benchmark_sums.entity_type
        and coalesce(group_days.entity_id, segment_sums.entity_id) = benchmark_sums.entity_id
        and coalesce(group_days.return_date, segment_sums.return_date) = benchmark_sums.return_date
where
    (group_days.daily_return is null) != (segment_sums.entity_id is null)
    or (group_days.benchmark_return is null) != (benchmark_sums.entity_id is null)
    or abs(segment_sums.contribution - group_days.daily_return) > {{ var('attribution_tolerance') }}
    or abs(segment_sums.beginning_weight - 1) > {{ var('attribution_tolerance') }}
    or abs(benchmark_sums.contribution - group_days.benchmark_return) > {{ var('attribution_tolerance') }}
    or abs(benchmark_sums.segment_weight - 1) > {{ var('attribution_tolerance') }}
