select
    assignment_id,
    tag_id,
    client_id,
    assigned_date,
    assigned_by_advisor_id
from {{ source('workplace', 'tag_assignments') }}
