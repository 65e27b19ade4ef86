-- Daily time-weighted return of every portfolio, net of fees, with external flows at the
-- end of the day: r_t = (MV_t - MV_{t-1} - CF_t) / MV_{t-1}, the previous value taken from
-- the portfolio's previous trading day (lag, never date - 1). The inception day has no
-- return. The benchmark's return on the same day is beside it.
with valuations as (
    select
        portfolio_id,
        valuation_date,
        market_value,
        cast(net_external_flow as double) as net_external_flow,
        lag(market_value) over (partition by portfolio_id order by valuation_date) as previous_market_value
    from {{ ref('fct_portfolio_valuation_daily') }}
)

select
    cast(valuations.portfolio_id as bigint) as portfolio_id,
    cast(valuations.valuation_date as date) as return_date,
    cast(valuations.market_value as double) as market_value,
    cast(valuations.previous_market_value as double) as previous_market_value,
    cast(valuations.net_external_flow as double) as net_external_flow,
    cast(
        (valuations.market_value - valuations.previous_market_value - valuations.net_external_flow)
        / nullif(valuations.previous_market_value, 0) as double
    ) as daily_return,
    cast(portfolios.benchmark_code as string) as benchmark_code,
    cast(benchmarks.benchmark_return as double) as benchmark_return
from valuations
inner join {{ ref('stg_portfolios') }} as portfolios
    on valuations.portfolio_id = portfolios.portfolio_id
left join {{ ref('int_benchmark_returns_daily') }} as benchmarks
    on portfolios.benchmark_code = benchmarks.benchmark_code and valuations.valuation_date = benchmarks.level_date
