-- The advisor on a support ticket or a chat message is the client's advisor on that day: an
-- assignment of the client to that advisor covers the ticket's opening or the message.
with events as (
    select
        'support_tickets' as table_name,
        ticket_id as event_id,
        client_id,
        advisor_id,
        cast(opened_at as date) as event_date
    from {{ ref('stg_support_tickets') }}
    union all
    select
        'chat_messages' as table_name,
        message_id as event_id,
        client_id,
        advisor_id,
        cast(sent_at as date) as event_date
    from {{ ref('stg_chat_messages') }}
),

covered as (
    select distinct
        events.table_name,
        events.event_id
    from events
    inner join {{ ref('stg_advisor_assignments') }} as assignments
        on
            events.client_id = assignments.client_id
            and events.advisor_id = assignments.advisor_id
            and events.event_date >= assignments.start_date
            and (assignments.end_date is null or events.event_date <= assignments.end_date)
)

select
    events.table_name,
    events.event_id,
    events.client_id,
    events.advisor_id,
    events.event_date
from events
left join covered
    on
        events.table_name = covered.table_name
        and events.event_id = covered.event_id
where covered.event_id is null
