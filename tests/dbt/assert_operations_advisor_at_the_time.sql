-- An advisor acting on a client's records (audit logs) or editing a client record (audit
-- trails) is the client's advisor on that day: an assignment of the client to that advisor
-- covers the day.
with events as (
    select
        'audit_logs' as table_name,
        audit_log_id as event_id,
        client_id,
        actor_advisor_id as advisor_id,
        cast(occurred_at as date) as event_date
    from {{ ref('stg_audit_logs') }}
    where actor_type = 'advisor' and client_id is not null
    union all
    select
        'audit_trails' as table_name,
        trail_id as event_id,
        client_id,
        changed_by_advisor_id as advisor_id,
        cast(changed_at as date) as event_date
    from {{ ref('stg_audit_trails') }}
),

{{ events_outside_advisor_assignments() }}
