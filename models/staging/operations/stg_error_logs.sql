select
    error_id,
    service,
    logged_at,
    last_seen_at,
    severity,
    error_code,
    message,
    occurrences,
    resolved
from {{ source('operations', 'error_logs') }}
