select
    event_id,
    event_type,
    severity,
    client_id,
    occurred_at,
    related_attempt_id,
    status,
    resolved_at,
    description
from {{ source('operations', 'security_events') }}
