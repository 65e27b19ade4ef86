select
    interaction_id,
    client_id,
    campaign,
    channel,
    interaction_type,
    occurred_at,
    converted
from {{ source('workplace', 'marketing_interactions') }}
