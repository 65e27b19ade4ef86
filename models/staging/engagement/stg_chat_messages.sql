select
    message_id,
    client_id,
    advisor_id,
    conversation_id,
    sent_at,
    sender,
    message_text,
    sentiment_hint
from {{ source('engagement', 'chat_messages') }}
