-- An active insurance policy has not ended by the as-of date, and a liability has not matured
-- by then (the records' dates inside the client relationship are checked by the
-- dated_within_relationship tests in _wealth_planning__models.yml).
with as_of as (
    select max(calendar_date) as as_of_date
    from {{ ref('stg_trading_calendar') }}
)

select
    'insurance_policies.end_date (active)' as date_column,
    policies.client_id,
    policies.end_date as event_date,
    as_of.as_of_date
from {{ ref('stg_insurance_policies') }} as policies
cross join as_of
where policies.status = 'active' and policies.end_date <= as_of.as_of_date
union all
select
    'liabilities.maturity_date' as date_column,
    liabilities.client_id,
    liabilities.maturity_date as event_date,
    as_of.as_of_date
from {{ ref('stg_liabilities') }} as liabilities
cross join as_of
where liabilities.maturity_date <= as_of.as_of_date
