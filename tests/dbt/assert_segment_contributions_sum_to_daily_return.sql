-- Every portfolio day with a return is split into segments whose contributions sum to the
-- day's return, and whose asset classes' beginning weights sum to 1; no day without a return
-- has segments.
with segment_sums as (
    select
        portfolio_id,
        return_date,
        sum(contribution) as contribution,
        sum(beginning_weight) as beginning_weight
    from {{ ref('int_portfolio_segment_returns_daily') }}
    group by portfolio_id, return_date
),

daily_returns as (
    select
        portfolio_id,
        return_date,
        daily_return
    from {{ ref('fct_portfolio_returns_daily') }}
    where daily_return is not null
)

select
    daily_returns.daily_return,
    segment_sums.contribution,
    segment_sums.beginning_weight,
    coalesce(daily_returns.portfolio_id, segment_sums.portfolio_id) as portfolio_id,
    coalesce(daily_returns.return_date, segment_sums.return_date) as return_date
from daily_returns
full outer join segment_sums
    on daily_returns.portfolio_id = segment_sums.portfolio_id and daily_returns.return_date = segment_sums.return_date
where
    daily_returns.portfolio_id is null
    or segment_sums.portfolio_id is null
    or abs(segment_sums.contribution - daily_returns.daily_return) > {{ var('attribution_tolerance') }}
    or abs(segment_sums.beginning_weight - 1) > {{ var('attribution_tolerance') }}
