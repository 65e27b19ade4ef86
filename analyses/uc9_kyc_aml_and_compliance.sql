-- Use case 9: KYC, AML and compliance.
-- The clients compliance should look at now, with why: KYC missing, expired or expiring, open
-- AML or other regulatory flags, failed checks in the lookback months, and open risk alerts,
-- per advisor, the most urgent first.
select
    advisor_id,
    client_id,
    kyc_status,
    kyc_expiry_date,
    kyc_risk_rating,
    open_regulatory_flag_count,
    open_aml_flag_count,
    recent_failed_check_count,
    high_risk_alert_count,
    needs_review
from {{ ref('fct_client_compliance') }}
where needs_review or kyc_status = 'expiring'
order by
    case kyc_status when 'missing' then 1 when 'expired' then 2 when 'expiring' then 3 else 4 end,
    open_regulatory_flag_count desc,
    recent_failed_check_count desc,
    client_id asc
