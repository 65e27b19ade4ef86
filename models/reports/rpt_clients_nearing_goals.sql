-- Report 5: goals close to their target on the as-of date: a funded ratio of at least
-- goal_near_funded_ratio, or a target date within goal_near_horizon_years (seed
-- report_settings), with the client's advisor, the projection, the probability of success and
-- the proximity status (fct_goal_proximity).
with settings as (
    select
        max(case when setting_code = 'goal_near_funded_ratio' then setting_value end) as min_funded_ratio,
        max(case when setting_code = 'goal_near_horizon_years' then setting_value end) as horizon_years
    from {{ ref('report_settings') }}
),

goals as (
    select *
    from {{ ref('fct_goal_proximity') }}
)

select
    cast(goals.goal_id as bigint) as goal_id,
    cast(goals.client_id as bigint) as client_id,
    cast(clients.advisor_id as bigint) as advisor_id,
    cast(goals.funding_portfolio_id as bigint) as funding_portfolio_id,
    cast(goals.goal_type as string) as goal_type,
    cast(goals.priority_level as string) as priority_level,
    cast(goals.currency_code as string) as currency_code,
    cast(goals.as_of_date as date) as as_of_date,
    cast(goals.target_date as date) as target_date,
    cast(goals.years_to_target as double) as years_to_target,
    cast(goals.target_amount as double) as target_amount,
    cast(goals.current_value as double) as current_value,
    cast(goals.funded_ratio as double) as funded_ratio,
    cast(goals.projected_value as double) as projected_value,
    cast(goals.success_probability as double) as success_probability,
    cast(goals.proximity_status as string) as proximity_status,
    cast(goals.funded_ratio >= settings.min_funded_ratio as boolean) as is_nearly_funded,
    cast(goals.years_to_target <= settings.horizon_years as boolean) as is_due_soon
from goals
cross join settings
inner join {{ ref('dim_clients') }} as clients
    on goals.client_id = clients.client_id
where
    goals.funded_ratio >= settings.min_funded_ratio
    or goals.years_to_target <= settings.horizon_years
