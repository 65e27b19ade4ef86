-- Clients as analysts and BI tools see them: no personal data, only derived or masked forms
-- (an age band of seed client_age_bands instead of the birth date, a hashed key instead of
-- the email, the city without the street or postal code) and the client's current advisor.
with current_advisors as (
    select
        client_id,
        advisor_id
    from {{ ref('stg_advisor_assignments') }}
    where end_date is null
),

as_of as (
    select max(calendar_date) as as_of_date
    from {{ ref('stg_trading_calendar') }}
),

ages as (
    select
        clients.client_id,
        floor({{ dbt.datediff('clients.birth_date', 'as_of.as_of_date', 'day') }} / 365.25) as age
    from {{ ref('stg_clients') }} as clients
    cross join as_of
)

select
    cast(clients.client_id as bigint) as client_id,
    cast({{ hashed_key('clients.email') }} as string) as client_key,
    cast(age_bands.age_band as string) as age_band,
    cast(clients.residence_country as string) as residence_country,
    cast(clients.city as string) as city,
    cast(clients.segment_code as string) as segment_code,
    cast(clients.risk_profile as string) as risk_profile,
    cast(clients.market_experience as string) as market_experience,
    cast(clients.marital_status as string) as marital_status,
    cast(clients.family_size as integer) as family_size,
    cast(clients.education_level as string) as education_level,
    cast(clients.preferred_language as string) as preferred_language,
    cast(clients.annual_income as double) as annual_income,
    cast(clients.net_worth as double) as net_worth,
    cast(clients.onboarding_date as date) as onboarding_date,
    cast(current_advisors.advisor_id as bigint) as advisor_id
from {{ ref('stg_clients') }} as clients
inner join ages
    on clients.client_id = ages.client_id
left join {{ ref('client_age_bands') }} as age_bands
    on ages.age between age_bands.min_age and age_bands.max_age
left join current_advisors
    on clients.client_id = current_advisors.client_id
