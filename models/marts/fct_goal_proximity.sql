-- How close every goal is to its target on the as-of date (see the goal_* doc blocks):
-- funded ratio, projected value at the strategy's expected return, the annual return the
-- goal requires (bisection between vars goal_required_return_min and _max), and the
-- probability of reaching the target under a lognormal model of the strategy's expected
-- return and volatility, with the status of seed goal_proximity_statuses.
{%- set lowest_rate = var('goal_required_return_min') %}
{%- set highest_rate = var('goal_required_return_max') %}

with funding as (
    select *
    from {{ ref('int_goal_funding') }}
),

contributions as (
    -- the planned contributions' value at the target date at the expected return
    select
        *,
        case
            when years_to_target > 0
                then {{ future_value('expected_return', '0', 'monthly_contribution', 'years_to_target') }}
            else 0
        end as contributions_future_value
    from funding
),

lognormal_inputs as (
    -- s^2 = ln(1 + sigma^2 / (1 + mu)^2), a = ln(1 + mu) - s^2 / 2: the yearly log growth
    -- whose exponential has mean 1 + mu and standard deviation sigma; K = the current value
    -- plus the contributions' present value at mu
    select
        *,
        ln(1 + expected_volatility * expected_volatility / ((1 + expected_return) * (1 + expected_return)))
            as log_variance,
        current_value + contributions_future_value / power(1 + expected_return, greatest(years_to_target, 0))
            as invested_equivalent
    from contributions
),

projections as (
    select
        *,
        case
            when years_to_target > 0
                then {{ future_value('expected_return', 'current_value', 'monthly_contribution', 'years_to_target') }}
            else current_value
        end as projected_value,
        target_amount / power(1 + expected_return, greatest(years_to_target, 0)) as present_value_of_target,
        case
            when years_to_target <= 0 or log_variance <= 0 or invested_equivalent <= 0 then null
            else (
                ln(invested_equivalent / target_amount)
                + (ln(1 + expected_return) - log_variance / 2) * years_to_target
            ) / sqrt(log_variance * years_to_target)
        end as success_z_score
    from lognormal_inputs
),

bisection_0 as (
    select
        goal_id,
        current_value,
        monthly_contribution,
        years_to_target,
        target_amount,
        cast({{ lowest_rate }} as double) as low_rate,
        cast({{ highest_rate }} as double) as high_rate
    from projections
    where
        years_to_target > 0
        and {{ future_value(lowest_rate, 'current_value', 'monthly_contribution', 'years_to_target') }} < target_amount
        and {{ future_value(highest_rate, 'current_value', 'monthly_contribution', 'years_to_target') }}
        >= target_amount
),

{% for step in range(1, var('goal_bisection_steps') + 1) %}
    bisection_{{ step }} as (
        select
            goal_id,
            current_value,
            monthly_contribution,
            years_to_target,
            target_amount,
            case when reaches_target then low_rate else middle_rate end as low_rate,
            case when reaches_target then middle_rate else high_rate end as high_rate
        from (
            select
                *,
                {{ future_value('middle_rate', 'current_value', 'monthly_contribution', 'years_to_target') }}
                >= target_amount as reaches_target
            from (
                select
                    *,
                    (low_rate + high_rate) / 2 as middle_rate
                from bisection_{{ step - 1 }}
            ) as with_middle
        ) as with_test
    ),
{% endfor %}

required_returns as (
    select
        goal_id,
        (low_rate + high_rate) / 2 as required_return
    from bisection_{{ var('goal_bisection_steps') }}
),

probabilities as (
    select
        projections.*,
        required_returns.required_return,
        case
            when projections.success_z_score is not null then {{ normal_cdf('projections.success_z_score') }}
            -- no uncertainty left (the date has come, or no volatility): reached or not
            when projections.projected_value >= projections.target_amount then 1.0
            else 0.0
        end as success_probability
    from projections
    left join required_returns
        on projections.goal_id = required_returns.goal_id
),

statuses as (
    select
        proximity_status,
        min_success_probability
    from {{ ref('goal_proximity_statuses') }}
),

status_levels as (
    select
        probabilities.goal_id,
        max(statuses.min_success_probability) as status_probability
    from probabilities
    inner join statuses
        on probabilities.success_probability >= statuses.min_success_probability
    group by probabilities.goal_id
)

select
    cast(probabilities.goal_id as bigint) as goal_id,
    cast(probabilities.client_id as bigint) as client_id,
    cast(probabilities.funding_portfolio_id as bigint) as funding_portfolio_id,
    cast(goals.goal_type as string) as goal_type,
    cast(goals.timeframe as string) as timeframe,
    cast(goals.description as string) as description,
    cast(goals.priority_level as string) as priority_level,
    cast(goals.status as string) as goal_status,
    cast(goals.progress as double) as progress,
    cast(goals.created_date as date) as created_date,
    cast(probabilities.currency_code as string) as currency_code,
    cast(probabilities.target_amount as double) as target_amount,
    cast(probabilities.target_date as date) as target_date,
    cast(probabilities.monthly_contribution as double) as monthly_contribution,
    cast(probabilities.as_of_date as date) as as_of_date,
    cast(probabilities.years_to_target as double) as years_to_target,
    cast(probabilities.strategy_code as string) as strategy_code,
    cast(probabilities.expected_return as double) as expected_return,
    cast(probabilities.expected_volatility as double) as expected_volatility,
    cast(probabilities.current_value as double) as current_value,
    cast(probabilities.present_value_of_target as double) as present_value_of_target,
    cast(probabilities.current_value / probabilities.present_value_of_target as double) as funded_ratio,
    cast(probabilities.projected_value as double) as projected_value,
    cast(probabilities.required_return as double) as required_return,
    cast(probabilities.success_probability as double) as success_probability,
    cast(statuses.proximity_status as string) as proximity_status
from probabilities
inner join {{ ref('stg_goals') }} as goals
    on probabilities.goal_id = goals.goal_id
inner join status_levels
    on probabilities.goal_id = status_levels.goal_id
inner join statuses
    on status_levels.status_probability = statuses.min_success_probability
