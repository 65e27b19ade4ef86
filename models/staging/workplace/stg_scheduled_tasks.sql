select
    scheduled_task_id,
    job_name,
    description,
    cron_expression,
    next_run_at,
    last_run_at,
    last_run_status,
    is_enabled,
    owner_team
from {{ source('workplace', 'scheduled_tasks') }}
