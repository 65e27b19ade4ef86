-- Daily time-weighted return of every portfolio, net of fees, with external flows at the
-- end of the day: r_t = (MV_t - MV_{t-1} - CF_t) / MV_{t-1}, the previous value taken from
-- the portfolio's previous trading day (lag, never date - 1). The inception day has no
-- return. The benchmark's return on the same day is beside it, and log_wealth, the running
-- sum of ln(1 + r): the cumulative TWR index in logs (see the log_growth macro).
with valuations as (
    select
        portfolio_id,
        valuation_date,
        market_value,
        cast(net_external_flow as double) as net_external_flow,
        lag(market_value) over (partition by portfolio_id order by valuation_date) as previous_market_value
    from {{ ref('fct_portfolio_valuation_daily') }}
),

daily_returns as (
    select
        portfolio_id,
        valuation_date as return_date,
        market_value,
        previous_market_value,
        net_external_flow,
        (market_value - previous_market_value - net_external_flow) / nullif(previous_market_value, 0) as daily_return
    from valuations
),

indexed_returns as (
    select
        *,
        sum({{ log_growth('daily_return') }}) over (
            partition by portfolio_id order by return_date rows between unbounded preceding and current row
        ) as log_wealth
    from daily_returns
)

select
    cast(indexed_returns.portfolio_id as bigint) as portfolio_id,
    cast(indexed_returns.return_date as date) as return_date,
    cast(indexed_returns.market_value as double) as market_value,
    cast(indexed_returns.previous_market_value as double) as previous_market_value,
    cast(indexed_returns.net_external_flow as double) as net_external_flow,
    cast(indexed_returns.daily_return as double) as daily_return,
    cast(portfolios.benchmark_code as string) as benchmark_code,
    cast(benchmarks.benchmark_return as double) as benchmark_return,
    cast(indexed_returns.log_wealth as double) as log_wealth
from indexed_returns
inner join {{ ref('stg_portfolios') }} as portfolios
    on indexed_returns.portfolio_id = portfolios.portfolio_id
left join {{ ref('int_benchmark_returns_daily') }} as benchmarks
    on portfolios.benchmark_code = benchmarks.benchmark_code and indexed_returns.return_date = benchmarks.level_date
