-- Volatility limit: a portfolio whose annualised volatility over the lookback period of seed
-- risk_alert_types (a performance period on the as-of date, e.g. 1Y) is above the largest
-- volatility its client's risk profile accepts (int_portfolio_risk_limits). Raised on the
-- as-of date.
with alert_types as (
    select alert_type
    from {{ ref('risk_alert_types') }}
    where alert_type = 'volatility_limit'
),

lookback_periods as (
    {{ risk_alert_lookback_periods('volatility_limit', 'annualised_volatility') }}
)

select
    cast(alert_types.alert_type as string) as alert_type,
    cast('portfolio' as string) as subject_type,
    cast(lookback_periods.portfolio_id as bigint) as portfolio_id,
    cast(limits.client_id as bigint) as client_id,
    cast(lookback_periods.period_end_date as date) as raised_date,
    cast(lookback_periods.annualised_volatility as double) as measured_value,
    cast(limits.max_volatility as double) as threshold_value,
    cast(
        'Annualised volatility of ' || cast(round(100 * lookback_periods.annualised_volatility, 1) as string)
        || '% over ' || lookback_periods.period_code
        || ' is above the ' || cast(round(100 * limits.max_volatility, 1) as string)
        || '% limit of the ' || limits.risk_profile_code || ' risk profile'
        as string
    ) as message
from lookback_periods
cross join alert_types
inner join {{ ref('int_portfolio_risk_limits') }} as limits
    on lookback_periods.portfolio_id = limits.portfolio_id
where lookback_periods.annualised_volatility > limits.max_volatility
