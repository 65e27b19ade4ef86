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
        evaluation_date,
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
            evaluation_date,
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
        evaluation_date,
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
        on
            projections.goal_id = required_returns.goal_id
            and projections.evaluation_date = required_returns.evaluation_date
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
        probabilities.evaluation_date,
        max(statuses.min_success_probability) as status_probability
    from probabilities
    inner join statuses
        on probabilities.success_probability >= statuses.min_success_probability
    group by probabilities.goal_id, probabilities.evaluation_date
),

evaluations as (
    select
        probabilities.*,
        statuses.proximity_status
    from probabilities
    inner join status_levels
        on
            probabilities.goal_id = status_levels.goal_id
            and probabilities.evaluation_date = status_levels.evaluation_date
    inner join statuses
        on status_levels.status_probability = statuses.min_success_probability
),

current_evaluations as (
    select *
    from evaluations
    where is_as_of
),

earlier_evaluations as (
    select
        goal_id,
        evaluation_date,
        proximity_status
    from evaluations
    where not is_as_of
)

select
    cast(current_evaluations.goal_id as bigint) as goal_id,
    cast(current_evaluations.client_id as bigint) as client_id,
    cast(current_evaluations.funding_portfolio_id as bigint) as funding_portfolio_id,
    cast(goals.goal_type as string) as goal_type,
    cast(goals.timeframe as string) as timeframe,
    cast(goals.priority_level as string) as priority_level,
    cast(goals.status as string) as goal_status,
    cast(goals.progress as double) as progress,
    cast(goals.created_date as date) as created_date,
    cast(current_evaluations.currency_code as string) as currency_code,
    cast(current_evaluations.target_amount as double) as target_amount,
    cast(current_evaluations.target_date as date) as target_date,
    cast(current_evaluations.monthly_contribution as double) as monthly_contribution,
    cast(current_evaluations.evaluation_date as date) as as_of_date,
    cast(current_evaluations.years_to_target as double) as years_to_target,
    cast(current_evaluations.strategy_code as string) as strategy_code,
    cast(current_evaluations.expected_return as double) as expected_return,
    cast(current_evaluations.expected_volatility as double) as expected_volatility,
    cast(current_evaluations.current_value as double) as current_value,
    cast(current_evaluations.present_value_of_target as double) as present_value_of_target,
    cast(current_evaluations.current_value / current_evaluations.present_value_of_target as double) as funded_ratio,
    cast(current_evaluations.projected_value as double) as projected_value,
    cast(current_evaluations.required_return as double) as required_return,
    cast(current_evaluations.success_probability as double) as success_probability,
    cast(current_evaluations.proximity_status as string) as proximity_status,
    cast(earlier_evaluations.evaluation_date as date) as earlier_evaluation_date,
    cast(earlier_evaluations.proximity_status as string) as earlier_proximity_status
from current_evaluations
inner join {{ ref('stg_goals') }} as goals
    on current_evaluations.goal_id = goals.goal_id
left join earlier_evaluations
    on current_evaluations.goal_id = earlier_evaluations.goal_id
