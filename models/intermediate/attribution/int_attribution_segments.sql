-- Every segment of the two segmentations of the attribution (docs segment_returns,
-- sector_segments), one row each with a small integer key: segmentation asset_class, every
-- asset class; segmentation sector, every sector of the securities of a class other than the
-- cash class, and every class kept whole (the cash class; a class's securities without a
-- sector); in both, the weightless trading and fees. Each segment names the segment of the
-- asset-class segmentation it belongs to, so that sector amounts add up to their classes'.
-- The attribution's daily tables (int_portfolio_asset_class_values_daily,
-- int_portfolio_segment_returns_daily) and the marts' working rows carry segment_key instead
-- of the codes: at 1,000 clients the daily segment table has 34 million rows, which one small
-- integer groups, joins and sorts several times faster than three strings; the marts join the
-- codes back onto their own rows. The keys rank (segmentation, segment_code), so those of
-- the asset-class segmentation come first.
with asset_classes as (
    select
        asset_class_code,
        is_cash
    from {{ ref('asset_classes') }}
),

class_sectors as (
    -- the sectors that split a class: those of its securities, the cash class's excepted
    select distinct
        securities.asset_class_code,
        securities.sector_code
    from {{ ref('stg_securities') }} as securities
    inner join asset_classes
        on securities.asset_class_code = asset_classes.asset_class_code
    where securities.sector_code is not null and not asset_classes.is_cash
),

segmentations as (
    select 'asset_class' as segmentation
    union all
    select 'sector' as segmentation
),

weightless_segments as (
    select 'trading' as segment_code
    union all
    select 'fees' as segment_code
),

segments as (
    select
        'asset_class' as segmentation,
        asset_class_code as segment_code,
        'asset_class' as segment_kind,
        asset_class_code
    from asset_classes
    union all
    -- a class kept whole in the sector segmentation
    select
        'sector' as segmentation,
        asset_class_code as segment_code,
        'asset_class' as segment_kind,
        asset_class_code
    from asset_classes
    union all
    select
        'sector' as segmentation,
        sector_code as segment_code,
        'sector' as segment_kind,
        asset_class_code
    from class_sectors
    union all
    select
        segmentations.segmentation,
        weightless_segments.segment_code,
        weightless_segments.segment_code as segment_kind,
        cast(null as string) as asset_class_code
    from segmentations
    cross join weightless_segments
),

keyed_segments as (
    select
        segmentation,
        segment_code,
        segment_kind,
        asset_class_code,
        dense_rank() over (order by segmentation, segment_code) as segment_key
    from segments
)

select
    cast(keyed_segments.segment_key as bigint) as segment_key,
    cast(keyed_segments.segmentation as string) as segmentation,
    cast(keyed_segments.segment_code as string) as segment_code,
    cast(keyed_segments.segment_kind as string) as segment_kind,
    cast(keyed_segments.asset_class_code as string) as asset_class_code,
    cast(class_segments.segment_key as bigint) as asset_class_segment_key
from keyed_segments
inner join keyed_segments as class_segments
    on
        class_segments.segmentation = 'asset_class'
        and class_segments.segment_code = coalesce(keyed_segments.asset_class_code, keyed_segments.segment_code)
