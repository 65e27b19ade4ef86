-- Audit trail: every action, record edit, login attempt and security event in one
-- chronological list, with who did it (advisor, client or the system) and which client it
-- concerns. Personal data stays in staging: no addresses, no edited values (only which field
-- was edited).
with actions as (
    select
        'action' as event_source,
        audit_log_id as event_id,
        occurred_at,
        actor_type,
        actor_advisor_id,
        actor_client_id,
        client_id,
        action as event_name,
        entity_type || ' ' || cast(entity_id as string) as event_detail,
        false as is_failure
    from {{ ref('stg_audit_logs') }}
),

record_edits as (
    select
        'record_edit' as event_source,
        trail_id as event_id,
        changed_at as occurred_at,
        'advisor' as actor_type,
        changed_by_advisor_id as actor_advisor_id,
        cast(null as bigint) as actor_client_id,
        client_id,
        'edit' as event_name,
        table_name || '.' || field_name as event_detail,
        false as is_failure
    from {{ ref('stg_audit_trails') }}
),

logins as (
    select
        'login' as event_source,
        attempt_id as event_id,
        attempted_at as occurred_at,
        user_type as actor_type,
        advisor_id as actor_advisor_id,
        client_id as actor_client_id,
        client_id,
        case when success then 'login' else 'failed_login' end as event_name,
        coalesce(failure_reason, device) as event_detail,
        not success as is_failure
    from {{ ref('stg_login_attempts') }}
),

security_events as (
    select
        'security_event' as event_source,
        event_id,
        occurred_at,
        'system' as actor_type,
        cast(null as bigint) as actor_advisor_id,
        cast(null as bigint) as actor_client_id,
        client_id,
        event_type as event_name,
        severity || ', ' || status as event_detail,
        severity in ('high', 'critical') as is_failure
    from {{ ref('stg_security_events') }}
),

events as (
    select *
    from actions
    union all
    select *
    from record_edits
    union all
    select *
    from logins
    union all
    select *
    from security_events
)

select
    cast(event_source as string) as event_source,
    cast(event_id as bigint) as event_id,
    cast(occurred_at as timestamp) as occurred_at,
    cast(occurred_at as date) as event_date,
    cast(actor_type as string) as actor_type,
    cast(actor_advisor_id as bigint) as actor_advisor_id,
    cast(actor_client_id as bigint) as actor_client_id,
    cast(client_id as bigint) as client_id,
    cast(event_name as string) as event_name,
    cast(event_detail as string) as event_detail,
    cast(is_failure as boolean) as is_failure
from events
