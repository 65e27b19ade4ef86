-- Client sentiment against market volatility, one row per calendar month with sentiment
-- readings: the readings' average score, the market benchmark's realised volatility of the
-- month (int_report_market_volatility_monthly) and the correlation of the two monthly series
-- over the rolling window of the last N calendar months (setting
-- sentiment_correlation_window_months, seed report_settings). The window is taken on month
-- numbers (year x 12 + month), not on row positions, so a month missing from the series
-- shortens the window instead of pulling in an older month; the correlation is null until
-- all N months of the window have both an average sentiment and a volatility.
with settings as (
    select
        cast(max(case when setting_code = 'sentiment_correlation_window_months' then setting_value end) as int)
            as window_months
    from {{ ref('report_settings') }}
),

market_benchmarks as (
    select benchmark_code
    from {{ ref('benchmarks') }}
    where is_market_benchmark
),

readings as (
    select
        sentiment_score,
        cast({{ dbt.date_trunc('month', 'measured_date') }} as date) as sentiment_month
    from {{ ref('stg_client_sentiment') }}
),

monthly_sentiment as (
    select
        sentiment_month,
        count(*) as reading_count,
        avg(sentiment_score) as average_sentiment
    from readings
    group by sentiment_month
),

sentiment_and_volatility as (
    select
        monthly_sentiment.sentiment_month,
        monthly_sentiment.reading_count,
        monthly_sentiment.average_sentiment,
        market_benchmarks.benchmark_code,
        volatility.daily_return_count,
        volatility.realised_volatility,
        year(monthly_sentiment.sentiment_month) * 12 + month(monthly_sentiment.sentiment_month) as month_number
    from monthly_sentiment
    cross join market_benchmarks
    left join {{ ref('int_report_market_volatility_monthly') }} as volatility
        on
            market_benchmarks.benchmark_code = volatility.benchmark_code
            and monthly_sentiment.sentiment_month = volatility.volatility_month
),

rolling_windows as (
    select
        months.sentiment_month,
        settings.window_months,
        count(window_rows.sentiment_month) as window_month_count,
        corr(window_rows.average_sentiment, window_rows.realised_volatility) as window_correlation,
        var_samp(window_rows.average_sentiment) as sentiment_variance,
        var_samp(window_rows.realised_volatility) as volatility_variance
    from sentiment_and_volatility as months
    cross join settings
    left join sentiment_and_volatility as window_rows
        on
            months.month_number - settings.window_months < window_rows.month_number
            and months.month_number >= window_rows.month_number
            and window_rows.average_sentiment is not null
            and window_rows.realised_volatility is not null
    group by months.sentiment_month, settings.window_months
)

select
    cast(months.sentiment_month as date) as sentiment_month,
    cast(months.reading_count as bigint) as reading_count,
    cast(months.average_sentiment as double) as average_sentiment,
    cast(months.benchmark_code as string) as market_benchmark_code,
    cast(coalesce(months.daily_return_count, 0) as int) as market_daily_return_count,
    cast(months.realised_volatility as double) as market_volatility,
    cast(rolling_windows.window_months as int) as correlation_window_months,
    cast(rolling_windows.window_month_count as int) as window_month_count,
    cast(
        case
            when
                rolling_windows.window_month_count = rolling_windows.window_months
                and rolling_windows.sentiment_variance > 0
                and rolling_windows.volatility_variance > 0
                then rolling_windows.window_correlation
        end as double
    ) as sentiment_volatility_correlation
from sentiment_and_volatility as months
inner join rolling_windows
    on months.sentiment_month = rolling_windows.sentiment_month
