select
    task_id,
    advisor_id,
    client_id,
    task_type,
    title,
    created_at,
    due_date,
    completed_at,
    status,
    priority
from {{ source('workplace', 'tasks') }}
