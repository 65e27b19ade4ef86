select
    security_id,
    market_id
from {{ source('workplace', 'security_listings') }}
