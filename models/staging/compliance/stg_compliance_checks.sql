select
    check_id,
    portfolio_id,
    client_id,
    check_type,
    check_date,
    outcome,
    details,
    reviewed_by
from {{ source('compliance', 'compliance_checks') }}
