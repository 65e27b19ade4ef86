select
    market_id,
    market_code,
    market_name,
    country_code,
    region_code,
    currency_code,
    time_zone,
    open_time,
    close_time
from {{ source('workplace', 'global_markets') }}
