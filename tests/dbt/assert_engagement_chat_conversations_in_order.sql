-- A conversation belongs to one client and its messages are in time order (message_id order).
with ordered as (
    select
        conversation_id,
        message_id,
        client_id,
        sent_at,
        lag(sent_at) over (partition by conversation_id order by message_id) as previous_sent_at,
        lag(client_id) over (partition by conversation_id order by message_id) as previous_client_id
    from {{ ref('stg_chat_messages') }}
)

select
    conversation_id,
    message_id,
    client_id,
    previous_client_id,
    sent_at,
    previous_sent_at
from ordered
where
    previous_sent_at is not null
    and (sent_at <= previous_sent_at or client_id != previous_client_id)
