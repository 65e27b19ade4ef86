-- KYC expired: a client whose latest verified KYC expired before the as-of date (the last
-- trading day), by more days than the threshold of seed risk_alert_types (0: any expired
-- KYC). The client's KYC is valid up to the latest expiry date of its verified checks
-- decided by the as-of date; rejected and pending checks do not count. Raised on the as-of
-- date; the measured value is the days since the expiry.
with alert_types as (
    select
        alert_type,
        threshold
    from {{ ref('risk_alert_types') }}
    where alert_type = 'kyc_expired'
),

as_of as (
    select trading_date as as_of_date
    from {{ ref('int_trading_days') }}
    where is_last_day
),

latest_expiries as (
    select
        verifications.client_id,
        max(verifications.expiry_date) as expiry_date
    from {{ ref('stg_kyc_verifications') }} as verifications
    cross join as_of
    where
        verifications.status = 'verified'
        and verifications.verified_date <= as_of.as_of_date
    group by verifications.client_id
),

expiries as (
    select
        latest_expiries.client_id,
        latest_expiries.expiry_date,
        as_of.as_of_date,
        {{ dbt.datediff('latest_expiries.expiry_date', 'as_of.as_of_date', 'day') }} as days_expired
    from latest_expiries
    cross join as_of
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
