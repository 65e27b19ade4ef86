-- Every suitability check follows the data: pass when the strategy's suitable risk profile is
-- the client's, fail when the strategy is riskier than the profile, warning when more conservative.
with expected as (
    select
        checks.check_id,
        checks.outcome,
        case
            when strategies.suitable_risk_profile_code = clients.risk_profile then 'pass'
            when strategies.risk_level > profiles.risk_level then 'fail'
            else 'warning'
        end as expected_outcome
    from {{ ref('stg_compliance_checks') }} as checks
    inner join {{ ref('stg_portfolios') }} as portfolios
        on checks.portfolio_id = portfolios.portfolio_id
    inner join {{ ref('stg_clients') }} as clients
        on portfolios.client_id = clients.client_id
    inner join {{ ref('strategies') }} as strategies
        on portfolios.strategy_code = strategies.strategy_code
    inner join {{ ref('risk_profiles') }} as profiles
        on clients.risk_profile = profiles.risk_profile_code
    where checks.check_type = 'suitability'
)

select *
from expected
where outcome != expected_outcome
