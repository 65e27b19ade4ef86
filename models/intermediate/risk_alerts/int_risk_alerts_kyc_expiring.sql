-- KYC expiring soon: a client whose latest verified KYC is still valid on the as-of date (the
-- last trading day) but expires within the threshold of seed risk_alert_types, in days (0 to
-- the threshold days after the as-of date). The client's KYC is valid up to the latest expiry
-- date of its verified checks decided by the as-of date; rejected and pending checks do not
-- count. Raised on the as-of date; the measured value is the days left.
with alert_types as (
    select
        alert_type,
        threshold
    from {{ ref('risk_alert_types') }}
    where alert_type = 'kyc_expiring'
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
        {{ dbt.datediff('as_of.as_of_date', 'latest_expiries.expiry_date', 'day') }} as days_left
    from latest_expiries
    cross join as_of
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
