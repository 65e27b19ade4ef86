-- Every portfolio day with a return is split, in each segmentation (asset class, sector),
-- into segments whose contributions sum to the day's return, and whose held segments'
-- beginning weights sum to 1; no day without a return has segments.
with segment_sums as (
    select
        segment_returns.portfolio_id,
        segment_returns.return_date,
        segments.segmentation,
        sum(segment_returns.contribution) as contribution,
        sum(segment_returns.beginning_weight) as beginning_weight
    from {{ ref('int_portfolio_segment_returns_daily') }} as segment_returns
    inner join {{ ref('int_attribution_segments') }} as segments
        on segment_returns.segment_key = segments.segment_key
    group by segment_returns.portfolio_id, segment_returns.return_date, segments.segmentation
),

segmentations as (
    select 'asset_class' as segmentation
    union all
    select 'sector' as segmentation
),

daily_returns as (
    select
        returns_daily.portfolio_id,
        returns_daily.return_date,
        segmentations.segmentation,
        returns_daily.daily_return
    from {{ ref('fct_portfolio_returns_daily') }} as returns_daily
    cross join segmentations
    where returns_daily.daily_return is not null
)

select
    daily_returns.daily_return,
    segment_sums.contribution,
    segment_sums.beginning_weight,
    coalesce(daily_returns.portfolio_id, segment_sums.portfolio_id) as portfolio_id,
    coalesce(daily_returns.return_date, segment_sums.return_date) as return_date,
    coalesce(daily_returns.segmentation, segment_sums.segmentation) as segmentation
from daily_returns
full outer join segment_sums
    on
        daily_returns.portfolio_id = segment_sums.portfolio_id
        and daily_returns.return_date = segment_sums.return_date
        and daily_returns.segmentation = segment_sums.segmentation
where
    daily_returns.portfolio_id is null
    or segment_sums.portfolio_id is null
    or abs(segment_sums.contribution - daily_returns.daily_return) > {{ var('attribution_tolerance') }}
    or abs(segment_sums.beginning_weight - 1) > {{ var('attribution_tolerance') }}
