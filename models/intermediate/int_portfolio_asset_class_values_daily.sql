-- Value of each portfolio's securities of each asset class and sector at the close of each
-- trading day, in US dollars: each position interval spread over the trading days it covers,
-- priced at that day's close, and summed straight to portfolio, asset class, sector and day
-- (no position-by-day table is kept). The valuation sums it over the classes and sectors
-- (int_portfolio_securities_value_daily); attribution reads it by class and by sector
-- (int_portfolio_segment_returns_daily), so that the costly join of position-days and prices
-- is made once for both.
-- A security's close on a day is found by one integer key, security_id * day_count +
-- trading_day_index (day_count: the number of trading days, so no two pairs share a key),
-- rather than by the pair of columns: at 10,000 clients the join probes 375 million
-- position-days, and one integer key is several times cheaper to hash and compare; for the
-- same reason the class-sector pairs are grouped by a number (class_sector_keys), their codes
-- joined after.
with day_count as (
    select max(trading_day_index) + 1 as trading_day_count
    from {{ ref('int_trading_days') }}
),

security_classes as (
    -- one number per pair of asset class and sector (a missing sector is a pair of its own)
    select
        securities.security_id,
        securities.asset_class_code,
        securities.sector_code,
        dense_rank() over (order by securities.asset_class_code, securities.sector_code) as class_sector_key
    from {{ ref('stg_securities') }} as securities
    inner join {{ ref('asset_classes') }} as asset_classes
        on securities.asset_class_code = asset_classes.asset_class_code
),

class_sector_keys as (
    select distinct
        class_sector_key,
        asset_class_code,
        sector_code
    from security_classes
),

position_days as (
    select
        positions.portfolio_id,
        security_classes.class_sector_key,
        positions.quantity,
        positions.security_id * day_count.trading_day_count as security_key,
        {{ integer_range('positions.valid_from_index', 'positions.valid_to_index') }} as trading_day_index
    from {{ ref('int_position_intervals') }} as positions
    inner join security_classes
        on positions.security_id = security_classes.security_id
    cross join day_count
    where positions.quantity > 0
),

keyed_prices as (
    select
        prices.close_price_usd,
        prices.security_id * day_count.trading_day_count + days.trading_day_index as price_key
    from {{ ref('int_security_prices_usd') }} as prices
    inner join {{ ref('int_trading_days') }} as days
        on prices.price_date = days.trading_date
    cross join day_count
),

class_sector_values as (
    select
        position_days.portfolio_id,
        position_days.class_sector_key,
        position_days.trading_day_index,
        sum(position_days.quantity * keyed_prices.close_price_usd) as securities_value_usd
    from position_days
    inner join keyed_prices
        on position_days.security_key + position_days.trading_day_index = keyed_prices.price_key
    group by position_days.portfolio_id, position_days.class_sector_key, position_days.trading_day_index
)

select
    cast(class_sector_values.portfolio_id as bigint) as portfolio_id,
    cast(class_sector_keys.asset_class_code as string) as asset_class_code,
    cast(class_sector_keys.sector_code as string) as sector_code,
    cast(class_sector_values.trading_day_index as bigint) as trading_day_index,
    cast(days.trading_date as date) as trading_date,
    cast(class_sector_values.securities_value_usd as double) as securities_value_usd
from class_sector_values
inner join class_sector_keys
    on class_sector_values.class_sector_key = class_sector_keys.class_sector_key
inner join {{ ref('int_trading_days') }} as days
    on class_sector_values.trading_day_index = days.trading_day_index
{{ storage_order(['class_sector_values.portfolio_id', 'class_sector_values.trading_day_index']) }}
