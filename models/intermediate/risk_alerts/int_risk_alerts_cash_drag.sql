-- Cash drag: a portfolio whose cash weight (cash balance and cash equivalents) is above its
-- strategy's cash band on the as-of date (fct_allocation_drift). Raised on the first
-- month-end of the current spell above the band (fct_allocation_breaches).
with alert_types as (
    select alert_type
    from {{ ref('risk_alert_types') }}
    where alert_type = 'cash_drag'
),

cash_classes as (
    select asset_class_code
    from {{ ref('asset_classes') }}
    where is_cash
),

cash_weights as (
    select
        drift.portfolio_id,
        drift.asset_class_code,
        drift.actual_weight,
        drift.upper_band
    from {{ ref('fct_allocation_drift') }} as drift
    inner join cash_classes
        on drift.asset_class_code = cash_classes.asset_class_code
    where drift.is_latest and drift.actual_weight > drift.upper_band
),

open_breaches as (
    select
        portfolio_id,
        asset_class_code,
        breach_start_date
    from {{ ref('fct_allocation_breaches') }}
    where is_open and direction = 'overweight'
)

select
    cast(alert_types.alert_type as string) as alert_type,
    cast('portfolio' as string) as subject_type,
    cast(cash_weights.portfolio_id as bigint) as portfolio_id,
    cast(portfolios.client_id as bigint) as client_id,
    cast(open_breaches.breach_start_date as date) as raised_date,
    cast(cash_weights.actual_weight as double) as measured_value,
    cast(cash_weights.upper_band as double) as threshold_value,
    cast(
        'Cash is ' || cast(round(100 * cash_weights.actual_weight, 1) as string)
        || '% of the portfolio, above the ' || cast(round(100 * cash_weights.upper_band, 1) as string)
        || '% top of the ' || portfolios.strategy_code || ' cash band since '
        || cast(open_breaches.breach_start_date as string)
        as string
    ) as message
from cash_weights
cross join alert_types
inner join open_breaches
    on
        cash_weights.portfolio_id = open_breaches.portfolio_id
        and cash_weights.asset_class_code = open_breaches.asset_class_code
inner join {{ ref('dim_portfolios') }} as portfolios
    on cash_weights.portfolio_id = portfolios.portfolio_id
