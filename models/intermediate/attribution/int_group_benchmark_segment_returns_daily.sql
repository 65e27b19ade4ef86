-- Each group's benchmark return split into segments (see doc group_benchmark_segment_returns):
-- fct_group_returns_daily weights its members' benchmark returns by their capital at work
-- (previous value in the reporting currency + opening deposit), so each asset class's weight
-- in the group's benchmark is the capital-weighted mean of its weights in the members'
-- benchmarks, and its return the mean of the members' benchmark segment returns
-- (int_benchmark_segment_returns_daily) weighted by capital x weight (by capital alone where
-- no member's benchmark holds the class). The contributions sum to the group's benchmark
-- return. The capital is summed per benchmark first, so the segments are read once per
-- group, day and benchmark, not once per member. Unordered: its reader groups it by hash,
-- and sorting its rows (68 million at 10,000 clients) took half the model's time.
with reporting_fx as (
    select
        rate_date,
        usd_per_unit
    from {{ ref('stg_fx_rates') }}
    where currency_code = '{{ var("reporting_currency") }}'
),

portfolio_rates as (
    select
        daily_returns.portfolio_id,
        portfolios.client_id,
        daily_returns.return_date,
        daily_returns.benchmark_code,
        daily_returns.net_external_flow * fx.usd_per_unit / reporting_fx.usd_per_unit as reporting_flow,
        lag(daily_returns.market_value * fx.usd_per_unit / reporting_fx.usd_per_unit) over (
            partition by daily_returns.portfolio_id order by daily_returns.return_date
        ) as previous_reporting_value
    from {{ ref('fct_portfolio_returns_daily') }} as daily_returns
    inner join {{ ref('stg_portfolios') }} as portfolios
        on daily_returns.portfolio_id = portfolios.portfolio_id
    inner join {{ ref('stg_fx_rates') }} as fx
        on portfolios.base_currency_code = fx.currency_code and daily_returns.return_date = fx.rate_date
    inner join reporting_fx
        on daily_returns.return_date = reporting_fx.rate_date
),

member_capital as (
    -- each member's capital at work: its previous value, or its opening deposit
    select
        client_id,
        return_date,
        benchmark_code,
        coalesce(previous_reporting_value, reporting_flow) as capital
    from portfolio_rates
),

client_capital as (
    select
        client_id,
        return_date,
        benchmark_code,
        sum(capital) as capital
    from member_capital
    where capital > 0
    group by client_id, return_date, benchmark_code
),

{{ client_group_members('client_capital') }},

group_capital as (
    -- each group's capital by benchmark
    select
        'client' as entity_type,
        client_id as entity_id,
        return_date,
        benchmark_code,
        capital
    from client_capital
    union all
    select
        entity_type,
        entity_id,
        return_date,
        benchmark_code,
        sum(capital) as capital
    from client_members
    group by entity_type, entity_id, return_date, benchmark_code
),

group_days as (
    -- the group's days with a benchmark return, and its capital at work (doc group_return)
    select
        entity_type,
        entity_id,
        return_date,
        benchmark_return,
        previous_market_value + inception_flow as capital
    from {{ ref('fct_group_returns_daily') }}
    where benchmark_return is not null
),

segment_sums as (
    select
        group_capital.entity_type,
        group_capital.entity_id,
        group_capital.return_date,
        benchmark_segments.segment_code,
        sum(group_capital.capital) as capital,
        sum(group_capital.capital * benchmark_segments.segment_weight) as weighted_capital,
        sum(group_capital.capital * benchmark_segments.segment_return) as capital_return,
        sum(group_capital.capital * benchmark_segments.contribution) as weighted_return
    from group_capital
    inner join {{ ref('int_benchmark_segment_returns_daily') }} as benchmark_segments
        on
            group_capital.benchmark_code = benchmark_segments.benchmark_code
            and group_capital.return_date = benchmark_segments.return_date
    where benchmark_segments.segmentation = 'asset_class'
    group by
        group_capital.entity_type, group_capital.entity_id, group_capital.return_date, benchmark_segments.segment_code
)

select
    cast(group_days.entity_type as string) as entity_type,
    cast(group_days.entity_id as bigint) as entity_id,
    cast(group_days.return_date as date) as return_date,
    cast(segment_sums.segment_code as string) as segment_code,
    cast(segment_sums.weighted_capital / group_days.capital as double) as segment_weight,
    cast(
        case
            when segment_sums.weighted_capital != 0 then segment_sums.weighted_return / segment_sums.weighted_capital
            else segment_sums.capital_return / segment_sums.capital
        end as double
    ) as segment_return,
    cast(segment_sums.weighted_return / group_days.capital as double) as contribution,
    cast(group_days.benchmark_return as double) as benchmark_return
from segment_sums
inner join group_days
    on
        segment_sums.entity_type = group_days.entity_type
        and segment_sums.entity_id = group_days.entity_id
        and segment_sums.return_date = group_days.return_date
