select
    preference_id,
    client_id,
    contact_channel,
    contact_frequency,
    statement_delivery,
    language,
    reporting_currency,
    esg_interest,
    updated_date
from {{ source('engagement', 'client_preferences') }}
