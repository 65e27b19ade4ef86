-- Close of every security on every trading day, with its currency's dollar rate, so that a
-- position's value in any base currency is quantity * close_usd / base currency's rate.
select
    prices.security_id,
    prices.price_date,
    securities.currency_code,
    prices.close_price,
    fx.usd_per_unit,
    prices.close_price * fx.usd_per_unit as close_price_usd
from {{ ref('stg_prices') }} as prices
inner join {{ ref('stg_securities') }} as securities
    on prices.security_id = securities.security_id
inner join {{ ref('stg_fx_rates') }} as fx
    on securities.currency_code = fx.currency_code and prices.price_date = fx.rate_date
