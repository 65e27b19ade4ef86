-- Each security's segment in the sector segmentation (int_attribution_segments, doc
-- sector_segments): its sector, or its asset class where it has no sector or belongs to the
-- cash class, which that segmentation keeps whole. The sector segments nest in the classes,
-- so this one key places the security's values, trades and income in both segmentations.
with asset_classes as (
    select
        asset_class_code,
        is_cash
    from {{ ref('asset_classes') }}
),

sector_segments as (
    select
        segment_key,
        segment_code,
        asset_class_code
    from {{ ref('int_attribution_segments') }}
    where segmentation = 'sector'
)

select
    cast(securities.security_id as bigint) as security_id,
    cast(sector_segments.segment_key as bigint) as segment_key
from {{ ref('stg_securities') }} as securities
inner join asset_classes
    on securities.asset_class_code = asset_classes.asset_class_code
inner join sector_segments
    on
        securities.asset_class_code = sector_segments.asset_class_code
        and sector_segments.segment_code = case
            when securities.sector_code is null or asset_classes.is_cash then securities.asset_class_code
            else securities.sector_code
        end
