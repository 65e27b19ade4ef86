-- Contribution to return of every group (households, advisor books and the firm, in the
-- reporting currency; fct_group_returns_daily), per reporting period (those of
-- fct_performance_periods for groups) and segment (doc group_segment_returns): each day's
-- contributions (profit over the group's capital at work, summing to the day's return) linked
-- over the period by Carino's method against a zero benchmark (doc carino_linking), so that
-- they sum over the segments to the period's time-weighted return; contribution_residual shows
-- the difference. currency_contribution, linked the same way, is the part of a segment's
-- contribution from the move of its portfolios' base currencies against the reporting
-- currency.
with group_days as (
    select
        daily_returns.entity_type,
        daily_returns.entity_id,
        daily_returns.return_date,
        blocks.block_start_date,
        {{ carino_factor('daily_returns.daily_return', '0e0') }} as carino_factor
    from {{ ref('fct_group_returns_daily') }} as daily_returns
    inner join {{ ref('int_performance_blocks') }} as blocks
        on daily_returns.return_date = blocks.trading_date
    where daily_returns.daily_return is not null
),

daily_contributions as (
    select
        segments.entity_type,
        segments.entity_id,
        segments.return_date,
        segments.segment_code,
        segments.segment_kind,
        segments.beginning_weight,
        segments.contribution,
        segments.currency_contribution,
        group_days.block_start_date,
        group_days.carino_factor
    from {{ ref('int_group_segment_returns_daily') }} as segments
    inner join group_days
        on
            segments.entity_type = group_days.entity_type
            and segments.entity_id = group_days.entity_id
            and segments.return_date = group_days.return_date
),

{{ linked_period_sums(
    'daily_contributions',
    group_columns=['segment_code'],
    max_columns=['segment_kind'],
    sums={
        'weight_sum': 'beginning_weight',
        'contribution_sum': 'carino_factor * contribution',
        'currency_sum': 'carino_factor * currency_contribution',
    },
    entities='group',
) }},

linked_contributions as (
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
        period_sums.weight_sum / stats.return_days as average_weight,
        {%- set period_factor = carino_factor('stats.time_weighted_return', '0e0') %}
        {{ attribution_round('period_sums.contribution_sum / (' ~ period_factor ~ ')') }} as contribution,
        {{ attribution_round('period_sums.currency_sum / (' ~ period_factor ~ ')') }} as currency_contribution
    from period_sums
    inner join group_periods as periods
        on period_sums.period_key = periods.period_key
    inner join {{ ref('int_performance_return_stats') }} as stats
        on period_sums.period_key = stats.period_key
    where stats.time_weighted_return is not null
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
    cast(average_weight as double) as average_weight,
    cast(contribution as double) as contribution,
    cast(currency_contribution as double) as currency_contribution,
    cast(group_return as double) as group_return,
    cast(
        group_return
        - sum(contribution) over (partition by entity_type, entity_id, period_code, period_start_date) as double
    ) as contribution_residual
from linked_contributions
