-- Workflow steps are numbered 1..n without gaps, each starts after the previous one ends, and
-- they run inside their instance: the first step starts when the instance starts, and a
-- completed instance ends when its last step ends (every step completed).
with steps as (
    select
        steps.*,
        instances.started_at as instance_started_at,
        instances.completed_at as instance_completed_at,
        instances.status as instance_status,
        count(*) over (partition by steps.workflow_instance_id) as n_steps,
        max(steps.step_order) over (partition by steps.workflow_instance_id) as last_step,
        max(steps.completed_at) over (partition by steps.workflow_instance_id) as last_completed_at,
        sum(case when steps.status = 'completed' then 0 else 1 end)
            over (partition by steps.workflow_instance_id) as open_steps
    from {{ ref('stg_workflow_steps') }} as steps
    inner join {{ ref('stg_workflow_instances') }} as instances
        on steps.workflow_instance_id = instances.workflow_instance_id
),

previous as (
    select
        steps.workflow_step_id,
        earlier.completed_at as previous_completed_at,
        earlier.status as previous_status
    from steps
    inner join steps as earlier
        on
            steps.workflow_instance_id = earlier.workflow_instance_id
            and steps.step_order = earlier.step_order + 1
)

select
    steps.workflow_instance_id,
    steps.workflow_step_id,
    steps.step_order,
    steps.status
from steps
left join previous
    on steps.workflow_step_id = previous.workflow_step_id
where
    steps.last_step <> steps.n_steps
    or (steps.step_order = 1 and steps.started_at <> steps.instance_started_at)
    or (steps.step_order > 1 and previous.workflow_step_id is null)
    or (steps.started_at is not null and previous.previous_completed_at > steps.started_at)
    or (steps.started_at is not null and steps.step_order > 1 and previous.previous_status <> 'completed')
    or steps.started_at < steps.instance_started_at
    or steps.completed_at > steps.instance_completed_at
    or (steps.instance_status = 'completed' and steps.open_steps > 0)
    or (steps.instance_status = 'completed' and steps.instance_completed_at <> steps.last_completed_at)
    or (steps.instance_status = 'in_progress' and steps.open_steps = 0)
