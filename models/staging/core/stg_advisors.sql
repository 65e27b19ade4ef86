select
    advisor_id,
    first_name,
    last_name,
    email,
    phone,
    title,
    certification,
    office_city,
    office_country,
    hire_date,
    is_active
from {{ source('raw', 'advisors') }}
