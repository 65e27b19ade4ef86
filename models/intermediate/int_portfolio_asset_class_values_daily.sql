-- Value of each portfolio's securities of each segment of the sector segmentation (a sector,
-- or an asset class kept whole: int_security_segments) at the close of each trading day, in
-- US dollars, and the value at the previous trading day's close of the positions then held:
-- each position interval spread over the trading days it covers, and one day more, priced
-- at that day's close and at the previous one, and summed straight to portfolio, day and
-- segment (no position-by-day table is kept). The sector segments nest in the asset classes,
-- so this one grain serves the valuation (int_portfolio_securities_value_daily, the close
-- values summed per portfolio and day) and both segmentations of the attribution
-- (int_portfolio_segment_returns_daily, where a day's profit is its close value less the
-- previous close's): the costly join of position-days and prices is made once for all, and
-- the previous close's value is summed here on the same position-days, so that the segment
-- returns need not match each row with the previous day's (24 million at 1,000 clients).
-- A security's close on a day is found by one integer key, security_id * day_count +
-- trading_day_index (day_count: the number of trading days, so no two pairs share a key),
-- rather than by the pair of columns: at 10,000 clients the join probes 375 million
-- position-days, and one integer key is several times cheaper to hash and compare; for the
-- same reason the segments are integer keys (int_attribution_segments), whose codes the
-- attribution marts join at the end.
with day_count as (
    select max(trading_day_index) + 1 as trading_day_count
    from {{ ref('int_trading_days') }}
),

position_days as (
    -- each day of an interval and the day after it: a close value on the days it covers, a
    -- previous close's value on the days after its first
    select
        positions.portfolio_id,
        security_segments.segment_key,
        positions.quantity,
        positions.valid_from_index,
        positions.valid_to_index,
        positions.security_id * day_count.trading_day_count as security_key,
        {{ integer_range(
            'positions.valid_from_index',
            'least(positions.valid_to_index + 1, day_count.trading_day_count)',
        ) }} as trading_day_index
    from {{ ref('int_position_intervals') }} as positions
    inner join {{ ref('int_security_segments') }} as security_segments
        on positions.security_id = security_segments.security_id
    cross join day_count
    where positions.quantity > 0
),

day_prices as (
    select
        prices.security_id,
        days.trading_day_index,
        prices.close_price_usd
    from {{ ref('int_security_prices_usd') }} as prices
    inner join {{ ref('int_trading_days') }} as days
        on prices.price_date = days.trading_date
),

close_pairs as (
    -- each security's close on a day and on the trading day before (either may be missing)
    select
        closes.close_price_usd,
        previous_closes.close_price_usd as previous_close_price_usd,
        coalesce(closes.security_id, previous_closes.security_id) as security_id,
        coalesce(closes.trading_day_index, previous_closes.trading_day_index + 1) as trading_day_index
    from day_prices as closes
    full outer join day_prices as previous_closes
        on
            closes.security_id = previous_closes.security_id
            and closes.trading_day_index = previous_closes.trading_day_index + 1
),

keyed_prices as (
    select
        close_pairs.close_price_usd,
        close_pairs.previous_close_price_usd,
        close_pairs.security_id * day_count.trading_day_count + close_pairs.trading_day_index as price_key
    from close_pairs
    cross join day_count
    where close_pairs.trading_day_index < day_count.trading_day_count
)

select
    cast(position_days.portfolio_id as bigint) as portfolio_id,
    cast(position_days.trading_day_index as bigint) as trading_day_index,
    cast(position_days.segment_key as bigint) as segment_key,
    cast(
        sum(
            case
                when position_days.trading_day_index < position_days.valid_to_index
                    then position_days.quantity * keyed_prices.close_price_usd
            end
        )
        as double
    ) as securities_value_usd,
    cast(
        sum(
            case
                when position_days.trading_day_index > position_days.valid_from_index
                    then position_days.quantity * keyed_prices.previous_close_price_usd
            end
        )
        as double
    ) as previous_securities_value_usd
from position_days
inner join keyed_prices
    on position_days.security_key + position_days.trading_day_index = keyed_prices.price_key
group by position_days.portfolio_id, position_days.trading_day_index, position_days.segment_key
{{ storage_order(['position_days.portfolio_id', 'position_days.trading_day_index']) }}
