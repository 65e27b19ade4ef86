-- Every client-related operations record is timed inside the client relationship and the
-- history: on or after the client's onboarding date and the history start, on or before the
-- as-of date (23:59:59 at the latest).
with calendar as (
    select
        min(calendar_date) as history_start,
        max(calendar_date) as as_of_date
    from {{ ref('stg_trading_calendar') }}
),

dated as (
    select
        'login_attempts.attempted_at' as column_name,
        client_id,
        attempted_at as event_at
    from {{ ref('stg_login_attempts') }}
    where client_id is not null
    union all
    select
        'user_sessions.started_at' as column_name,
        client_id,
        started_at as event_at
    from {{ ref('stg_user_sessions') }}
    where client_id is not null
    union all
    select
        'user_sessions.ended_at' as column_name,
        client_id,
        ended_at as event_at
    from {{ ref('stg_user_sessions') }}
    where client_id is not null
    union all
    select
        'security_events.occurred_at' as column_name,
        client_id,
        occurred_at as event_at
    from {{ ref('stg_security_events') }}
    union all
    select
        'security_events.resolved_at' as column_name,
        client_id,
        resolved_at as event_at
    from {{ ref('stg_security_events') }}
    where resolved_at is not null
    union all
    select
        'audit_logs.occurred_at' as column_name,
        client_id,
        occurred_at as event_at
    from {{ ref('stg_audit_logs') }}
    where client_id is not null
    union all
    select
        'audit_trails.changed_at' as column_name,
        client_id,
        changed_at as event_at
    from {{ ref('stg_audit_trails') }}
    union all
    select
        'data_export_logs.requested_at' as column_name,
        requested_by_client_id as client_id,
        requested_at as event_at
    from {{ ref('stg_data_export_logs') }}
    union all
    select
        'data_export_logs.completed_at' as column_name,
        requested_by_client_id as client_id,
        completed_at as event_at
    from {{ ref('stg_data_export_logs') }}
    where completed_at is not null
)

select
    dated.column_name,
    dated.client_id,
    dated.event_at,
    clients.onboarding_date,
    calendar.history_start,
    calendar.as_of_date
from dated
inner join {{ ref('stg_clients') }} as clients
    on dated.client_id = clients.client_id
cross join calendar
where
    cast(dated.event_at as date) < clients.onboarding_date
    or cast(dated.event_at as date) < calendar.history_start
    or cast(dated.event_at as date) > calendar.as_of_date
