-- Every client has one tax profile, resident in the client's residence country, with a filing
-- status that matches the marital status: married clients file jointly or separately (or
-- individually where couples are taxed separately); others never do, and only the widowed
-- are qualifying surviving spouses.
select
    clients.client_id,
    clients.residence_country,
    clients.marital_status,
    profiles.tax_residency,
    profiles.filing_status
from {{ ref('stg_clients') }} as clients
left join {{ ref('stg_tax_profiles') }} as profiles
    on clients.client_id = profiles.client_id
where
    profiles.client_id is null
    or profiles.tax_residency <> clients.residence_country
    or (
        clients.marital_status = 'married'
        and profiles.filing_status not in ('married_filing_jointly', 'married_filing_separately', 'joint', 'individual')
    )
    or (
        clients.marital_status <> 'married'
        and profiles.filing_status in ('married_filing_jointly', 'married_filing_separately', 'joint')
    )
    or (profiles.filing_status = 'qualifying_surviving_spouse' and clients.marital_status <> 'widowed')
    or (profiles.filing_status = 'individual' and clients.residence_country = 'US')
    or (
        profiles.filing_status = 'individual'
        and clients.marital_status = 'married'
        and clients.residence_country in ('DE', 'FR', 'CH')
    )
