select
    assignment_id,
    client_id,
    advisor_id,
    assignment_role,
    start_date,
    end_date,
    change_reason
from {{ source('raw', 'advisor_assignments') }}
