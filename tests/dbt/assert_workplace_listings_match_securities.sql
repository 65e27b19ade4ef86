-- Every security trades on a market of its own currency, in its own region except US dollar
-- emerging-market securities, which trade as US listings on XNAS.
select
    securities.security_id,
    securities.region_code,
    securities.currency_code,
    markets.market_code
from {{ ref('stg_security_listings') }} as listings
inner join {{ ref('stg_securities') }} as securities
    on listings.security_id = securities.security_id
inner join {{ ref('stg_global_markets') }} as markets
    on listings.market_id = markets.market_id
where
    markets.currency_code <> securities.currency_code
    or (securities.region_code <> 'emerging_markets' and markets.region_code <> securities.region_code)
    or (securities.region_code = 'emerging_markets' and markets.market_code <> 'XNAS')
