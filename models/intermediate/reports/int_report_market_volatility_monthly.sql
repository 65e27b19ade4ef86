-- Realised volatility of the market benchmark (seed benchmarks, is_market_benchmark: the broad
-- equity index the generator's client sentiment reacts to) in every calendar month with a
-- daily return: the sample standard deviation of the month's daily returns
-- (int_benchmark_returns_daily), annualised with var trading_days_per_year. Months with fewer
-- daily returns than setting volatility_min_daily_returns (seed report_settings) have none.
with settings as (
    select
        max(case when setting_code = 'volatility_min_daily_returns' then setting_value end)
            as min_daily_returns
    from {{ ref('report_settings') }}
),

market_benchmarks as (
    select benchmark_code
    from {{ ref('benchmarks') }}
    where is_market_benchmark
),

market_returns as (
    select
        daily_returns.benchmark_code,
        daily_returns.benchmark_return,
        cast({{ dbt.date_trunc('month', 'daily_returns.level_date') }} as date) as volatility_month
    from {{ ref('int_benchmark_returns_daily') }} as daily_returns
    inner join market_benchmarks
        on daily_returns.benchmark_code = market_benchmarks.benchmark_code
    where daily_returns.benchmark_return is not null
),

monthly_returns as (
    select
        benchmark_code,
        volatility_month,
        count(*) as daily_return_count,
        stddev_samp(benchmark_return) as daily_return_stddev
    from market_returns
    group by benchmark_code, volatility_month
)

select
    cast(monthly_returns.benchmark_code as string) as benchmark_code,
    cast(monthly_returns.volatility_month as date) as volatility_month,
    cast(monthly_returns.daily_return_count as int) as daily_return_count,
    cast(
        case
            when monthly_returns.daily_return_count >= settings.min_daily_returns
                then monthly_returns.daily_return_stddev * sqrt({{ var('trading_days_per_year') }})
        end as double
    ) as realised_volatility
from monthly_returns
cross join settings
