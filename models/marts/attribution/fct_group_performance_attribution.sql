-- Brinson-Fachler attribution of every group's excess return over its benchmark (households,
-- advisor books and the firm, in the reporting currency; fct_group_returns_daily), per
-- reporting period (those of fct_performance_periods for groups) and segment, with a
-- currency effect: each day, a segment's contribution in the reporting currency splits into
-- the part from its portfolios' base-currency returns and currency_contribution, the move of
-- the base currencies against the reporting currency (doc group_segment_returns); the
-- benchmark is a blend of local-currency universes, so currency_contribution is all active
-- (the currency effect) and the Brinson-Fachler effects (doc brinson_fachler) are those of
-- the rest. Linked over the period by Carino's method (doc carino_linking), the effects sum
-- over the segments to the period's excess return; attribution_residual shows the
-- difference. Periods without a benchmark return on every day have no rows.
with group_days as (
    select
        daily_returns.entity_type,
        daily_returns.entity_id,
        daily_returns.return_date,
        daily_returns.benchmark_return,
        blocks.block_start_date,
        {{ carino_factor('daily_returns.daily_return', 'daily_returns.benchmark_return') }} as carino_factor
    from {{ ref('fct_group_returns_daily') }} as daily_returns
    inner join {{ ref('int_performance_blocks') }} as blocks
        on daily_returns.return_date = blocks.trading_date
    where daily_returns.daily_return is not null and daily_returns.benchmark_return is not null
),

segment_days as (
    -- the group's segments beside its benchmark's (one row each from either side, matched by
    -- a join rather than grouped: at 10,000 clients both sides have 68 million rows); a
    -- segment neither side holds nor earns on has no effect: no row
    select
        benchmark_segments.segment_return as benchmark_segment_return,
        coalesce(group_segments.entity_type, benchmark_segments.entity_type) as entity_type,
        coalesce(group_segments.entity_id, benchmark_segments.entity_id) as entity_id,
        coalesce(group_segments.return_date, benchmark_segments.return_date) as return_date,
        coalesce(group_segments.segment_code, benchmark_segments.segment_code) as segment_code,
        coalesce(group_segments.segment_kind, 'asset_class') as segment_kind,
        coalesce(group_segments.beginning_weight, 0e0) as group_weight,
        coalesce(group_segments.contribution - group_segments.currency_contribution, 0e0) as local_contribution,
        coalesce(group_segments.currency_contribution, 0e0) as currency_contribution,
        coalesce(benchmark_segments.segment_weight, 0e0) as benchmark_weight
    from {{ ref('int_group_segment_returns_daily') }} as group_segments
    full outer join {{ ref('int_group_benchmark_segment_returns_daily') }} as benchmark_segments
        on
            group_segments.entity_type = benchmark_segments.entity_type
            and group_segments.entity_id = benchmark_segments.entity_id
            and group_segments.return_date = benchmark_segments.return_date
            and group_segments.segment_code = benchmark_segments.segment_code
    where
        group_segments.beginning_weight != 0
        or group_segments.contribution != 0
        or group_segments.currency_contribution != 0
        or benchmark_segments.segment_weight != 0
),

segment_returns as (
    select
        segment_days.*,
        group_days.benchmark_return,
        group_days.block_start_date,
        group_days.carino_factor
    from segment_days
    inner join group_days
        on
            segment_days.entity_type = group_days.entity_type
            and segment_days.entity_id = group_days.entity_id
            and segment_days.return_date = group_days.return_date
),

{%- set bf_columns = [
    'group_weight', 'local_contribution', 'benchmark_weight', 'benchmark_segment_return', 'benchmark_return',
] %}

daily_effects as (
    select
        entity_type,
        entity_id,
        return_date,
        segment_code,
        segment_kind,
        group_weight,
        benchmark_weight,
        block_start_date,
        carino_factor,
        currency_contribution as currency_effect,
        {{ brinson_fachler_effect('allocation', *bf_columns) }} as allocation_effect,
        {{ brinson_fachler_effect('selection', *bf_columns) }} as selection_effect,
        {{ brinson_fachler_effect('interaction', *bf_columns) }} as interaction_effect
    from segment_returns
),

{{ linked_period_sums(
    'daily_effects',
    group_columns=['segment_code'],
    max_columns=['segment_kind'],
    sums={
        'group_weight_sum': 'group_weight',
        'benchmark_weight_sum': 'benchmark_weight',
        'allocation_sum': 'carino_factor * allocation_effect',
        'selection_sum': 'carino_factor * selection_effect',
        'interaction_sum': 'carino_factor * interaction_effect',
        'currency_sum': 'carino_factor * currency_effect',
    },
    entities='group',
) }},

linked_effects as (
    -- the sums over the days divided by the period's Carino coefficient
    select
        periods.entity_type,
        periods.entity_id,
        periods.period_code,
        periods.period_start_date,
        periods.period_end_date,
        periods.anchor_date,
        periods.is_partial_period,
        periods.currency_code,
        period_sums.segment_code,
        period_sums.segment_kind,
        stats.return_days,
        stats.time_weighted_return as group_return,
        stats.benchmark_return,
        stats.excess_return,
        period_sums.group_weight_sum / stats.return_days as average_group_weight,
        period_sums.benchmark_weight_sum / stats.return_days as average_benchmark_weight,
        {%- set period_factor = carino_factor('stats.time_weighted_return', 'stats.benchmark_return') %}
        {{ attribution_round('period_sums.allocation_sum / (' ~ period_factor ~ ')') }} as allocation_effect,
        {{ attribution_round('period_sums.selection_sum / (' ~ period_factor ~ ')') }} as selection_effect,
        {{ attribution_round('period_sums.interaction_sum / (' ~ period_factor ~ ')') }} as interaction_effect,
        {{ attribution_round('period_sums.currency_sum / (' ~ period_factor ~ ')') }} as currency_effect
    from period_sums
    inner join group_periods as periods
        on period_sums.period_key = periods.period_key
    inner join {{ ref('int_performance_return_stats') }} as stats
        on period_sums.period_key = stats.period_key
    where stats.benchmark_return is not null
),

segment_totals as (
    select
        *,
        {{ attribution_round('allocation_effect + selection_effect + interaction_effect + currency_effect') }}
            as total_effect
    from linked_effects
)

select
    cast(entity_type as string) as entity_type,
    cast(entity_id as bigint) as entity_id,
    cast(period_code as string) as period_code,
    cast(period_start_date as date) as period_start_date,
    cast(period_end_date as date) as period_end_date,
    cast(anchor_date as date) as anchor_date,
    cast(is_partial_period as boolean) as is_partial_period,
    cast(currency_code as string) as currency_code,
    cast(segment_code as string) as segment_code,
    cast(segment_kind as string) as segment_kind,
    cast(return_days as integer) as return_days,
    cast(average_group_weight as double) as average_group_weight,
    cast(average_benchmark_weight as double) as average_benchmark_weight,
    cast(allocation_effect as double) as allocation_effect,
    cast(selection_effect as double) as selection_effect,
    cast(interaction_effect as double) as interaction_effect,
    cast(currency_effect as double) as currency_effect,
    cast(total_effect as double) as total_effect,
    cast(group_return as double) as group_return,
    cast(benchmark_return as double) as benchmark_return,
    cast(excess_return as double) as excess_return,
    cast(
        excess_return
        - sum(total_effect) over (partition by entity_type, entity_id, period_code, period_start_date) as double
    ) as attribution_residual
from segment_totals
