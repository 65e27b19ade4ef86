-- Contribution to return of every portfolio by security, per reporting period (those of
-- fct_performance_periods): each security's daily contributions (doc security_contribution)
-- linked over the period by Carino's method against a zero benchmark (doc carino_linking),
-- as fct_return_contribution links the asset classes', so that per period a class's
-- securities (and, for the cash class, the cash balance) sum to the class's contribution
-- there, and all the segments (securities, cash, trading, fees) to the period's
-- time-weighted return; contribution_residual shows the difference. The days come summed
-- per block (int_portfolio_security_contribution_blocks); the blocks are summed per period.
with block_keys as (
    select
        'portfolio' as entity_type,
        portfolio_id as entity_id,
        block_start_date,
        return_date,
        segment_code,
        segment_kind,
        security_id,
        asset_class_code,
        weight_sum,
        linked_contribution_sum,
        {{ with_calendar_starts('block_start_date') }}
    from {{ ref('int_portfolio_security_contribution_blocks') }}
),

portfolio_periods as (
    select *
    from {{ ref('int_performance_periods') }}
    where entity_type = 'portfolio'
),

period_blocks as (
    {{ days_in_periods('block_keys', 'portfolio_periods') }}
),

period_sums as (
    select
        period_key,
        segment_code,
        max(segment_kind) as segment_kind,
        max(security_id) as security_id,
        max(asset_class_code) as asset_class_code,
        sum(weight_sum) as weight_sum,
        sum(linked_contribution_sum) as linked_contribution_sum
    from period_blocks
    group by period_key, segment_code
),

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
        period_sums.segment_code,
        period_sums.segment_kind,
        period_sums.security_id,
        period_sums.asset_class_code,
        stats.return_days,
        stats.time_weighted_return as portfolio_return,
        period_sums.weight_sum / stats.return_days as average_weight,
        period_sums.linked_contribution_sum / ({{ carino_factor('stats.time_weighted_return', '0e0') }})
            as contribution
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
    cast(segment_code as string) as segment_code,
    cast(segment_kind as string) as segment_kind,
    cast(security_id as bigint) as security_id,
    cast(asset_class_code as string) as asset_class_code,
    cast(return_days as integer) as return_days,
    cast({{ risk_round('average_weight') }} as double) as average_weight,
    cast({{ risk_round('contribution') }} as double) as contribution,
    cast(portfolio_return as double) as portfolio_return,
    cast(
        portfolio_return
        - sum({{ risk_round('contribution') }}) over (partition by portfolio_id, period_code, period_start_date)
        as double
    ) as contribution_residual
from linked_contributions
