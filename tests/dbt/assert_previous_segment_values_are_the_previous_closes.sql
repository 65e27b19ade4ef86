-- A segment's value at the previous close (int_portfolio_asset_class_values_daily prices each
-- position interval one day further) is its close value of the previous trading day, to var
-- attribution_tolerance relative, and every close value but the last trading day's is the
-- next day's previous value: the segment returns take a day's profit from the two.
with last_day as (
    select max(trading_day_index) as trading_day_index
    from {{ ref('int_trading_days') }}
)

select
    closes.securities_value_usd as close_value,
    nexts.previous_securities_value_usd as next_previous_value,
    coalesce(closes.portfolio_id, nexts.portfolio_id) as portfolio_id,
    coalesce(closes.segment_key, nexts.segment_key) as segment_key,
    coalesce(closes.trading_day_index, nexts.trading_day_index - 1) as trading_day_index
from {{ ref('int_portfolio_asset_class_values_daily') }} as closes
full outer join {{ ref('int_portfolio_asset_class_values_daily') }} as nexts
    on
        closes.portfolio_id = nexts.portfolio_id
        and closes.segment_key = nexts.segment_key
        and closes.trading_day_index + 1 = nexts.trading_day_index
cross join last_day
where
    (
        closes.securities_value_usd is not null
        and closes.trading_day_index < last_day.trading_day_index
        and nexts.previous_securities_value_usd is null
    )
    or (nexts.previous_securities_value_usd is not null and closes.securities_value_usd is null)
    or abs(closes.securities_value_usd - nexts.previous_securities_value_usd)
    > {{ var('attribution_tolerance') }} * abs(closes.securities_value_usd)
