-- Performance of every portfolio, client (household), advisor book and the firm over every
-- reporting period: returns, risk, risk-adjusted ratios, drawdown and the money-weighted
-- return, one row per entity and period. Amounts are in the entity's currency (a
-- portfolio's base currency; the reporting currency for the groups); rates are decimal
-- fractions.
select
    periods.entity_type,
    periods.entity_id,
    periods.currency_code,
    periods.period_code,
    definitions.period_name,
    periods.period_kind,
    periods.period_start_date,
    periods.period_end_date,
    periods.anchor_date,
    periods.is_partial_period,
    cast(coalesce(stats.return_days, 0) as integer) as return_days,
    periods.start_value,
    periods.end_value,
    cast(coalesce(stats.net_external_flow, 0) as double) as net_external_flow,
    cast(coalesce(stats.net_transfer_flow, 0) as double) as net_transfer_flow,
    stats.time_weighted_return,
    stats.annualised_return,
    stats.benchmark_return,
    stats.excess_return,
    money_weighted.money_weighted_return,
    money_weighted.annualised_money_weighted_return,
    money_weighted.is_converged as is_money_weighted_converged,
    stats.annualised_volatility,
    stats.downside_deviation,
    stats.sharpe_ratio,
    stats.sortino_ratio,
    drawdowns.max_drawdown,
    drawdowns.drawdown_peak_date,
    drawdowns.drawdown_trough_date,
    drawdowns.drawdown_recovery_date,
    stats.beta,
    stats.alpha,
    stats.tracking_error,
    stats.information_ratio,
    stats.value_at_risk_historical,
    stats.value_at_risk_parametric,
    stats.best_day_return,
    stats.best_day_date,
    stats.worst_day_return,
    stats.worst_day_date,
    stats.up_capture_ratio,
    stats.down_capture_ratio,
    case when periods.entity_type = 'portfolio' then periods.entity_id end as portfolio_id,
    case when periods.entity_type = 'client' then periods.entity_id end as client_id,
    case when periods.entity_type = 'advisor' then periods.entity_id end as advisor_id
from {{ ref('int_performance_periods') }} as periods
inner join {{ ref('performance_periods') }} as definitions
    on periods.period_code = definitions.period_code
left join {{ ref('int_performance_return_stats') }} as stats
    on periods.period_key = stats.period_key
left join {{ ref('int_performance_drawdowns') }} as drawdowns
    on periods.period_key = drawdowns.period_key
left join {{ ref('int_performance_money_weighted') }} as money_weighted
    on periods.period_key = money_weighted.period_key
