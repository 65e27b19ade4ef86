-- Each benchmark's daily return split into segments, from the same prices its levels were
-- built from (see doc benchmark_segment_returns), in two segmentations. By asset class: every
-- class's weight in the benchmark (seed benchmark_components, 0 for the classes it leaves
-- out) and its universe's return, the equal-weighted mean of the class's securities' price
-- returns in their own currencies plus the class's mean income yield spread over the trading
-- days of a year; the cash class earns the risk-free rate of the benchmark's currency. By
-- sector: each class's universe split by its securities' sectors (doc sector_segments), a
-- sector weighing its class's weight times its share of the class's securities, and earning
-- the same mean over its own securities; the cash class, and securities without a sector,
-- stay whole as their class. The levels are published to 6 decimals, so the weighted
-- universe returns miss the level's return by that rounding: level_adjustment, added to
-- every segment's return, so that each segmentation's contributions sum exactly to the
-- return of the levels (int_benchmark_returns_daily).
with benchmark_days as (
    select
        benchmark_code,
        level_date as return_date,
        benchmark_return,
        lag(index_level) over (partition by benchmark_code order by level_date) as previous_index_level
    from {{ ref('int_benchmark_returns_daily') }}
),

asset_classes as (
    select
        asset_class_code,
        is_cash
    from {{ ref('asset_classes') }}
),

segmentations as (
    select 'asset_class' as segmentation
    union all
    select 'sector' as segmentation
),

security_returns as (
    select
        securities.asset_class_code,
        prices.price_date,
        coalesce(securities.sector_code, securities.asset_class_code) as sector_segment_code,
        case when securities.sector_code is null then 'asset_class' else 'sector' end as sector_segment_kind,
        prices.close_price / lag(prices.close_price) over (
            partition by prices.security_id order by prices.price_date
        ) - 1 as price_return,
        coalesce(securities.dividend_yield, 0) + coalesce(securities.coupon_rate, 0) as income_yield
    from {{ ref('stg_prices') }} as prices
    inner join {{ ref('stg_securities') }} as securities
        on prices.security_id = securities.security_id
),

class_universe_returns as (
    select
        security_returns.asset_class_code,
        security_returns.price_date as return_date,
        avg(security_returns.price_return)
        + avg(security_returns.income_yield) / {{ var('trading_days_per_year') }} as universe_return
    from security_returns
    inner join asset_classes
        on security_returns.asset_class_code = asset_classes.asset_class_code
    where security_returns.price_return is not null and not asset_classes.is_cash
    group by security_returns.asset_class_code, security_returns.price_date
),

sector_universe_counts as (
    -- the same means over each sector's securities, and the sector's count of the class's
    select
        security_returns.asset_class_code,
        security_returns.sector_segment_code,
        security_returns.price_date as return_date,
        max(security_returns.sector_segment_kind) as segment_kind,
        count(*) as security_count,
        avg(security_returns.price_return)
        + avg(security_returns.income_yield) / {{ var('trading_days_per_year') }} as universe_return
    from security_returns
    inner join asset_classes
        on security_returns.asset_class_code = asset_classes.asset_class_code
    where security_returns.price_return is not null and not asset_classes.is_cash
    group by security_returns.asset_class_code, security_returns.sector_segment_code, security_returns.price_date
),

sector_universe_returns as (
    select
        asset_class_code,
        sector_segment_code,
        return_date,
        segment_kind,
        universe_return,
        cast(security_count as double) / sum(security_count) over (
            partition by asset_class_code, return_date
        ) as class_share
    from sector_universe_counts
),

universes as (
    -- every segment of both segmentations with its class and its share of the class
    select
        'asset_class' as segmentation,
        asset_class_code,
        asset_class_code as segment_code,
        'asset_class' as segment_kind,
        return_date,
        1e0 as class_share,
        universe_return
    from class_universe_returns
    union all
    select
        'sector' as segmentation,
        asset_class_code,
        sector_segment_code as segment_code,
        segment_kind,
        return_date,
        class_share,
        universe_return
    from sector_universe_returns
),

segment_universes as (
    select
        benchmarks.benchmark_code,
        universes.segmentation,
        universes.asset_class_code,
        universes.segment_code,
        universes.segment_kind,
        universes.return_date,
        universes.class_share,
        universes.universe_return
    from {{ ref('benchmarks') }} as benchmarks
    cross join universes
    union all
    -- the cash class, whole in both segmentations
    select
        benchmarks.benchmark_code,
        segmentations.segmentation,
        asset_classes.asset_class_code,
        asset_classes.asset_class_code as segment_code,
        'asset_class' as segment_kind,
        risk_free.rate_date as return_date,
        1e0 as class_share,
        risk_free.daily_rate as universe_return
    from {{ ref('benchmarks') }} as benchmarks
    inner join {{ ref('stg_risk_free_rates') }} as risk_free
        on benchmarks.currency_code = risk_free.currency_code
    cross join asset_classes
    cross join segmentations
    where asset_classes.is_cash
),

weighted_segments as (
    select
        segment_universes.benchmark_code,
        segment_universes.return_date,
        segment_universes.segmentation,
        segment_universes.segment_code,
        segment_universes.segment_kind,
        segment_universes.asset_class_code,
        segment_universes.universe_return,
        benchmark_days.benchmark_return,
        benchmark_days.previous_index_level,
        cast(coalesce(components.weight, 0) as double) * segment_universes.class_share as segment_weight
    from segment_universes
    inner join benchmark_days
        on
            segment_universes.benchmark_code = benchmark_days.benchmark_code
            and segment_universes.return_date = benchmark_days.return_date
    left join {{ ref('benchmark_components') }} as components
        on
            segment_universes.benchmark_code = components.benchmark_code
            and segment_universes.asset_class_code = components.asset_class_code
    where benchmark_days.benchmark_return is not null
),

adjusted_segments as (
    select
        *,
        benchmark_return - sum(segment_weight * universe_return) over (
            partition by benchmark_code, return_date, segmentation
        ) as level_adjustment
    from weighted_segments
)

select
    cast(benchmark_code as string) as benchmark_code,
    cast(return_date as date) as return_date,
    cast(segmentation as string) as segmentation,
    cast(segment_code as string) as segment_code,
    cast(segment_kind as string) as segment_kind,
    cast(asset_class_code as string) as asset_class_code,
    cast(segment_weight as double) as segment_weight,
    cast(universe_return as double) as universe_return,
    cast(level_adjustment as double) as level_adjustment,
    cast(universe_return + level_adjustment as double) as segment_return,
    cast(segment_weight * (universe_return + level_adjustment) as double) as contribution,
    cast(benchmark_return as double) as benchmark_return,
    cast(previous_index_level as double) as previous_index_level
from adjusted_segments
