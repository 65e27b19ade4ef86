-- When each client's KYC runs out, seen from the as-of date (the last trading day): the
-- latest expiry date of its verified checks decided by the as-of date (rejected and pending
-- checks do not count), and the days from the as-of date to that expiry (negative once
-- expired). Read by the kyc_expired and kyc_expiring alerts.
with as_of as (
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
)

select
    cast(latest_expiries.client_id as bigint) as client_id,
    cast(as_of.as_of_date as date) as as_of_date,
    cast(latest_expiries.expiry_date as date) as expiry_date,
    cast({{ dbt.datediff('as_of.as_of_date', 'latest_expiries.expiry_date', 'day') }} as int) as days_to_expiry
from latest_expiries
cross join as_of
