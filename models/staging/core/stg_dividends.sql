select
    dividend_id,
    security_id,
    distribution_type,
    ex_date,
    pay_date,
    cast(amount_per_share as double) as amount_per_share,
    currency_code
from {{ source('raw', 'dividends') }}
