{%- set days_per_year = var('trading_days_per_year') -%}
-- Where each portfolio's risk comes from, per reporting period (those of
-- fct_performance_periods): each asset class's and each security's contribution to the
-- period's annualised volatility and to its parametric VaR by Euler allocation over the
-- period's daily returns (doc risk_decomposition), summing to the totals of
-- fct_performance_periods; the residual columns show the difference. Segment i's daily
-- contribution c_i (int_portfolio_security_contribution_blocks; the cash balance, trading and
-- fees are segments too, so the c_i sum to the day's return r) gives
-- cov(c_i, r) = (sum c_i r - sum c_i sum r / n) / (n - 1), sample like the volatility; the
-- sums come per block of days and are added up per period.
with segment_blocks as (
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
        contribution_sum,
        co_moment_sum,
        {{ with_calendar_starts('block_start_date') }}
    from {{ ref('int_portfolio_security_contribution_blocks') }}
),

return_blocks as (
    -- the sum of the portfolio's daily returns per block
    select
        'portfolio' as entity_type,
        daily_returns.portfolio_id as entity_id,
        blocks.block_start_date,
        max(daily_returns.return_date) as return_date,
        sum(daily_returns.daily_return) as return_sum,
        {{ with_calendar_starts('blocks.block_start_date') }}
    from {{ ref('fct_portfolio_returns_daily') }} as daily_returns
    inner join {{ ref('int_performance_blocks') }} as blocks
        on daily_returns.return_date = blocks.trading_date
    where daily_returns.daily_return is not null
    group by daily_returns.portfolio_id, blocks.block_start_date
),

portfolio_periods as (
    select *
    from {{ ref('int_performance_periods') }}
    where entity_type = 'portfolio'
),

period_segment_blocks as (
    {{ days_in_periods('segment_blocks', 'portfolio_periods') }}
),

period_return_blocks as (
    {{ days_in_periods('return_blocks', 'portfolio_periods') }}
),

period_returns as (
    select
        period_key,
        sum(return_sum) as return_sum
    from period_return_blocks
    group by period_key
),

segment_sums as (
    -- by security (and the cash balance, trading and fees), and by asset class (a class's
    -- securities, with the cash balance for the cash class; trading and fees on their own)
    select
        period_key,
        'security' as segmentation,
        segment_code,
        max(segment_kind) as segment_kind,
        max(security_id) as security_id,
        max(asset_class_code) as asset_class_code,
        sum(weight_sum) as weight_sum,
        sum(contribution_sum) as contribution_sum,
        sum(co_moment_sum) as co_moment_sum
    from period_segment_blocks
    group by period_key, segment_code
    union all
    select
        period_key,
        'asset_class' as segmentation,
        coalesce(asset_class_code, segment_kind) as segment_code,
        case when max(asset_class_code) is null then max(segment_kind) else 'asset_class' end as segment_kind,
        cast(null as bigint) as security_id,
        max(asset_class_code) as asset_class_code,
        sum(weight_sum) as weight_sum,
        sum(contribution_sum) as contribution_sum,
        sum(co_moment_sum) as co_moment_sum
    from period_segment_blocks
    group by period_key, coalesce(asset_class_code, segment_kind)
),

segment_covariances as (
    select
        periods.entity_id as portfolio_id,
        periods.period_code,
        periods.period_start_date,
        periods.period_end_date,
        periods.anchor_date,
        periods.is_partial_period,
        periods.currency_code,
        segment_sums.segmentation,
        segment_sums.segment_code,
        segment_sums.segment_kind,
        segment_sums.security_id,
        segment_sums.asset_class_code,
        stats.return_days,
        stats.annualised_volatility as portfolio_volatility,
        stats.value_at_risk_parametric as portfolio_value_at_risk,
        period_returns.return_sum / stats.return_days as mean_daily_return,
        segment_sums.weight_sum / stats.return_days as average_weight,
        segment_sums.contribution_sum / stats.return_days as mean_contribution,
        (segment_sums.co_moment_sum - segment_sums.contribution_sum * period_returns.return_sum / stats.return_days)
        / (stats.return_days - 1) as return_covariance
    from segment_sums
    inner join portfolio_periods as periods
        on segment_sums.period_key = periods.period_key
    inner join {{ ref('int_performance_return_stats') }} as stats
        on segment_sums.period_key = stats.period_key
    inner join period_returns
        on segment_sums.period_key = period_returns.period_key
    where stats.annualised_volatility > 0 and stats.value_at_risk_parametric is not null
),

euler_contributions as (
    -- sigma_i = cov(c_i, r) / sigma (annualised), VaR_i = mean(c_i) + z cov(c_i, r) / sigma
    -- (daily, as the portfolio's): sum_i cov(c_i, r) = var(r), sum_i mean(c_i) = mean(r)
    select
        *,
        {{ risk_round(
            'return_covariance * ' ~ days_per_year ~ ' / portfolio_volatility'
        ) }} as volatility_contribution,
        {{ risk_round(
            'mean_contribution + ' ~ var('var_normal_quantile') ~ ' * return_covariance * sqrt('
            ~ days_per_year ~ ') / portfolio_volatility'
        ) }} as value_at_risk_contribution
    from segment_covariances
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
    cast(security_id as bigint) as security_id,
    cast(asset_class_code as string) as asset_class_code,
    cast(return_days as integer) as return_days,
    cast({{ risk_round('average_weight') }} as double) as average_weight,
    cast({{ risk_round('mean_contribution') }} as double) as mean_contribution,
    cast(volatility_contribution as double) as volatility_contribution,
    cast({{ risk_round('volatility_contribution / portfolio_volatility') }} as double) as volatility_share,
    cast(value_at_risk_contribution as double) as value_at_risk_contribution,
    cast(mean_daily_return as double) as mean_daily_return,
    cast(portfolio_volatility as double) as portfolio_volatility,
    cast(portfolio_value_at_risk as double) as portfolio_value_at_risk,
    cast(
        portfolio_volatility
        - sum(volatility_contribution) over (partition by portfolio_id, period_code, period_start_date, segmentation)
        as double
    ) as volatility_residual,
    cast(
        portfolio_value_at_risk
        - sum(value_at_risk_contribution) over (partition by portfolio_id, period_code, period_start_date, segmentation)
        as double
    ) as value_at_risk_residual
from euler_contributions
