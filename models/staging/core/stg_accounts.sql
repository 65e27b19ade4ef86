select
    account_id,
    client_id,
    account_number,
    account_type,
    tax_treatment,
    currency_code,
    opened_date,
    account_status
from {{ source('raw', 'accounts') }}
