-- Single-security concentration: a security whose weight in a portfolio on the as-of date
-- (fct_holdings) is above the largest single-position weight of the client's risk profile
-- (int_portfolio_risk_limits). Holdings in sectors without is_concentration_limited (seed
-- sectors: cash, diversified funds, bond sectors) are exempt. One alert per portfolio and
-- security; the message names the security, which keeps the rows unique.
with alert_types as (
    select alert_type
    from {{ ref('risk_alert_types') }}
    where alert_type = 'security_concentration'
),

non_cash_holdings as (
    {{ concentration_limited_holdings() }}
)

select
    cast(alert_types.alert_type as string) as alert_type,
    cast('portfolio' as string) as subject_type,
    cast(non_cash_holdings.portfolio_id as bigint) as portfolio_id,
    cast(limits.client_id as bigint) as client_id,
    cast(non_cash_holdings.as_of_date as date) as raised_date,
    cast(non_cash_holdings.portfolio_weight as double) as measured_value,
    cast(limits.max_single_position_weight as double) as threshold_value,
    cast(
        non_cash_holdings.ticker || ' (security ' || cast(non_cash_holdings.security_id as string)
        || ') weighs ' || cast(round(100 * non_cash_holdings.portfolio_weight, 1) as string)
        || '% of the portfolio, above the ' || cast(round(100 * limits.max_single_position_weight, 1) as string)
        || '% limit of the ' || limits.risk_profile_code || ' risk profile'
        as string
    ) as message
from non_cash_holdings
cross join alert_types
inner join {{ ref('int_portfolio_risk_limits') }} as limits
    on non_cash_holdings.portfolio_id = limits.portfolio_id
where non_cash_holdings.portfolio_weight > limits.max_single_position_weight
