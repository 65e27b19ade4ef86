select
    export_id,
    requested_by_client_id,
    session_id,
    requested_at,
    completed_at,
    export_format,
    record_count,
    status
from {{ source('operations', 'data_export_logs') }}
