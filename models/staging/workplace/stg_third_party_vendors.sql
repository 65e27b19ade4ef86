select
    vendor_id,
    vendor_name,
    service,
    contract_start,
    contract_end,
    contract_status,
    cast(annual_cost as double) as annual_cost,
    currency_code,
    risk_rating
from {{ source('workplace', 'third_party_vendors') }}
