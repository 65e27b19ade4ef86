-- Sector concentration: the securities of one sector together weigh more of a portfolio on
-- the as-of date (fct_holdings) than the largest sector weight of the client's risk profile
-- (int_portfolio_risk_limits). Sectors without is_concentration_limited (seed sectors: cash,
-- diversified funds, bond sectors) are exempt. One alert per portfolio and sector; the
-- message names the sector, which keeps the rows unique.
with alert_types as (
    select alert_type
    from {{ ref('risk_alert_types') }}
    where alert_type = 'sector_concentration'
),

limited_holdings as (
    {{ concentration_limited_holdings() }}
),

sector_weights as (
    select
        portfolio_id,
        sector_code,
        sector_name,
        as_of_date,
        sum(portfolio_weight) as sector_weight
    from limited_holdings
    group by
        portfolio_id,
        sector_code,
        sector_name,
        as_of_date
)

select
    cast(alert_types.alert_type as string) as alert_type,
    cast('portfolio' as string) as subject_type,
    cast(sector_weights.portfolio_id as bigint) as portfolio_id,
    cast(limits.client_id as bigint) as client_id,
    cast(sector_weights.as_of_date as date) as raised_date,
    cast(sector_weights.sector_weight as double) as measured_value,
    cast(limits.max_sector_weight as double) as threshold_value,
    cast(
        'Sector ' || sector_weights.sector_name || ' (' || sector_weights.sector_code
        || ') weighs ' || cast(round(100 * sector_weights.sector_weight, 1) as string)
        || '% of the portfolio, above the ' || cast(round(100 * limits.max_sector_weight, 1) as string)
        || '% limit of the ' || limits.risk_profile_code || ' risk profile'
        as string
    ) as message
from sector_weights
cross join alert_types
inner join {{ ref('int_portfolio_risk_limits') }} as limits
    on sector_weights.portfolio_id = limits.portfolio_id
where sector_weights.sector_weight > limits.max_sector_weight
