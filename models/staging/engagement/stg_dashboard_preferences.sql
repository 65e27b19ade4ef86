select
    preference_id,
    client_id,
    widget,
    position,
    is_visible,
    theme,
    default_period,
    updated_date
from {{ source('engagement', 'dashboard_preferences') }}
