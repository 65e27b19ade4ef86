-- Report 7: for an advisor's quarterly review, why each portfolio beat or trailed its
-- benchmark in each of the latest calendar quarters (seed report_settings): the quarter's
-- excess return split into allocation, selection and interaction by segment (asset class,
-- trading, fees), from the calendar-quarter periods of fct_performance_attribution (seed
-- performance_periods; its asset-class segmentation), with the portfolio's client and the
-- client's current advisor.
with settings as (
    select cast(setting_value as int) as quarter_count
    from {{ ref('report_settings') }}
    where setting_code = 'attribution_report_quarters'
),

quarter_periods as (
    select period_code
    from {{ ref('performance_periods') }}
    where period_kind = 'calendar' and calendar_unit = 'quarter'
),

quarter_rows as (
    select attribution.*
    from {{ ref('fct_performance_attribution') }} as attribution
    inner join quarter_periods
        on attribution.period_code = quarter_periods.period_code
    where attribution.segmentation = 'asset_class'
),

ranked_quarters as (
    select
        period_start_date,
        row_number() over (order by period_start_date desc) as quarter_rank
    from (select distinct period_start_date from quarter_rows) as quarters
),

reported_rows as (
    select quarter_rows.*
    from quarter_rows
    inner join ranked_quarters
        on quarter_rows.period_start_date = ranked_quarters.period_start_date
    cross join settings
    where ranked_quarters.quarter_rank <= settings.quarter_count
)

select
    cast(reported_rows.portfolio_id as bigint) as portfolio_id,
    cast(portfolios.client_id as bigint) as client_id,
    cast(clients.advisor_id as bigint) as advisor_id,
    cast(portfolios.strategy_code as string) as strategy_code,
    cast(reported_rows.benchmark_code as string) as benchmark_code,
    cast(reported_rows.currency_code as string) as currency_code,
    cast(reported_rows.period_start_date as date) as quarter_start_date,
    cast(reported_rows.period_end_date as date) as quarter_end_date,
    cast(reported_rows.is_partial_period as boolean) as is_partial_quarter,
    cast(reported_rows.return_days as integer) as return_days,
    cast(reported_rows.segment_code as string) as segment_code,
    cast(reported_rows.segment_kind as string) as segment_kind,
    cast(reported_rows.average_portfolio_weight as double) as average_portfolio_weight,
    cast(reported_rows.average_benchmark_weight as double) as average_benchmark_weight,
    cast(reported_rows.allocation_effect as double) as allocation_effect,
    cast(reported_rows.selection_effect as double) as selection_effect,
    cast(reported_rows.interaction_effect as double) as interaction_effect,
    cast(reported_rows.total_effect as double) as total_effect,
    cast(reported_rows.portfolio_return as double) as portfolio_return,
    cast(reported_rows.benchmark_return as double) as benchmark_return,
    cast(reported_rows.excess_return as double) as excess_return,
    cast(reported_rows.attribution_residual as double) as attribution_residual
from reported_rows
inner join {{ ref('dim_portfolios') }} as portfolios
    on reported_rows.portfolio_id = portfolios.portfolio_id
inner join {{ ref('dim_clients') }} as clients
    on portfolios.client_id = clients.client_id
