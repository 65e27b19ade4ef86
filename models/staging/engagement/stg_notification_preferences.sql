select
    preference_id,
    client_id,
    channel,
    notification_type,
    is_enabled,
    updated_date
from {{ source('engagement', 'notification_preferences') }}
