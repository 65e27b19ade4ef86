select
    survey_id,
    client_id,
    survey_date,
    survey_type,
    nps_score,
    satisfaction_score,
    comment,
    nps_category
from {{ source('engagement', 'client_surveys') }}
