-- Failed login bursts and brute-force events agree: a failed attempt preceded by four more
-- failures of the same client within 15 minutes belongs to a burst, and every burst has a
-- brute_force_suspected event in its window; every such event points at a failed attempt that
-- completes a burst.
with failures as (
    select
        attempt_id,
        client_id,
        attempted_at
    from {{ ref('stg_login_attempts') }}
    where not success and client_id is not null
),

windowed as (
    select
        failures.attempt_id,
        failures.client_id,
        failures.attempted_at,
        count(*) as failures_in_window
    from failures
    inner join failures as earlier
        on
            failures.client_id = earlier.client_id
            and failures.attempted_at >= earlier.attempted_at
            and earlier.attempted_at >= failures.attempted_at - interval '15' minute
    group by failures.attempt_id, failures.client_id, failures.attempted_at
),

burst_attempts as (
    select *
    from windowed
    where failures_in_window >= 5
),

events as (
    select
        event_id,
        client_id,
        occurred_at,
        related_attempt_id
    from {{ ref('stg_security_events') }}
    where event_type = 'brute_force_suspected'
),

unflagged as (
    select
        'burst without event' as problem,
        burst_attempts.attempt_id as id
    from burst_attempts
    where not exists (
            select 1
            from events
            where
                events.client_id = burst_attempts.client_id
                and events.occurred_at <= burst_attempts.attempted_at
                and events.occurred_at >= burst_attempts.attempted_at - interval '15' minute
        )
),

baseless as (
    select
        'event without burst' as problem,
        events.event_id as id
    from events
    left join burst_attempts
        on
            events.related_attempt_id = burst_attempts.attempt_id
            and events.client_id = burst_attempts.client_id
    where burst_attempts.attempt_id is null
)

select * from unflagged
union all
select * from baseless
