select
    rate_date,
    currency_code,
    cast(usd_per_unit as double) as usd_per_unit
from {{ source('raw', 'fx_rates') }}
