select
    flag_id,
    client_id,
    flag_type,
    severity,
    raised_date,
    resolved_date,
    status,
    source,
    description,
    transaction_id
from {{ source('compliance', 'regulatory_flags') }}
