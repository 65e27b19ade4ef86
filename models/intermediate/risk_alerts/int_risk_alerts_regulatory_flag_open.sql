-- Regulatory flag open: an AML, PEP or sanctions flag (stg_regulatory_flags; adverse media
-- flags are not regulatory) that is open on the as-of date (the last trading day): raised on
-- or before it and not resolved by then (status open or under_review, no resolved date). The
-- flag is raised on its own raised date; the measured value is the days it has been open,
-- alerted from the threshold of seed risk_alert_types (0: every open flag). The message names
-- the flag, which keeps the rows unique.
with alert_types as (
    select
        alert_type,
        threshold
    from {{ ref('risk_alert_types') }}
    where alert_type = 'regulatory_flag_open'
),

as_of as (
    select trading_date as as_of_date
    from {{ ref('int_trading_days') }}
    where is_last_day
),

open_flags as (
    select
        flags.flag_id,
        flags.client_id,
        flags.flag_type,
        flags.severity,
        flags.status,
        flags.raised_date,
        {{ dbt.datediff('flags.raised_date', 'as_of.as_of_date', 'day') }} as days_open
    from {{ ref('stg_regulatory_flags') }} as flags
    cross join as_of
    where
        flags.flag_type in ('aml', 'pep', 'sanctions')
        and flags.raised_date <= as_of.as_of_date
        and (flags.resolved_date is null or flags.resolved_date > as_of.as_of_date)
)

select
    cast(alert_types.alert_type as string) as alert_type,
    cast('client' as string) as subject_type,
    cast(null as bigint) as portfolio_id,
    cast(open_flags.client_id as bigint) as client_id,
    cast(open_flags.raised_date as date) as raised_date,
    cast(open_flags.days_open as double) as measured_value,
    cast(alert_types.threshold as double) as threshold_value,
    cast(
        upper(open_flags.flag_type) || ' flag ' || cast(open_flags.flag_id as string)
        || ' (' || open_flags.severity || ' severity, ' || open_flags.status
        || ') open for ' || cast(open_flags.days_open as string) || ' days'
        as string
    ) as message
from open_flags
cross join alert_types
where open_flags.days_open >= alert_types.threshold
