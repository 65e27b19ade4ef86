select
    trail_id,
    audit_log_id,
    client_id,
    table_name,
    field_name,
    old_value,
    new_value,
    changed_at,
    changed_by_advisor_id
from {{ source('operations', 'audit_trails') }}
