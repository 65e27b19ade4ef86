-- Wealth-planning records are dated inside the client relationship (on or after onboarding, on
-- or before the as-of date); a liability may predate onboarding but not the as-of date, and a
-- policy that lapsed or expired ended by the as-of date while an active one has not ended.
with as_of as (
    select max(calendar_date) as as_of_date
    from {{ ref('stg_trading_calendar') }}
),

dated as (
    select
        'insurance_policies.start_date' as date_column,
        client_id,
        start_date as event_date,
        true as from_onboarding
    from {{ ref('stg_insurance_policies') }}
    union all
    select
        'estate_plans.last_reviewed_date' as date_column,
        client_id,
        last_reviewed_date as event_date,
        true as from_onboarding
    from {{ ref('stg_estate_plans') }}
    union all
    select
        'tax_profiles.updated_date' as date_column,
        client_id,
        updated_date as event_date,
        true as from_onboarding
    from {{ ref('stg_tax_profiles') }}
    union all
    select
        'liabilities.start_date' as date_column,
        client_id,
        start_date as event_date,
        false as from_onboarding
    from {{ ref('stg_liabilities') }}
    union all
    select
        'insurance_policies.end_date (ended)' as date_column,
        client_id,
        end_date as event_date,
        true as from_onboarding
    from {{ ref('stg_insurance_policies') }}
    where status in ('lapsed', 'expired')
)

select
    dated.date_column,
    dated.client_id,
    dated.event_date,
    clients.onboarding_date,
    as_of.as_of_date
from dated
inner join {{ ref('stg_clients') }} as clients
    on dated.client_id = clients.client_id
cross join as_of
where
    (dated.from_onboarding and dated.event_date < clients.onboarding_date)
    or dated.event_date > as_of.as_of_date
union all
select
    'insurance_policies.end_date (active)' as date_column,
    policies.client_id,
    policies.end_date as event_date,
    null as onboarding_date,
    as_of.as_of_date
from {{ ref('stg_insurance_policies') }} as policies
cross join as_of
where policies.status = 'active' and policies.end_date <= as_of.as_of_date
union all
select
    'liabilities.maturity_date' as date_column,
    liabilities.client_id,
    liabilities.maturity_date as event_date,
    null as onboarding_date,
    as_of.as_of_date
from {{ ref('stg_liabilities') }} as liabilities
cross join as_of
where liabilities.maturity_date <= as_of.as_of_date
