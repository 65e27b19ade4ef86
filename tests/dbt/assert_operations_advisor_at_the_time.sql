-- An advisor acting on a client's records (audit logs) or editing a client record (audit
-- trails) is the client's advisor on that day: an assignment of the client to that advisor
-- covers the day.
with actions as (
    select
        'audit_logs' as table_name,
        audit_log_id as row_id,
        client_id,
        actor_advisor_id as advisor_id,
        cast(occurred_at as date) as action_date
    from {{ ref('stg_audit_logs') }}
    where actor_type = 'advisor' and client_id is not null
    union all
    select
        'audit_trails' as table_name,
        trail_id as row_id,
        client_id,
        changed_by_advisor_id as advisor_id,
        cast(changed_at as date) as action_date
    from {{ ref('stg_audit_trails') }}
),

covered as (
    select distinct
        actions.table_name,
        actions.row_id
    from actions
    inner join {{ ref('stg_advisor_assignments') }} as assignments
        on
            actions.client_id = assignments.client_id
            and actions.advisor_id = assignments.advisor_id
            and actions.action_date >= assignments.start_date
            and (assignments.end_date is null or actions.action_date <= assignments.end_date)
)

select
    actions.table_name,
    actions.row_id,
    actions.client_id,
    actions.advisor_id,
    actions.action_date
from actions
left join covered
    on
        actions.table_name = covered.table_name
        and actions.row_id = covered.row_id
where covered.row_id is null
