-- The security master with its asset class, sector and region names.
select
    cast(securities.security_id as bigint) as security_id,
    cast(securities.ticker as string) as ticker,
    cast(securities.security_name as string) as security_name,
    cast(securities.security_type as string) as security_type,
    cast(securities.asset_class_code as string) as asset_class_code,
    cast(asset_classes.asset_class_name as string) as asset_class_name,
    cast(securities.sector_code as string) as sector_code,
    cast(sectors.sector_name as string) as sector_name,
    cast(securities.region_code as string) as region_code,
    cast(regions.region_name as string) as region_name,
    cast(securities.currency_code as string) as currency_code,
    cast(securities.esg_score as double) as esg_score,
    cast(securities.credit_rating as string) as credit_rating
from {{ ref('stg_securities') }} as securities
inner join {{ ref('asset_classes') }} as asset_classes
    on securities.asset_class_code = asset_classes.asset_class_code
inner join {{ ref('sectors') }} as sectors
    on securities.sector_code = sectors.sector_code
inner join {{ ref('regions') }} as regions
    on securities.region_code = regions.region_code
