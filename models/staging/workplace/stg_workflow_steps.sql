select
    workflow_step_id,
    workflow_instance_id,
    step_order,
    step_name,
    assigned_advisor_id,
    started_at,
    completed_at,
    status
from {{ source('workplace', 'workflow_steps') }}
