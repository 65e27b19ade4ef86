select
    rate_date,
    currency_code,
    cast(annual_rate as double) as annual_rate,
    cast(daily_rate as double) as daily_rate
from {{ source('raw', 'risk_free_rates') }}
