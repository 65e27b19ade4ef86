-- Each portfolio with its client's risk profile and the limits that profile sets (seed
-- risk_profiles). The drawdown, volatility, single-security and sector concentration alerts
-- all measure a portfolio against these limits: reading them from one model keeps the four
-- on the same profile for the same portfolio, and the join in one place.
with portfolios as (
    select
        portfolio_id,
        client_id,
        client_risk_profile
    from {{ ref('dim_portfolios') }}
),

profiles as (
    select
        risk_profile_code,
        max_drawdown,
        max_volatility,
        max_single_position_weight,
        max_sector_weight
    from {{ ref('risk_profiles') }}
)

select
    cast(portfolios.portfolio_id as bigint) as portfolio_id,
    cast(portfolios.client_id as bigint) as client_id,
    cast(profiles.risk_profile_code as string) as risk_profile_code,
    cast(profiles.max_drawdown as double) as max_drawdown,
    cast(profiles.max_volatility as double) as max_volatility,
    cast(profiles.max_single_position_weight as double) as max_single_position_weight,
    cast(profiles.max_sector_weight as double) as max_sector_weight
from portfolios
inner join profiles
    on portfolios.client_risk_profile = profiles.risk_profile_code
