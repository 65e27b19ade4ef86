{%- set days_per_year = var('trading_days_per_year') -%}
-- Return and risk statistics of every entity and period from its daily returns, with the
-- conventions of empyrical (see the metric doc blocks): sample standard deviations, the
-- daily risk-free rate subtracted day by day, population moments for beta, and null (never
-- a division error or infinity) where a statistic is undefined.
-- Built after the drawdowns (depends_on below), not beside them: both stream every period's
-- days, and together they would need twice the memory.
-- depends_on: {{ ref('int_performance_drawdowns') }}
with period_days as (
    select
        period_key,
        return_date,
        net_external_flow,
        net_transfer_flow,
        daily_return,
        daily_return - risk_free_return as excess_return,
        case when daily_return is not null then benchmark_return end as paired_benchmark_return,
        case when daily_return is not null then benchmark_return - risk_free_return end as benchmark_excess_return,
        case when benchmark_return is not null then daily_return - risk_free_return end as paired_excess_return,
        daily_return - benchmark_return as active_return,
        case when daily_return > -1 then ln(1 + daily_return) end as log_growth,
        case when daily_return <= -1 then 1 else 0 end as is_total_loss,
        case when daily_return is not null then ln(1 + benchmark_return) end as benchmark_log_growth
    from {{ ref('int_performance_period_days') }}
),

period_sums as (
    select
        period_key,
        count(daily_return) as return_days,
        count(paired_benchmark_return) as benchmark_days,
        sum(net_external_flow) as net_external_flow,
        sum(net_transfer_flow) as net_transfer_flow,
        sum(log_growth) as log_growth,
        sum(is_total_loss) as total_loss_days,
        sum(benchmark_log_growth) as benchmark_log_growth,
        avg(daily_return) as mean_return,
        stddev_samp(daily_return) as return_stddev,
        max(daily_return) as best_day_return,
        min(daily_return) as worst_day_return,
        {{ first_at_min('return_date', '-daily_return') }} as best_day_date,
        {{ first_at_min('return_date', 'daily_return') }} as worst_day_date,
        {{ percentile_cont('daily_return', var('var_tail_probability')) }} as return_percentile,
        count(excess_return) as excess_days,
        avg(excess_return) as mean_excess_return,
        stddev_samp(excess_return) as excess_stddev,
        max(excess_return) as max_excess_return,
        min(excess_return) as min_excess_return,
        sqrt(avg(
            case
                when excess_return < 0 then excess_return * excess_return
                when excess_return is not null then 0
            end
        )) as downside_deviation,
        covar_pop(daily_return, paired_benchmark_return) as benchmark_covariance,
        var_pop(paired_benchmark_return) as benchmark_variance,
        avg(paired_excess_return) as paired_mean_excess_return,
        avg(benchmark_excess_return) as mean_benchmark_excess_return,
        avg(active_return) as mean_active_return,
        stddev_samp(active_return) as active_stddev,
        max(active_return) as max_active_return,
        min(active_return) as min_active_return
    from period_days
    group by period_key
),

returns as (
    select
        *,
        case
            when return_days = 0 then null
            when total_loss_days > 0 then cast(-1 as double)
            else exp(log_growth) - 1
        end as time_weighted_return,
        case
            when return_days > 0 and benchmark_days = return_days then exp(benchmark_log_growth) - 1
        end as benchmark_period_return,
        case
            when benchmark_days >= 2 and benchmark_variance >= 1e-30 then benchmark_covariance / benchmark_variance
        end as beta
    from period_sums
)

select
    cast(period_key as bigint) as period_key,
    cast(return_days as integer) as return_days,
    cast(benchmark_days as integer) as benchmark_days,
    cast(net_external_flow as double) as net_external_flow,
    cast(net_transfer_flow as double) as net_transfer_flow,
    cast(time_weighted_return as double) as time_weighted_return,
    cast(
        case
            when return_days >= {{ days_per_year }}
                then power(1 + time_weighted_return, {{ days_per_year }}.0 / return_days) - 1
        end as double
    ) as annualised_return,
    cast(benchmark_period_return as double) as benchmark_return,
    cast(time_weighted_return - benchmark_period_return as double) as excess_return,
    cast(case when return_days >= 2 then return_stddev * sqrt({{ days_per_year }}) end as double)
        as annualised_volatility,
    cast(
        case
            when excess_days >= 2 and max_excess_return > min_excess_return
                then mean_excess_return / excess_stddev * sqrt({{ days_per_year }})
        end as double
    ) as sharpe_ratio,
    cast(downside_deviation * sqrt({{ days_per_year }}) as double) as downside_deviation,
    cast(
        case
            when excess_days >= 2 and downside_deviation > 0
                then mean_excess_return * {{ days_per_year }} / (downside_deviation * sqrt({{ days_per_year }}))
        end as double
    ) as sortino_ratio,
    cast(beta as double) as beta,
    cast(
        power(1 + paired_mean_excess_return - beta * mean_benchmark_excess_return, {{ days_per_year }}) - 1 as double
    ) as alpha,
    cast(case when benchmark_days >= 2 then active_stddev * sqrt({{ days_per_year }}) end as double) as tracking_error,
    cast(
        case
            when benchmark_days >= 2 and max_active_return > min_active_return
                then mean_active_return / active_stddev * sqrt({{ days_per_year }})
        end as double
    ) as information_ratio,
    cast(return_percentile as double) as value_at_risk_historical,
    cast(
        case when return_days >= 2 then mean_return + {{ var('var_normal_quantile') }} * return_stddev end as double
    ) as value_at_risk_parametric,
    cast(best_day_return as double) as best_day_return,
    cast(best_day_date as date) as best_day_date,
    cast(worst_day_return as double) as worst_day_return,
    cast(worst_day_date as date) as worst_day_date
from returns
