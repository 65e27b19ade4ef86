select
    security_id,
    price_date,
    cast(close_price as double) as close_price
from {{ source('raw', 'prices') }}
