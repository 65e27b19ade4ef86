select
    rating_id,
    security_id,
    agency,
    rating,
    rating_date,
    outlook,
    previous_rating,
    rating_action
from {{ source('wealth_planning', 'security_ratings') }}
