select
    verification_id,
    client_id,
    verification_type,
    document_type,
    status,
    risk_rating,
    verified_date,
    expiry_date,
    verified_by,
    notes,
    case when verified_by not like 'CO-%' then cast(verified_by as bigint) end as verifier_advisor_id
from {{ source('compliance', 'kyc_verifications') }}
