-- Brinson-Fachler attribution of every portfolio's excess return over its benchmark, per
-- reporting period (those of fct_performance_periods), segmentation and segment (the asset
-- classes, or the sectors (doc sector_segments), and the weightless trading and fees
-- segments in both): daily allocation, selection and interaction effects (doc
-- brinson_fachler) from the daily segment weights and returns of the portfolio and its
-- benchmark, linked over the period by Carino's method (doc carino_linking), so that they
-- sum over each segmentation's segments to the period's excess return; attribution_residual
-- shows the difference. The days are summed per block (int_performance_blocks) and the
-- blocks per period. Periods without a benchmark return on every day have no rows.
with portfolio_days as (
    select
        daily_returns.portfolio_id,
        daily_returns.return_date,
        daily_returns.benchmark_code,
        daily_returns.benchmark_return,
        blocks.block_start_date,
        {{ carino_factor('daily_returns.daily_return', 'daily_returns.benchmark_return') }} as carino_factor
    from {{ ref('fct_portfolio_returns_daily') }} as daily_returns
    inner join {{ ref('int_performance_blocks') }} as blocks
        on daily_returns.return_date = blocks.trading_date
    where daily_returns.daily_return is not null and daily_returns.benchmark_return is not null
),

segment_sides as (
    -- the portfolio's segments, and its benchmark's on each of its days
    select
        portfolio_id,
        return_date,
        segmentation,
        segment_code,
        segment_kind,
        beginning_weight as portfolio_weight,
        contribution as portfolio_contribution,
        0e0 as benchmark_weight,
        cast(null as double) as benchmark_segment_return
    from {{ ref('int_portfolio_segment_returns_daily') }}
    union all
    select
        portfolio_days.portfolio_id,
        portfolio_days.return_date,
        benchmark_segments.segmentation,
        benchmark_segments.segment_code,
        benchmark_segments.segment_kind,
        0e0 as portfolio_weight,
        0e0 as portfolio_contribution,
        benchmark_segments.segment_weight as benchmark_weight,
        benchmark_segments.segment_return as benchmark_segment_return
    from portfolio_days
    inner join {{ ref('int_benchmark_segment_returns_daily') }} as benchmark_segments
        on
            portfolio_days.benchmark_code = benchmark_segments.benchmark_code
            and portfolio_days.return_date = benchmark_segments.return_date
),

segment_days as (
    -- a segment neither side holds nor earns on has no effect: no row
    select
        portfolio_id,
        return_date,
        segmentation,
        segment_code,
        max(segment_kind) as segment_kind,
        sum(portfolio_weight) as portfolio_weight,
        sum(portfolio_contribution) as portfolio_contribution,
        sum(benchmark_weight) as benchmark_weight,
        max(benchmark_segment_return) as benchmark_segment_return
    from segment_sides
    group by portfolio_id, return_date, segmentation, segment_code
    having sum(portfolio_weight) != 0 or sum(portfolio_contribution) != 0 or sum(benchmark_weight) != 0
),

segment_returns as (
    select
        segment_days.*,
        portfolio_days.benchmark_code,
        portfolio_days.benchmark_return,
        portfolio_days.block_start_date,
        portfolio_days.carino_factor
    from segment_days
    inner join portfolio_days
        on
            segment_days.portfolio_id = portfolio_days.portfolio_id
            and segment_days.return_date = portfolio_days.return_date
),

{%- set bf_columns = [
    'portfolio_weight', 'portfolio_contribution', 'benchmark_weight', 'benchmark_segment_return', 'benchmark_return',
] %}

daily_effects as (
    select
        portfolio_id,
        return_date,
        segmentation,
        segment_code,
        segment_kind,
        portfolio_weight,
        benchmark_weight,
        benchmark_code,
        block_start_date,
        carino_factor,
        {{ brinson_fachler_effect('allocation', *bf_columns) }} as allocation_effect,
        {{ brinson_fachler_effect('selection', *bf_columns) }} as selection_effect,
        {{ brinson_fachler_effect('interaction', *bf_columns) }} as interaction_effect
    from segment_returns
),

{{ linked_period_sums(
    'daily_effects',
    group_columns=['segmentation', 'segment_code'],
    max_columns=['segment_kind', 'benchmark_code'],
    sums={
        'portfolio_weight_sum': 'portfolio_weight',
        'benchmark_weight_sum': 'benchmark_weight',
        'allocation_sum': 'carino_factor * allocation_effect',
        'selection_sum': 'carino_factor * selection_effect',
        'interaction_sum': 'carino_factor * interaction_effect',
    },
) }},

linked_effects as (
    -- the sums over the days divided by the period's Carino coefficient
    select
        periods.entity_id as portfolio_id,
        periods.period_code,
        periods.period_start_date,
        periods.period_end_date,
        periods.anchor_date,
        periods.is_partial_period,
        periods.currency_code,
        period_sums.benchmark_code,
        period_sums.segmentation,
        period_sums.segment_code,
        period_sums.segment_kind,
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
    inner join portfolio_periods as periods
        on period_sums.period_key = periods.period_key
    inner join {{ ref('int_performance_return_stats') }} as stats
        on period_sums.period_key = stats.period_key
    where stats.benchmark_return is not null
),

segment_totals as (
    select
        *,
        {{ attribution_round('allocation_effect + selection_effect + interaction_effect') }} as total_effect
    from linked_effects
)

select
    cast(portfolio_id as bigint) as portfolio_id,
    cast(period_code as string) as period_code,
    cast(period_start_date as date) as period_start_date,
    cast(period_end_date as date) as period_end_date,
    cast(anchor_date as date) as anchor_date,
    cast(is_partial_period as boolean) as is_partial_period,
    cast(currency_code as string) as currency_code,
    cast(benchmark_code as string) as benchmark_code,
    cast(segmentation as string) as segmentation,
    cast(segment_code as string) as segment_code,
    cast(segment_kind as string) as segment_kind,
    cast(return_days as integer) as return_days,
    cast(average_portfolio_weight as double) as average_portfolio_weight,
    cast(average_benchmark_weight as double) as average_benchmark_weight,
    cast(allocation_effect as double) as allocation_effect,
    cast(selection_effect as double) as selection_effect,
    cast(interaction_effect as double) as interaction_effect,
    cast(total_effect as double) as total_effect,
    cast(portfolio_return as double) as portfolio_return,
    cast(benchmark_return as double) as benchmark_return,
    cast(excess_return as double) as excess_return,
    cast(
        excess_return - sum(total_effect) over (
            partition by portfolio_id, period_code, period_start_date, segmentation
        ) as double
    ) as attribution_residual
from segment_totals
