-- Each client's compliance standing on the as-of date (the last trading day): the KYC status
-- (expiry of the latest verified checks, int_client_kyc_expiries, against the kyc_expiring
-- threshold of seed risk_alert_types), the KYC risk rating and enhanced due diligence, the
-- regulatory flags (AML, PEP, sanctions, adverse media) raised and still open, the compliance
-- checks of the last `compliance_lookback_months` months by outcome, and the open risk alerts.
with as_of as (
    select trading_date as as_of_date
    from {{ ref('int_trading_days') }}
    where is_last_day
),

expiring_threshold as (
    select threshold as expiring_within_days
    from {{ ref('risk_alert_types') }}
    where alert_type = 'kyc_expiring'
),

verifications as (
    select
        verifications.client_id,
        {{ last_at_max('verifications.risk_rating', 'verifications.verified_date') }} as kyc_risk_rating,
        max(verifications.verified_date) as last_verified_date,
        max(case when verifications.verification_type = 'enhanced_due_diligence' then 1 else 0 end)
            as has_enhanced_due_diligence
    from {{ ref('stg_kyc_verifications') }} as verifications
    cross join as_of
    where verifications.status = 'verified' and verifications.verified_date <= as_of.as_of_date
    group by verifications.client_id
),

flags as (
    select
        flags.client_id,
        count(*) as regulatory_flag_count,
        sum(
            case when flags.resolved_date is null or flags.resolved_date > as_of.as_of_date then 1 else 0 end
        ) as open_regulatory_flag_count,
        sum(
            case
                when
                    flags.flag_type = 'aml'
                    and (flags.resolved_date is null or flags.resolved_date > as_of.as_of_date)
                    then 1
                else 0
            end
        ) as open_aml_flag_count
    from {{ ref('stg_regulatory_flags') }} as flags
    cross join as_of
    where flags.raised_date <= as_of.as_of_date
    group by flags.client_id
),

recent_checks as (
    select
        checks.client_id,
        count(*) as check_count,
        sum(case when checks.outcome = 'fail' then 1 else 0 end) as failed_check_count,
        sum(case when checks.outcome = 'warning' then 1 else 0 end) as warning_check_count,
        max(checks.check_date) as last_check_date
    from {{ ref('stg_compliance_checks') }} as checks
    cross join as_of
    where
        checks.check_date <= as_of.as_of_date
        and checks.check_date > {{ dbt.dateadd('month', -1 * var('compliance_lookback_months'), 'as_of.as_of_date') }}
    group by checks.client_id
),

alerts as (
    select
        client_id,
        count(*) as risk_alert_count,
        sum(case when severity = 'high' then 1 else 0 end) as high_risk_alert_count
    from {{ ref('fct_risk_alerts') }}
    group by client_id
),

standing as (
    select
        clients.client_id,
        clients.advisor_id,
        as_of.as_of_date,
        expiries.expiry_date as kyc_expiry_date,
        expiries.days_to_expiry as days_to_kyc_expiry,
        verifications.kyc_risk_rating,
        verifications.last_verified_date,
        recent_checks.last_check_date,
        case
            when expiries.expiry_date is null then 'missing'
            when expiries.days_to_expiry < 0 then 'expired'
            when expiries.days_to_expiry <= expiring_threshold.expiring_within_days then 'expiring'
            else 'current'
        end as kyc_status,
        coalesce(verifications.has_enhanced_due_diligence, 0) = 1 as has_enhanced_due_diligence,
        coalesce(flags.regulatory_flag_count, 0) as regulatory_flag_count,
        coalesce(flags.open_regulatory_flag_count, 0) as open_regulatory_flag_count,
        coalesce(flags.open_aml_flag_count, 0) as open_aml_flag_count,
        coalesce(recent_checks.check_count, 0) as recent_check_count,
        coalesce(recent_checks.failed_check_count, 0) as recent_failed_check_count,
        coalesce(recent_checks.warning_check_count, 0) as recent_warning_check_count,
        coalesce(alerts.risk_alert_count, 0) as risk_alert_count,
        coalesce(alerts.high_risk_alert_count, 0) as high_risk_alert_count
    from {{ ref('dim_clients') }} as clients
    cross join as_of
    cross join expiring_threshold
    left join {{ ref('int_client_kyc_expiries') }} as expiries
        on clients.client_id = expiries.client_id
    left join verifications
        on clients.client_id = verifications.client_id
    left join flags
        on clients.client_id = flags.client_id
    left join recent_checks
        on clients.client_id = recent_checks.client_id
    left join alerts
        on clients.client_id = alerts.client_id
)

select
    cast(client_id as bigint) as client_id,
    cast(advisor_id as bigint) as advisor_id,
    cast(as_of_date as date) as as_of_date,
    cast(kyc_status as string) as kyc_status,
    cast(kyc_expiry_date as date) as kyc_expiry_date,
    cast(days_to_kyc_expiry as integer) as days_to_kyc_expiry,
    cast(kyc_risk_rating as string) as kyc_risk_rating,
    cast(last_verified_date as date) as last_verified_date,
    cast(has_enhanced_due_diligence as boolean) as has_enhanced_due_diligence,
    cast(regulatory_flag_count as integer) as regulatory_flag_count,
    cast(open_regulatory_flag_count as integer) as open_regulatory_flag_count,
    cast(open_aml_flag_count as integer) as open_aml_flag_count,
    cast(recent_check_count as integer) as recent_check_count,
    cast(recent_failed_check_count as integer) as recent_failed_check_count,
    cast(recent_warning_check_count as integer) as recent_warning_check_count,
    cast(last_check_date as date) as last_check_date,
    cast(risk_alert_count as integer) as risk_alert_count,
    cast(high_risk_alert_count as integer) as high_risk_alert_count,
    cast(
        kyc_status in ('missing', 'expired') or open_regulatory_flag_count > 0 or recent_failed_check_count > 0
        as boolean
    ) as needs_review
from standing
