-- Daily time-weighted return of every portfolio, net of fees, with external flows at the
-- end of the day: r_t = (MV_t - MV_{t-1} - CF_t) / MV_{t-1}, the previous value taken from
-- the portfolio's previous trading day (lag, never date - 1). The inception day has no
-- return. The benchmark's return on the same day is beside it, and log_wealth, the running
-- sum of ln(1 + r): the cumulative TWR index in logs (see the log_growth macro), with
-- benchmark_log_wealth, the benchmark's over the same days (the benchmark_log_growth macro).
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

benchmarked_returns as (
    select
        daily_returns.*,
        portfolios.benchmark_code,
        benchmarks.benchmark_return
    from daily_returns
    inner join {{ ref('stg_portfolios') }} as portfolios
        on daily_returns.portfolio_id = portfolios.portfolio_id
    left join {{ ref('int_benchmark_returns_daily') }} as benchmarks
        on portfolios.benchmark_code = benchmarks.benchmark_code and daily_returns.return_date = benchmarks.level_date
),

indexed_returns as (
    select
        *,
        sum({{ log_growth('daily_return') }}) over running as log_wealth,
        sum({{ benchmark_log_growth('daily_return', 'benchmark_return') }}) over running as benchmark_log_wealth
    from benchmarked_returns
    window running as (partition by portfolio_id order by return_date rows between unbounded preceding and current row)
)

select
    cast(portfolio_id as bigint) as portfolio_id,
    cast(return_date as date) as return_date,
    cast(market_value as double) as market_value,
    cast(previous_market_value as double) as previous_market_value,
    cast(net_external_flow as double) as net_external_flow,
    cast(daily_return as double) as daily_return,
    cast(benchmark_code as string) as benchmark_code,
    cast(benchmark_return as double) as benchmark_return,
    cast(log_wealth as double) as log_wealth,
    cast(benchmark_log_wealth as double) as benchmark_log_wealth
from indexed_returns
