-- Underperformance: a portfolio whose excess return (time-weighted return minus its
-- benchmark's return) over the lookback period of seed risk_alert_types (a performance period
-- on the as-of date, e.g. 1Y) is below the seed's threshold (a negative decimal fraction).
-- Periods without a benchmark return have no excess return and raise nothing. Raised on the
-- as-of date.
with alert_types as (
    select
        alert_type,
        threshold
    from {{ ref('risk_alert_types') }}
    where alert_type = 'underperformance'
),

lookback_periods as (
    {{ risk_alert_lookback_periods('underperformance', 'excess_return') }}
)

select
    cast(alert_types.alert_type as string) as alert_type,
    cast('portfolio' as string) as subject_type,
    cast(lookback_periods.portfolio_id as bigint) as portfolio_id,
    cast(portfolios.client_id as bigint) as client_id,
    cast(lookback_periods.period_end_date as date) as raised_date,
    cast(lookback_periods.excess_return as double) as measured_value,
    cast(alert_types.threshold as double) as threshold_value,
    cast(
        'Return of ' || cast(round(100 * lookback_periods.excess_return, 1) as string)
        || '% against the benchmark over ' || lookback_periods.period_code
        || ' is below the ' || cast(round(100 * alert_types.threshold, 1) as string)
        || '% threshold'
        as string
    ) as message
from lookback_periods
cross join alert_types
inner join {{ ref('dim_portfolios') }} as portfolios
    on lookback_periods.portfolio_id = portfolios.portfolio_id
where lookback_periods.excess_return < alert_types.threshold
