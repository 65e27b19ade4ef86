-- KYC expired: a client whose latest verified KYC expired before the as-of date (the last
-- trading day), by more days than the threshold of seed risk_alert_types (0: any expired
-- KYC); expiry dates from int_client_kyc_expiries. Raised on the as-of date; the measured
-- value is the days since the expiry.
with alert_types as (
    select
        alert_type,
        threshold
    from {{ ref('risk_alert_types') }}
    where alert_type = 'kyc_expired'
),

expiries as (
    select
        client_id,
        expiry_date,
        as_of_date,
        -days_to_expiry as days_expired
    from {{ ref('int_client_kyc_expiries') }}
)

select
    cast(alert_types.alert_type as string) as alert_type,
    cast('client' as string) as subject_type,
    cast(null as bigint) as portfolio_id,
    cast(expiries.client_id as bigint) as client_id,
    cast(expiries.as_of_date as date) as raised_date,
    cast(expiries.days_expired as double) as measured_value,
    cast(alert_types.threshold as double) as threshold_value,
    cast(
        'KYC expired on ' || cast(expiries.expiry_date as string)
        || ', ' || cast(expiries.days_expired as string) || ' days before the as-of date'
        as string
    ) as message
from expiries
cross join alert_types
where expiries.days_expired > alert_types.threshold
