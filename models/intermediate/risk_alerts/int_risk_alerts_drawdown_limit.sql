-- Drawdown limit: a portfolio whose maximum drawdown over the lookback period of seed
-- risk_alert_types (a performance period on the as-of date, e.g. 1Y) is deeper than the
-- largest drawdown its client's risk profile accepts (int_portfolio_risk_limits).
-- fct_performance_periods reports the drawdown as a negative fraction (0 without a fall), the
-- risk profile as a positive one: the alert measures the loss as a positive fraction. Raised
-- on the as-of date.
with alert_types as (
    select alert_type
    from {{ ref('risk_alert_types') }}
    where alert_type = 'drawdown_limit'
),

max_drawdowns as (
    {{ risk_alert_lookback_periods('drawdown_limit', 'max_drawdown') }}
),

lookback_periods as (
    select
        portfolio_id,
        period_code,
        period_end_date,
        -1 * max_drawdown as drawdown
    from max_drawdowns
)

select
    cast(alert_types.alert_type as string) as alert_type,
    cast('portfolio' as string) as subject_type,
    cast(lookback_periods.portfolio_id as bigint) as portfolio_id,
    cast(limits.client_id as bigint) as client_id,
    cast(lookback_periods.period_end_date as date) as raised_date,
    cast(lookback_periods.drawdown as double) as measured_value,
    cast(limits.max_drawdown as double) as threshold_value,
    cast(
        'Drawdown of ' || cast(round(100 * lookback_periods.drawdown, 1) as string)
        || '% over ' || lookback_periods.period_code
        || ' is deeper than the ' || cast(round(100 * limits.max_drawdown, 1) as string)
        || '% limit of the ' || limits.risk_profile_code || ' risk profile'
        as string
    ) as message
from lookback_periods
cross join alert_types
inner join {{ ref('int_portfolio_risk_limits') }} as limits
    on lookback_periods.portfolio_id = limits.portfolio_id
where lookback_periods.drawdown > limits.max_drawdown
