select
    ticket_id,
    client_id,
    advisor_id,
    opened_at,
    closed_at,
    channel,
    category,
    priority,
    status,
    subject,
    description,
    satisfaction_rating
from {{ source('engagement', 'support_tickets') }}
