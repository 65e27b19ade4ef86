-- A notification is only sent on a channel the client has enabled for its type.
select
    notifications.notification_id,
    notifications.client_id,
    notifications.channel,
    notifications.notification_type,
    preferences.is_enabled
from {{ ref('stg_notifications') }} as notifications
left join {{ ref('stg_notification_preferences') }} as preferences
    on
        notifications.client_id = preferences.client_id
        and notifications.channel = preferences.channel
        and notifications.notification_type = preferences.notification_type
where preferences.is_enabled is null or not preferences.is_enabled
