-- Contribution to return of every portfolio, per reporting period (those of
-- fct_performance_periods), segmentation and segment (the asset classes, or the sectors (doc
-- sector_segments), and the weightless trading and fees segments in both; doc
-- segment_returns): each day's contributions (weight x return, summing to the day's return)
-- linked over the period by Carino's method against a zero benchmark (doc carino_linking),
-- so that they sum over each segmentation's segments to the period's time-weighted return;
-- contribution_residual shows the difference. The days are summed per block
-- (int_performance_blocks) and the blocks per period. Rows are keyed by the segment's integer
-- (int_attribution_segments) until the end, where its codes are joined.
with portfolio_days as (
    select
        daily_returns.portfolio_id,
        daily_returns.return_date,
        blocks.block_start_date,
        {{ carino_factor('daily_returns.daily_return', '0e0') }} as carino_factor
    from {{ ref('fct_portfolio_returns_daily') }} as daily_returns
    inner join {{ ref('int_performance_blocks') }} as blocks
        on daily_returns.return_date = blocks.trading_date
    where daily_returns.daily_return is not null
),

daily_contributions as (
    select
        segments.portfolio_id,
        segments.return_date,
        segments.segment_key,
        segments.beginning_weight,
        segments.contribution,
        portfolio_days.block_start_date,
        portfolio_days.carino_factor
    from {{ ref('int_portfolio_segment_returns_daily') }} as segments
    inner join portfolio_days
        on segments.portfolio_id = portfolio_days.portfolio_id and segments.return_date = portfolio_days.return_date
),

{{ linked_period_sums(
    'daily_contributions',
    group_columns=['segment_key'],
    sums={
        'weight_sum': 'beginning_weight',
        'contribution_sum': 'carino_factor * contribution',
    },
) }},

linked_contributions as (
    -- the sums over the days divided by the period's Carino coefficient
    select
        period_sums.period_key,
        period_sums.segment_key,
        segments.segmentation,
        stats.return_days,
        stats.time_weighted_return as portfolio_return,
        period_sums.weight_sum / stats.return_days as average_weight,
        {{ attribution_round(
            'period_sums.contribution_sum / (' ~ carino_factor('stats.time_weighted_return', '0e0') ~ ')'
        ) }} as contribution
    from period_sums
    inner join {{ ref('int_performance_return_stats') }} as stats
        on period_sums.period_key = stats.period_key
    inner join {{ ref('int_attribution_segments') }} as segments
        on period_sums.segment_key = segments.segment_key
    where stats.time_weighted_return is not null
),

segmentation_totals as (
    -- the sum of each segmentation's contributions in a period (an aggregate and a join cost
    -- less than a window over the rows)
    select
        period_key,
        segmentation,
        sum(contribution) as contribution
    from linked_contributions
    group by period_key, segmentation
),

segment_residuals as (
    select
        linked_contributions.*,
        linked_contributions.portfolio_return - segmentation_totals.contribution as contribution_residual
    from linked_contributions
    inner join segmentation_totals
        on
            linked_contributions.period_key = segmentation_totals.period_key
            and linked_contributions.segmentation = segmentation_totals.segmentation
)

select
    cast(periods.entity_id as bigint) as portfolio_id,
    cast(periods.period_code as string) as period_code,
    cast(periods.period_start_date as date) as period_start_date,
    cast(periods.period_end_date as date) as period_end_date,
    cast(periods.anchor_date as date) as anchor_date,
    cast(periods.is_partial_period as boolean) as is_partial_period,
    cast(periods.currency_code as string) as currency_code,
    cast(segments.segmentation as string) as segmentation,
    cast(segments.segment_code as string) as segment_code,
    cast(segments.segment_kind as string) as segment_kind,
    cast(segment_residuals.return_days as integer) as return_days,
    cast(segment_residuals.average_weight as double) as average_weight,
    cast(segment_residuals.contribution as double) as contribution,
    cast(segment_residuals.portfolio_return as double) as portfolio_return,
    cast(segment_residuals.contribution_residual as double) as contribution_residual
from segment_residuals
inner join portfolio_periods as periods
    on segment_residuals.period_key = periods.period_key
inner join {{ ref('int_attribution_segments') }} as segments
    on segment_residuals.segment_key = segments.segment_key
