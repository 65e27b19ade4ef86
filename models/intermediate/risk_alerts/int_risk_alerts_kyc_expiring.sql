-- KYC expiring soon: a client whose latest verified KYC is still valid on the as-of date (the
-- last trading day) but expires within the threshold of seed risk_alert_types, in days (0 to
-- the threshold days after the as-of date); expiry dates from int_client_kyc_expiries. Raised
-- on the as-of date; the measured value is the days left.
with alert_types as (
    select
        alert_type,
        threshold
    from {{ ref('risk_alert_types') }}
    where alert_type = 'kyc_expiring'
),

expiries as (
    select
        client_id,
        expiry_date,
        as_of_date,
        days_to_expiry as days_left
    from {{ ref('int_client_kyc_expiries') }}
)

select
    cast(alert_types.alert_type as string) as alert_type,
    cast('client' as string) as subject_type,
    cast(null as bigint) as portfolio_id,
    cast(expiries.client_id as bigint) as client_id,
    cast(expiries.as_of_date as date) as raised_date,
    cast(expiries.days_left as double) as measured_value,
    cast(alert_types.threshold as double) as threshold_value,
    cast(
        'KYC expires on ' || cast(expiries.expiry_date as string)
        || ', ' || cast(expiries.days_left as string) || ' days after the as-of date'
        as string
    ) as message
from expiries
cross join alert_types
where
    expiries.days_left >= 0
    and expiries.days_left <= alert_types.threshold
