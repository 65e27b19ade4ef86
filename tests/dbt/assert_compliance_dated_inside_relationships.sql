-- KYC verifications, regulatory flags and compliance checks are dated inside the client
-- relationship (on or after onboarding, and the portfolio's inception for a check; not after the
-- as-of date), and a check's client is the portfolio's client. A KYC expiry may lie in the future.
with as_of as (
    select max(calendar_date) as as_of_date
    from {{ ref('stg_trading_calendar') }}
),

kyc as (
    select
        'kyc_verifications' as table_name,
        kyc.verification_id as row_id
    from {{ ref('stg_kyc_verifications') }} as kyc
    inner join {{ ref('stg_clients') }} as clients
        on kyc.client_id = clients.client_id
    cross join as_of
    where
        kyc.verified_date < clients.onboarding_date
        or kyc.verified_date > as_of.as_of_date
),

flags as (
    select
        'regulatory_flags' as table_name,
        flags.flag_id as row_id
    from {{ ref('stg_regulatory_flags') }} as flags
    inner join {{ ref('stg_clients') }} as clients
        on flags.client_id = clients.client_id
    cross join as_of
    where
        flags.raised_date < clients.onboarding_date
        or flags.raised_date > as_of.as_of_date
        or flags.resolved_date > as_of.as_of_date
),

checks as (
    select
        'compliance_checks' as table_name,
        checks.check_id as row_id
    from {{ ref('stg_compliance_checks') }} as checks
    inner join {{ ref('stg_portfolios') }} as portfolios
        on checks.portfolio_id = portfolios.portfolio_id
    inner join {{ ref('stg_clients') }} as clients
        on checks.client_id = clients.client_id
    cross join as_of
    where
        checks.client_id != portfolios.client_id
        or checks.check_date < clients.onboarding_date
        or checks.check_date < portfolios.inception_date
        or checks.check_date > as_of.as_of_date
)

select * from kyc
union all
select * from flags
union all
select * from checks
