-- Report 2: asset classes below their target weight on the as-of date, by at least the gap of
-- seed report_settings (underweight_min_gap): target, actual, gap and the amount to buy to
-- reach the target, and whether the class is outside its tolerance band.
with settings as (
    select setting_value as min_gap
    from {{ ref('report_settings') }}
    where setting_code = 'underweight_min_gap'
),

latest_drift as (
    select *
    from {{ ref('fct_allocation_drift') }}
    where is_latest
)

select
    cast(latest_drift.portfolio_id as bigint) as portfolio_id,
    cast(portfolios.client_id as bigint) as client_id,
    cast(clients.advisor_id as bigint) as advisor_id,
    cast(portfolios.strategy_code as string) as strategy_code,
    cast(portfolios.base_currency_code as string) as currency_code,
    cast(latest_drift.allocation_date as date) as as_of_date,
    cast(latest_drift.asset_class_code as string) as asset_class_code,
    cast(latest_drift.target_weight as double) as target_weight,
    cast(latest_drift.actual_weight as double) as actual_weight,
    cast(latest_drift.target_weight - latest_drift.actual_weight as double) as weight_gap,
    cast(latest_drift.amount_to_target as double) as amount_to_buy,
    cast(latest_drift.portfolio_market_value as double) as portfolio_market_value,
    cast(latest_drift.is_outside_band as boolean) as is_outside_band
from latest_drift
cross join settings
inner join {{ ref('dim_portfolios') }} as portfolios
    on latest_drift.portfolio_id = portfolios.portfolio_id
inner join {{ ref('dim_clients') }} as clients
    on portfolios.client_id = clients.client_id
where latest_drift.target_weight - latest_drift.actual_weight >= settings.min_gap
