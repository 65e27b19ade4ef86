select
    workflow_instance_id,
    workflow_type,
    client_id,
    portfolio_id,
    started_at,
    completed_at,
    status
from {{ source('workplace', 'workflow_instances') }}
