-- Use case 8: an audit trail of every action and login.
-- The latest events touching the client with the most failed logins: who acted (the client,
-- an advisor or the system), when, what, and whether it failed.
{% set event_count = 15 %}
with failures as (
    select
        client_id,
        sum(case when is_failure then 1 else 0 end) as failure_count
    from {{ ref('fct_audit_events') }}
    where client_id is not null
    group by client_id
),

failures_ranked as (
    select
        client_id,
        row_number() over (order by failure_count desc, client_id asc) as failure_rank
    from failures
),

watched_events as (
    select
        events.*,
        row_number() over (order by events.occurred_at desc, events.event_source asc, events.event_id asc) as recency
    from {{ ref('fct_audit_events') }} as events
    inner join failures_ranked
        on events.client_id = failures_ranked.client_id
    where failures_ranked.failure_rank = 1
)

select
    client_id,
    occurred_at,
    event_source,
    actor_type,
    actor_advisor_id,
    event_name,
    event_detail,
    is_failure
from watched_events
where recency <= {{ event_count }}
order by recency
