-- Contribution to return of every portfolio, per reporting period (those of
-- fct_performance_periods), segmentation and segment (the asset classes, or the sectors (doc
-- sector_segments), and the weightless trading and fees segments in both; doc
-- segment_returns): each day's contributions (weight x return, summing to the day's return)
-- linked over the period by Carino's method against a zero benchmark (doc carino_linking),
-- so that they sum over each segmentation's segments to the period's time-weighted return;
-- contribution_residual shows the difference. The days are summed per block
-- (int_performance_blocks) and the blocks per period.
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
        segments.segmentation,
        segments.segment_code,
        segments.segment_kind,
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
    group_columns=['segmentation', 'segment_code'],
    max_columns=['segment_kind'],
    sums={
        'weight_sum': 'beginning_weight',
        'contribution_sum': 'carino_factor * contribution',
    },
) }},

linked_contributions as (
    -- the sums over the days divided by the period's Carino coefficient
    select
        periods.entity_id as portfolio_id,
        periods.period_code,
        periods.period_start_date,
        periods.period_end_date,
        periods.anchor_date,
        periods.is_partial_period,
        periods.currency_code,
        period_sums.segmentation,
        period_sums.segment_code,
        period_sums.segment_kind,
        stats.return_days,
        stats.time_weighted_return as portfolio_return,
        period_sums.weight_sum / stats.return_days as average_weight,
        {{ attribution_round(
            'period_sums.contribution_sum / (' ~ carino_factor('stats.time_weighted_return', '0e0') ~ ')'
        ) }} as contribution
    from period_sums
    inner join portfolio_periods as periods
        on period_sums.period_key = periods.period_key
    inner join {{ ref('int_performance_return_stats') }} as stats
        on period_sums.period_key = stats.period_key
    where stats.time_weighted_return is not null
)

select
    cast(portfolio_id as bigint) as portfolio_id,
    cast(period_code as string) as period_code,
    cast(period_start_date as date) as period_start_date,
    cast(period_end_date as date) as period_end_date,
    cast(anchor_date as date) as anchor_date,
    cast(is_partial_period as boolean) as is_partial_period,
    cast(currency_code as string) as currency_code,
    cast(segmentation as string) as segmentation,
    cast(segment_code as string) as segment_code,
    cast(segment_kind as string) as segment_kind,
    cast(return_days as integer) as return_days,
    cast(average_weight as double) as average_weight,
    cast(contribution as double) as contribution,
    cast(portfolio_return as double) as portfolio_return,
    cast(
        portfolio_return - sum(contribution) over (
            partition by portfolio_id, period_code, period_start_date, segmentation
        ) as double
    ) as contribution_residual
from linked_contributions
