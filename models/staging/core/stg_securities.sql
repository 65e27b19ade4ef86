select
    security_id,
    ticker,
    security_name,
    security_type,
    asset_class_code,
    sector_code,
    region_code,
    currency_code,
    cast(dividend_yield as double) as dividend_yield,
    cast(coupon_rate as double) as coupon_rate,
    cast(duration_years as double) as duration_years,
    maturity_date,
    credit_rating,
    cast(esg_score as double) as esg_score,
    listing_date,
    cast(market_cap_usd as double) as market_cap_usd
from {{ source('raw', 'securities') }}
