-- Client preferences agree with the client record: the language is the client's preferred
-- language and the contact channel the preferred channel of their cultural preferences.
select
    preferences.client_id,
    preferences.language,
    clients.preferred_language,
    preferences.contact_channel,
    clients.preferred_channel
from {{ ref('stg_client_preferences') }} as preferences
inner join {{ ref('stg_clients') }} as clients
    on preferences.client_id = clients.client_id
where
    preferences.language != clients.preferred_language
    or preferences.contact_channel != clients.preferred_channel
