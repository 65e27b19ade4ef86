select
    attempt_id,
    user_type,
    client_id,
    advisor_id,
    attempted_at,
    ip_address,
    device,
    country,
    success,
    failure_reason
from {{ source('operations', 'login_attempts') }}
