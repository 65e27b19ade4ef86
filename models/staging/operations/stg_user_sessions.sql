select
    session_id,
    attempt_id,
    user_type,
    client_id,
    advisor_id,
    started_at,
    ended_at,
    pages_viewed,
    device,
    ip_address
from {{ source('operations', 'user_sessions') }}
