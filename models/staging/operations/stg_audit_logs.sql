select
    audit_log_id,
    occurred_at,
    actor_type,
    actor_advisor_id,
    actor_client_id,
    action,
    entity_type,
    entity_id,
    client_id,
    session_id,
    ip_address
from {{ source('operations', 'audit_logs') }}
