{%- set days_per_year = var('trading_days_per_year') -%}
-- Return and risk statistics of every entity and period from its daily returns, with the
-- conventions of empyrical (see the metric doc blocks): sample standard deviations, the
-- daily risk-free rate subtracted day by day, population moments for beta, and null (never
-- a division error or infinity) where a statistic is undefined.
-- Everything but the historical VaR is combined from per-block sums and second moments (see
-- int_performance_blocks): the period's days are read once, by block, not once per period.
-- Built after the drawdowns (depends_on below), not beside them: both are large passes.
-- depends_on: {{ ref('int_performance_drawdowns') }}
with entity_days as (
    select
        entity_type,
        entity_id,
        block_start_date,
        return_date,
        net_external_flow,
        net_transfer_flow,
        daily_return,
        daily_return - risk_free_return as excess_return,
        case when benchmark_return is not null then daily_return end as paired_return,
        case when daily_return is not null then benchmark_return end as paired_benchmark_return,
        case when daily_return is not null then benchmark_return - risk_free_return end as benchmark_excess_return,
        case when benchmark_return is not null then daily_return - risk_free_return end as paired_excess_return,
        daily_return - benchmark_return as active_return,
        case when daily_return > -1 then ln(1 + daily_return) end as log_growth,
        case when daily_return <= -1 then 1 else 0 end as is_total_loss,
        case when daily_return is not null then ln(1 + benchmark_return) end as benchmark_log_growth,
        -- the benchmark's direction on days with both returns: the capture ratios' days
        case
            when daily_return is not null and benchmark_return > 0 then 'up'
            when daily_return is not null and benchmark_return < 0 then 'down'
        end as market_direction
    from {{ ref('int_performance_entity_days') }}
    where not is_first_day
),

block_sums as (
    -- counts, sums, extremes and (population) second moments of each block
    select
        entity_type,
        entity_id,
        block_start_date,
        max(return_date) as return_date,
        count(daily_return) as return_days,
        count(paired_benchmark_return) as benchmark_days,
        sum(net_external_flow) as net_external_flow,
        sum(net_transfer_flow) as net_transfer_flow,
        sum(log_growth) as log_growth,
        sum(is_total_loss) as total_loss_days,
        sum(benchmark_log_growth) as benchmark_log_growth,
        sum(daily_return) as return_sum,
        var_pop(daily_return) * count(daily_return) as return_m2,
        max(daily_return) as best_day_return,
        min(daily_return) as worst_day_return,
        {{ first_at_min('return_date', '-daily_return') }} as best_day_date,
        {{ first_at_min('return_date', 'daily_return') }} as worst_day_date,
        count(excess_return) as excess_days,
        sum(excess_return) as excess_sum,
        var_pop(excess_return) * count(excess_return) as excess_m2,
        max(excess_return) as max_excess_return,
        min(excess_return) as min_excess_return,
        sum(case when excess_return < 0 then excess_return * excess_return else 0 end) as downside_square_sum,
        sum(paired_return) as paired_return_sum,
        sum(paired_benchmark_return) as benchmark_sum,
        var_pop(paired_benchmark_return) * count(paired_benchmark_return) as benchmark_m2,
        covar_pop(paired_return, paired_benchmark_return) * count(paired_benchmark_return) as co_moment,
        count(paired_excess_return) as paired_excess_days,
        sum(paired_excess_return) as paired_excess_sum,
        count(benchmark_excess_return) as benchmark_excess_days,
        sum(benchmark_excess_return) as benchmark_excess_sum,
        count(active_return) as active_days,
        sum(active_return) as active_sum,
        var_pop(active_return) * count(active_return) as active_m2,
        max(active_return) as max_active_return,
        min(active_return) as min_active_return,
        sum(case when market_direction = 'up' then 1 else 0 end) as up_days,
        sum(case when market_direction = 'up' then log_growth end) as up_log_growth,
        sum(case when market_direction = 'up' then is_total_loss else 0 end) as up_total_loss_days,
        sum(case when market_direction = 'up' then benchmark_log_growth end) as up_benchmark_log_growth,
        sum(case when market_direction = 'down' then 1 else 0 end) as down_days,
        sum(case when market_direction = 'down' then log_growth end) as down_log_growth,
        sum(case when market_direction = 'down' then is_total_loss else 0 end) as down_total_loss_days,
        sum(case when market_direction = 'down' then benchmark_log_growth end) as down_benchmark_log_growth
    from entity_days
    group by entity_type, entity_id, block_start_date
),

block_keys as (
    select
        *,
        {{ with_calendar_starts('block_start_date') }}
    from block_sums
),

periods as (
    select *
    from {{ ref('int_performance_periods') }}
),

period_blocks as (
    {{ days_in_periods('block_keys', 'periods') }}
),

period_means as (
    select
        period_key,
        sum(return_sum) / sum(return_days) as period_mean_return,
        sum(excess_sum) / sum(excess_days) as period_mean_excess,
        sum(active_sum) / sum(active_days) as period_mean_active,
        sum(paired_return_sum) / sum(benchmark_days) as period_mean_paired_return,
        sum(benchmark_sum) / sum(benchmark_days) as period_mean_benchmark
    from period_blocks
    group by period_key
),

blocks_with_means as (
    select
        period_blocks.*,
        period_means.period_mean_return,
        period_means.period_mean_excess,
        period_means.period_mean_active,
        period_means.period_mean_paired_return,
        period_means.period_mean_benchmark
    from period_blocks
    inner join period_means
        on period_blocks.period_key = period_means.period_key
),

block_deviations as (
    -- each block's share of the period's second moments beyond its own: n_i (mean_i - mean)^2
    -- (and the cross product for the co-moment), so that the period's moments are exact
    -- sums over blocks, without subtracting large numbers
    select
        *,
        case
            when return_days > 0 then return_days * power(return_sum / return_days - period_mean_return, 2)
        end as return_between,
        case
            when excess_days > 0 then excess_days * power(excess_sum / excess_days - period_mean_excess, 2)
        end as excess_between,
        case
            when active_days > 0 then active_days * power(active_sum / active_days - period_mean_active, 2)
        end as active_between,
        case
            when benchmark_days > 0
                then benchmark_days * power(benchmark_sum / benchmark_days - period_mean_benchmark, 2)
        end as benchmark_between,
        case
            when benchmark_days > 0
                then benchmark_days
                    * (paired_return_sum / benchmark_days - period_mean_paired_return)
                    * (benchmark_sum / benchmark_days - period_mean_benchmark)
        end as co_moment_between
    from blocks_with_means
),

period_sums as (
    select
        period_key,
        sum(return_days) as return_days,
        sum(benchmark_days) as benchmark_days,
        sum(net_external_flow) as net_external_flow,
        sum(net_transfer_flow) as net_transfer_flow,
        sum(log_growth) as log_growth,
        sum(total_loss_days) as total_loss_days,
        sum(benchmark_log_growth) as benchmark_log_growth,
        sum(return_sum) / nullif(sum(return_days), 0) as mean_return,
        sqrt((sum(return_m2) + sum(return_between)) / nullif(sum(return_days) - 1, 0)) as return_stddev,
        max(best_day_return) as best_day_return,
        min(worst_day_return) as worst_day_return,
        {{ first_at_min('best_day_date', '-best_day_return') }} as best_day_date,
        {{ first_at_min('worst_day_date', 'worst_day_return') }} as worst_day_date,
        sum(excess_days) as excess_days,
        sum(excess_sum) / nullif(sum(excess_days), 0) as mean_excess_return,
        sqrt((sum(excess_m2) + sum(excess_between)) / nullif(sum(excess_days) - 1, 0)) as excess_stddev,
        max(max_excess_return) as max_excess_return,
        min(min_excess_return) as min_excess_return,
        sqrt(sum(downside_square_sum) / nullif(sum(excess_days), 0)) as downside_deviation,
        (sum(co_moment) + sum(co_moment_between)) / nullif(sum(benchmark_days), 0) as benchmark_covariance,
        (sum(benchmark_m2) + sum(benchmark_between)) / nullif(sum(benchmark_days), 0) as benchmark_variance,
        sum(paired_excess_sum) / nullif(sum(paired_excess_days), 0) as paired_mean_excess_return,
        sum(benchmark_excess_sum) / nullif(sum(benchmark_excess_days), 0) as mean_benchmark_excess_return,
        sum(active_sum) / nullif(sum(active_days), 0) as mean_active_return,
        sqrt((sum(active_m2) + sum(active_between)) / nullif(sum(active_days) - 1, 0)) as active_stddev,
        max(max_active_return) as max_active_return,
        min(min_active_return) as min_active_return,
        sum(up_days) as up_days,
        sum(up_log_growth) as up_log_growth,
        sum(up_total_loss_days) as up_total_loss_days,
        sum(up_benchmark_log_growth) as up_benchmark_log_growth,
        sum(down_days) as down_days,
        sum(down_log_growth) as down_log_growth,
        sum(down_total_loss_days) as down_total_loss_days,
        sum(down_benchmark_log_growth) as down_benchmark_log_growth
    from block_deviations
    group by period_key
),

return_quantiles as (
    -- the one statistic that does not combine over blocks: it reads the period's days
    select
        period_key,
        {{ percentile_cont('daily_return', var('var_tail_probability')) }} as return_percentile
    from {{ ref('int_performance_period_days') }}
    group by period_key
),

period_statistics as (
    select
        period_sums.*,
        return_quantiles.return_percentile
    from period_sums
    left join return_quantiles
        on period_sums.period_key = return_quantiles.period_key
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
    from period_statistics
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
    cast(worst_day_date as date) as worst_day_date,
    cast({{ capture_ratio('up') }} as double) as up_capture_ratio,
    cast({{ capture_ratio('down') }} as double) as down_capture_ratio
from returns
