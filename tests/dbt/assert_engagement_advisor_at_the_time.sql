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

{{ events_outside_advisor_assignments() }}
