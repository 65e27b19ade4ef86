{%- set window = var('rolling_window_trading_days') -%}
{%- set days_per_year = var('trading_days_per_year') -%}
-- Rolling risk of every portfolio for charts: annualised volatility, Sharpe ratio and beta
-- over the last `rolling_window_trading_days` daily returns (rows of the portfolio's own
-- trading days, so the window is trading days, not calendar days). Null until the window
-- holds that many returns (and benchmark returns, for beta), and where the dispersion a
-- ratio divides by is 0 (a standard deviation of a constant series is exactly 0).
with portfolio_days as (
    select
        entity_id as portfolio_id,
        return_date,
        daily_return,
        daily_return - risk_free_return as excess_return,
        case when daily_return is not null then benchmark_return end as paired_benchmark_return
    from {{ ref('int_performance_entity_days') }}
    where entity_type = 'portfolio'
),

windows as (
    select
        portfolio_id,
        return_date,
        count(daily_return) over rolling_window as return_days,
        count(excess_return) over rolling_window as excess_days,
        count(paired_benchmark_return) over rolling_window as benchmark_days,
        stddev_samp(daily_return) over rolling_window as return_stddev,
        avg(excess_return) over rolling_window as mean_excess_return,
        stddev_samp(excess_return) over rolling_window as excess_stddev,
        var_pop(paired_benchmark_return) over rolling_window as benchmark_variance,
        -- the covariance over the benchmark's population variance (NaN when that is 0)
        regr_slope(daily_return, paired_benchmark_return) over rolling_window as benchmark_slope
    from portfolio_days
    window rolling_window as (
        partition by portfolio_id order by return_date rows between {{ window - 1 }} preceding and current row
    )
)

select
    cast(portfolio_id as bigint) as portfolio_id,
    cast(return_date as date) as return_date,
    cast({{ window }} as integer) as window_trading_days,
    cast(case when return_days = {{ window }} then return_stddev * sqrt({{ days_per_year }}) end as double)
        as rolling_volatility,
    cast(
        case
            when excess_days = {{ window }} and excess_stddev > 0
                then mean_excess_return / excess_stddev * sqrt({{ days_per_year }})
        end as double
    ) as rolling_sharpe_ratio,
    cast(
        case when benchmark_days = {{ window }} and benchmark_variance >= 1e-30 then benchmark_slope end as double
    ) as rolling_beta
from windows
