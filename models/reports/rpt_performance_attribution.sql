-- Report 7: for an advisor's quarterly review, why each portfolio beat or trailed its
-- benchmark in each of the latest calendar quarters (seed report_settings): the quarter's
-- excess return split into allocation, selection and interaction by segment (asset class,
-- trading, fees). The quarter's figures are linked from the calendar months of
-- fct_performance_attribution: a month's linked effect times the month's Carino coefficient
-- is its days' scaled sum, so the months' sums divided by the quarter's coefficient are the
-- quarter's linked effects (doc carino_linking), exactly as if linked over its days.
with settings as (
    select cast(setting_value as int) as quarter_count
    from {{ ref('report_settings') }}
    where setting_code = 'attribution_report_quarters'
),

month_periods as (
    select period_code
    from {{ ref('performance_periods') }}
    where period_kind = 'calendar' and calendar_unit = 'month'
),

monthly_rows as (
    select
        attribution.*,
        cast({{ dbt.date_trunc('quarter', 'attribution.period_start_date') }} as date) as quarter_start_date
    from {{ ref('fct_performance_attribution') }} as attribution
    inner join month_periods
        on attribution.period_code = month_periods.period_code
),

ranked_quarters as (
    select
        quarter_start_date,
        row_number() over (order by quarter_start_date desc) as quarter_rank
    from (select distinct quarter_start_date from monthly_rows) as quarters
),

monthly_effects as (
    select
        monthly_rows.*,
        {{ carino_factor('monthly_rows.portfolio_return', 'monthly_rows.benchmark_return') }} as month_factor
    from monthly_rows
    inner join ranked_quarters
        on monthly_rows.quarter_start_date = ranked_quarters.quarter_start_date
    cross join settings
    where ranked_quarters.quarter_rank <= settings.quarter_count
),

monthly_returns as (
    select distinct
        portfolio_id,
        quarter_start_date,
        period_start_date,
        period_end_date,
        is_partial_period,
        return_days,
        portfolio_return,
        benchmark_return
    from monthly_effects
),

quarter_returns as (
    select
        portfolio_id,
        quarter_start_date,
        max(period_end_date) as quarter_end_date,
        max(case when is_partial_period then 1 else 0 end) = 1 as is_partial_quarter,
        sum(return_days) as return_days,
        exp(sum({{ log_growth('portfolio_return') }})) - 1 as portfolio_return,
        exp(sum({{ log_growth('benchmark_return') }})) - 1 as benchmark_return
    from monthly_returns
    group by portfolio_id, quarter_start_date
),

quarter_sums as (
    select
        portfolio_id,
        quarter_start_date,
        segment_code,
        max(segment_kind) as segment_kind,
        max(currency_code) as currency_code,
        max(benchmark_code) as benchmark_code,
        sum(average_portfolio_weight * return_days) as portfolio_weight_days,
        sum(average_benchmark_weight * return_days) as benchmark_weight_days,
        sum(allocation_effect * month_factor) as allocation_sum,
        sum(selection_effect * month_factor) as selection_sum,
        sum(interaction_effect * month_factor) as interaction_sum
    from monthly_effects
    group by portfolio_id, quarter_start_date, segment_code
),

quarter_effects as (
    select
        quarter_returns.*,
        quarter_sums.segment_code,
        quarter_sums.segment_kind,
        quarter_sums.currency_code,
        quarter_sums.benchmark_code,
        quarter_sums.portfolio_weight_days / quarter_returns.return_days as average_portfolio_weight,
        quarter_sums.benchmark_weight_days / quarter_returns.return_days as average_benchmark_weight,
        {%- set quarter_factor = carino_factor(
            'quarter_returns.portfolio_return', 'quarter_returns.benchmark_return'
        ) %}
        {{ attribution_round('quarter_sums.allocation_sum / (' ~ quarter_factor ~ ')') }} as allocation_effect,
        {{ attribution_round('quarter_sums.selection_sum / (' ~ quarter_factor ~ ')') }} as selection_effect,
        {{ attribution_round('quarter_sums.interaction_sum / (' ~ quarter_factor ~ ')') }} as interaction_effect
    from quarter_sums
    inner join quarter_returns
        on
            quarter_sums.portfolio_id = quarter_returns.portfolio_id
            and quarter_sums.quarter_start_date = quarter_returns.quarter_start_date
),

segment_totals as (
    select
        *,
        {{ attribution_round('allocation_effect + selection_effect + interaction_effect') }} as total_effect
    from quarter_effects
)

select
    cast(segment_totals.portfolio_id as bigint) as portfolio_id,
    cast(portfolios.client_id as bigint) as client_id,
    cast(clients.advisor_id as bigint) as advisor_id,
    cast(portfolios.strategy_code as string) as strategy_code,
    cast(segment_totals.benchmark_code as string) as benchmark_code,
    cast(segment_totals.currency_code as string) as currency_code,
    cast(segment_totals.quarter_start_date as date) as quarter_start_date,
    cast(segment_totals.quarter_end_date as date) as quarter_end_date,
    cast(segment_totals.is_partial_quarter as boolean) as is_partial_quarter,
    cast(segment_totals.return_days as integer) as return_days,
    cast(segment_totals.segment_code as string) as segment_code,
    cast(segment_totals.segment_kind as string) as segment_kind,
    cast(segment_totals.average_portfolio_weight as double) as average_portfolio_weight,
    cast(segment_totals.average_benchmark_weight as double) as average_benchmark_weight,
    cast(segment_totals.allocation_effect as double) as allocation_effect,
    cast(segment_totals.selection_effect as double) as selection_effect,
    cast(segment_totals.interaction_effect as double) as interaction_effect,
    cast(segment_totals.total_effect as double) as total_effect,
    cast(segment_totals.portfolio_return as double) as portfolio_return,
    cast(segment_totals.benchmark_return as double) as benchmark_return,
    cast(segment_totals.portfolio_return - segment_totals.benchmark_return as double) as excess_return,
    cast(
        segment_totals.portfolio_return - segment_totals.benchmark_return - sum(segment_totals.total_effect) over (
            partition by segment_totals.portfolio_id, segment_totals.quarter_start_date
        ) as double
    ) as attribution_residual
from segment_totals
inner join {{ ref('dim_portfolios') }} as portfolios
    on segment_totals.portfolio_id = portfolios.portfolio_id
inner join {{ ref('dim_clients') }} as clients
    on portfolios.client_id = clients.client_id
