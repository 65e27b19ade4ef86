select
    report_id,
    portfolio_id,
    client_id,
    report_type,
    period_start,
    period_end,
    issued_date,
    delivery_channel,
    document_id
from {{ source('workplace', 'portfolio_reports') }}
