select
    notification_id,
    client_id,
    sent_at,
    channel,
    notification_type,
    title,
    is_read,
    read_at
from {{ source('engagement', 'notifications') }}
