-- Every advisor on a workplace record is the client's advisor at the time: an assignment of
-- the client to that advisor covers the task's creation, the step's start, the document
-- version or the tag assignment.
with events as (
    select
        'tasks' as table_name,
        task_id as event_id,
        client_id,
        advisor_id,
        cast(created_at as date) as event_date
    from {{ ref('stg_tasks') }}
    union all
    select
        'workflow_steps' as table_name,
        steps.workflow_step_id as event_id,
        instances.client_id,
        steps.assigned_advisor_id as advisor_id,
        cast(steps.started_at as date) as event_date
    from {{ ref('stg_workflow_steps') }} as steps
    inner join {{ ref('stg_workflow_instances') }} as instances
        on steps.workflow_instance_id = instances.workflow_instance_id
    where steps.started_at is not null
    union all
    select
        'versioned_documents' as table_name,
        versions.document_version_id as event_id,
        documents.client_id,
        versions.created_by_advisor_id as advisor_id,
        cast(versions.created_at as date) as event_date
    from {{ ref('stg_versioned_documents') }} as versions
    inner join {{ ref('stg_documents') }} as documents
        on versions.document_id = documents.document_id
    where versions.created_by_advisor_id is not null
    union all
    select
        'tag_assignments' as table_name,
        assignment_id as event_id,
        client_id,
        assigned_by_advisor_id as advisor_id,
        assigned_date as event_date
    from {{ ref('stg_tag_assignments') }}
),

{{ events_outside_advisor_assignments() }}
