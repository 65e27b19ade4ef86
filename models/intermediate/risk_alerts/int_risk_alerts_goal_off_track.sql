-- Goals newly off track: a goal off track on the as-of date that was not off track on the
-- month-end var goal_status_comparison_months months earlier (or was set since). The
-- threshold is the lowest success probability that escapes off track (seed
-- goal_proximity_statuses). Raised on the as-of date; the subject is the funding portfolio.
with alert_types as (
    select alert_type
    from {{ ref('risk_alert_types') }}
    where alert_type = 'goal_off_track'
),

statuses as (
    select
        proximity_status,
        min_success_probability
    from {{ ref('goal_proximity_statuses') }}
),

off_track as (
    select
        proximity_status,
        min_success_probability
    from statuses
    where proximity_status = 'off_track'
),

escape_probability as (
    select min(statuses.min_success_probability) as threshold_value
    from statuses
    cross join off_track
    where statuses.min_success_probability > off_track.min_success_probability
),

goals as (
    select
        proximity.goal_id,
        proximity.client_id,
        proximity.funding_portfolio_id,
        proximity.goal_type,
        proximity.as_of_date,
        proximity.success_probability,
        proximity.earlier_evaluation_date,
        proximity.earlier_proximity_status
    from {{ ref('fct_goal_proximity') }} as proximity
    inner join off_track
        on proximity.proximity_status = off_track.proximity_status
    where
        proximity.earlier_proximity_status is null
        or proximity.earlier_proximity_status <> off_track.proximity_status
)

select
    cast(alert_types.alert_type as string) as alert_type,
    cast('portfolio' as string) as subject_type,
    cast(goals.funding_portfolio_id as bigint) as portfolio_id,
    cast(goals.client_id as bigint) as client_id,
    cast(goals.as_of_date as date) as raised_date,
    cast(goals.success_probability as double) as measured_value,
    cast(escape_probability.threshold_value as double) as threshold_value,
    cast(
        'Goal ' || cast(goals.goal_id as string) || ' (' || goals.goal_type || ') has a '
        || cast(round(100 * goals.success_probability, 1) as string) || '% chance of success, off track'
        || case
            when goals.earlier_proximity_status is null then ' since it was set'
            else
                ' (' || goals.earlier_proximity_status || ' on '
                || cast(goals.earlier_evaluation_date as string) || ')'
        end
        as string
    ) as message
from goals
cross join alert_types
cross join escape_probability
