-- What the tax marts need to know of each portfolio: its account, client, tax treatment and
-- base currency, and the month the client's tax year starts (tax_profiles; 1, a calendar
-- year, for a client without a profile).
select
    portfolios.portfolio_id,
    portfolios.account_id,
    portfolios.client_id,
    portfolios.tax_treatment,
    portfolios.base_currency_code,
    coalesce(tax_profiles.tax_year_start_month, 1) as tax_year_start_month
from {{ ref('dim_portfolios') }} as portfolios
left join {{ ref('stg_tax_profiles') }} as tax_profiles
    on portfolios.client_id = tax_profiles.client_id
