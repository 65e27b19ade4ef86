-- Brinson-Fachler attribution of every portfolio's excess return over its benchmark, per
-- reporting period (those of fct_performance_periods), segmentation and segment (the asset
-- classes, or the sectors (doc sector_segments), and the weightless trading and fees
-- segments in both): daily allocation, selection and interaction effects (doc
-- brinson_fachler) from the daily segment weights and returns of the portfolio and its
-- benchmark, linked over the period by Carino's method (doc carino_linking), so that they
-- sum over each segmentation's segments to the period's excess return; attribution_residual
-- shows the difference. The days are summed per block (int_performance_blocks) and the
-- blocks per period. Periods without a benchmark return on every day have no rows.
-- A segment the benchmark holds and the portfolio does not has only the allocation effect
-- -W (b - B) on that day; so allocation is summed in two parts: w (b - B), with selection and
-- interaction, on the portfolio's segment rows, and -W (b - B), the benchmark's part, on
-- every day of the portfolio whether it holds the segment or not, summed per block straight
-- from the benchmark's segments, without a row per portfolio, day and segment (at 1,000
-- clients 38 million pairs of a portfolio-day and a benchmark segment, most of them segments
-- the portfolio holds as well). Rows are keyed by integers until the end - the segment
-- (int_attribution_segments) and the benchmark (macro benchmark_keys) - and their codes are
-- joined onto the mart's rows.
with benchmark_keys as (
    {{ benchmark_keys() }}
),

day_count as (
    select max(trading_day_index) + 1 as trading_day_count
    from {{ ref('int_trading_days') }}
),

segment_count as (
    select max(segment_key) + 1 as segment_count
    from {{ ref('int_attribution_segments') }}
),

portfolio_days as (
    -- benchmark_day_key: the benchmark's day, (benchmark_key * day_count + trading_day_index)
    -- * segment_count, to which a segment's key adds to find the benchmark's segment
    select
        daily_returns.portfolio_id,
        daily_returns.return_date,
        benchmark_keys.benchmark_key,
        daily_returns.benchmark_return,
        blocks.block_start_date,
        (benchmark_keys.benchmark_key * day_count.trading_day_count + days.trading_day_index)
        * segment_count.segment_count as benchmark_day_key,
        {{ carino_factor('daily_returns.daily_return', 'daily_returns.benchmark_return') }} as carino_factor
    from {{ ref('fct_portfolio_returns_daily') }} as daily_returns
    inner join benchmark_keys
        on daily_returns.benchmark_code = benchmark_keys.benchmark_code
    inner join {{ ref('int_trading_days') }} as days
        on daily_returns.return_date = days.trading_date
    inner join {{ ref('int_performance_blocks') }} as blocks
        on daily_returns.return_date = blocks.trading_date
    cross join day_count
    cross join segment_count
    where daily_returns.daily_return is not null and daily_returns.benchmark_return is not null
),

benchmark_segments as (
    -- benchmark_segment_key: the benchmark's day's key plus the segment's
    select
        benchmark_segments.segment_weight,
        benchmark_segments.segment_return,
        segments.segment_key,
        (benchmark_keys.benchmark_key * day_count.trading_day_count + days.trading_day_index)
        * segment_count.segment_count as benchmark_day_key,
        (benchmark_keys.benchmark_key * day_count.trading_day_count + days.trading_day_index)
        * segment_count.segment_count + segments.segment_key as benchmark_segment_key
    from {{ ref('int_benchmark_segment_returns_daily') }} as benchmark_segments
    inner join benchmark_keys
        on benchmark_segments.benchmark_code = benchmark_keys.benchmark_code
    inner join {{ ref('int_trading_days') }} as days
        on benchmark_segments.return_date = days.trading_date
    inner join {{ ref('int_attribution_segments') }} as segments
        on
            benchmark_segments.segmentation = segments.segmentation
            and benchmark_segments.segment_code = segments.segment_code
    cross join day_count
    cross join segment_count
),

{%- set bf_columns = [
    'segments.beginning_weight',
    'segments.contribution',
    'coalesce(benchmark_segments.segment_weight, 0e0)',
    'benchmark_segments.segment_return',
    'portfolio_days.benchmark_return',
] %}

portfolio_effects as (
    -- each segment the portfolio holds or earns on, on each of its days: its effects scaled
    -- by Carino's coefficient, allocation without the benchmark's part
    select
        portfolio_days.portfolio_id,
        portfolio_days.return_date,
        portfolio_days.block_start_date,
        portfolio_days.benchmark_key,
        segments.segment_key,
        segments.beginning_weight as portfolio_weight,
        0e0 as benchmark_weight,
        portfolio_days.carino_factor * {{ brinson_fachler_effect('allocation_portfolio_part', *bf_columns) }}
            as allocation_part,
        portfolio_days.carino_factor * {{ brinson_fachler_effect('selection', *bf_columns) }} as selection_part,
        portfolio_days.carino_factor * {{ brinson_fachler_effect('interaction', *bf_columns) }} as interaction_part
    from {{ ref('int_portfolio_segment_returns_daily') }} as segments
    inner join portfolio_days
        on segments.portfolio_id = portfolio_days.portfolio_id and segments.return_date = portfolio_days.return_date
    left join benchmark_segments
        on portfolio_days.benchmark_day_key + segments.segment_key = benchmark_segments.benchmark_segment_key
),

benchmark_blocks as (
    -- the benchmark's weight and allocation part of each segment it holds, summed over each
    -- block's days of each portfolio
    select
        portfolio_days.portfolio_id,
        max(portfolio_days.return_date) as return_date,
        portfolio_days.block_start_date,
        max(portfolio_days.benchmark_key) as benchmark_key,
        benchmark_segments.segment_key,
        0e0 as portfolio_weight,
        sum(benchmark_segments.segment_weight) as benchmark_weight,
        sum(
            portfolio_days.carino_factor * {{ brinson_fachler_effect(
                'allocation_benchmark_part',
                '0e0',
                '0e0',
                'benchmark_segments.segment_weight',
                'benchmark_segments.segment_return',
                'portfolio_days.benchmark_return',
            ) }}
        ) as allocation_part,
        0e0 as selection_part,
        0e0 as interaction_part
    from portfolio_days
    inner join benchmark_segments
        on portfolio_days.benchmark_day_key = benchmark_segments.benchmark_day_key
    where benchmark_segments.segment_weight != 0
    group by portfolio_days.portfolio_id, portfolio_days.block_start_date, benchmark_segments.segment_key
),

effect_parts as (
    -- the portfolio's segments, and the benchmark's; a segment neither side holds nor earns
    -- on has no effect: no row
    select
        portfolio_id,
        return_date,
        block_start_date,
        benchmark_key,
        segment_key,
        portfolio_weight,
        benchmark_weight,
        allocation_part,
        selection_part,
        interaction_part
    from portfolio_effects
    union all
    select
        portfolio_id,
        return_date,
        block_start_date,
        benchmark_key,
        segment_key,
        portfolio_weight,
        benchmark_weight,
        allocation_part,
        selection_part,
        interaction_part
    from benchmark_blocks
),

{{ linked_period_sums(
    'effect_parts',
    group_columns=['segment_key'],
    max_columns=['benchmark_key'],
    sums={
        'portfolio_weight_sum': 'portfolio_weight',
        'benchmark_weight_sum': 'benchmark_weight',
        'allocation_sum': 'allocation_part',
        'selection_sum': 'selection_part',
        'interaction_sum': 'interaction_part',
    },
) }},

linked_effects as (
    -- the sums over the days divided by the period's Carino coefficient
    select
        period_sums.period_key,
        period_sums.benchmark_key,
        period_sums.segment_key,
        stats.return_days,
        stats.time_weighted_return as portfolio_return,
        stats.benchmark_return,
        stats.excess_return,
        period_sums.portfolio_weight_sum / stats.return_days as average_portfolio_weight,
        period_sums.benchmark_weight_sum / stats.return_days as average_benchmark_weight,
        {%- set period_factor = carino_factor('stats.time_weighted_return', 'stats.benchmark_return') %}
        {{ attribution_round('period_sums.allocation_sum / (' ~ period_factor ~ ')') }} as allocation_effect,
        {{ attribution_round('period_sums.selection_sum / (' ~ period_factor ~ ')') }} as selection_effect,
        {{ attribution_round('period_sums.interaction_sum / (' ~ period_factor ~ ')') }} as interaction_effect
    from period_sums
    inner join {{ ref('int_performance_return_stats') }} as stats
        on period_sums.period_key = stats.period_key
    where stats.benchmark_return is not null
),

segment_totals as (
    select
        linked_effects.*,
        segments.segmentation,
        {{ attribution_round('allocation_effect + selection_effect + interaction_effect') }} as total_effect
    from linked_effects
    inner join {{ ref('int_attribution_segments') }} as segments
        on linked_effects.segment_key = segments.segment_key
),

segmentation_totals as (
    -- the sum of each segmentation's effects in a period (an aggregate and a join cost less
    -- than a window over the 3.8 million rows of 1,000 clients)
    select
        period_key,
        segmentation,
        sum(total_effect) as total_effect
    from segment_totals
    group by period_key, segmentation
),

segment_residuals as (
    select
        segment_totals.*,
        segment_totals.excess_return - segmentation_totals.total_effect as attribution_residual
    from segment_totals
    inner join segmentation_totals
        on
            segment_totals.period_key = segmentation_totals.period_key
            and segment_totals.segmentation = segmentation_totals.segmentation
)

select
    cast(periods.entity_id as bigint) as portfolio_id,
    cast(periods.period_code as string) as period_code,
    cast(periods.period_start_date as date) as period_start_date,
    cast(periods.period_end_date as date) as period_end_date,
    cast(periods.anchor_date as date) as anchor_date,
    cast(periods.is_partial_period as boolean) as is_partial_period,
    cast(periods.currency_code as string) as currency_code,
    cast(benchmark_keys.benchmark_code as string) as benchmark_code,
    cast(segments.segmentation as string) as segmentation,
    cast(segments.segment_code as string) as segment_code,
    cast(segments.segment_kind as string) as segment_kind,
    cast(segment_residuals.return_days as integer) as return_days,
    cast(segment_residuals.average_portfolio_weight as double) as average_portfolio_weight,
    cast(segment_residuals.average_benchmark_weight as double) as average_benchmark_weight,
    cast(segment_residuals.allocation_effect as double) as allocation_effect,
    cast(segment_residuals.selection_effect as double) as selection_effect,
    cast(segment_residuals.interaction_effect as double) as interaction_effect,
    cast(segment_residuals.total_effect as double) as total_effect,
    cast(segment_residuals.portfolio_return as double) as portfolio_return,
    cast(segment_residuals.benchmark_return as double) as benchmark_return,
    cast(segment_residuals.excess_return as double) as excess_return,
    cast(segment_residuals.attribution_residual as double) as attribution_residual
from segment_residuals
inner join portfolio_periods as periods
    on segment_residuals.period_key = periods.period_key
inner join {{ ref('int_attribution_segments') }} as segments
    on segment_residuals.segment_key = segments.segment_key
inner join benchmark_keys
    on segment_residuals.benchmark_key = benchmark_keys.benchmark_key
