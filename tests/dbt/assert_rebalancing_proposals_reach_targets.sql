-- The proposed trades of a portfolio sum to zero (the cash balance pays for the buys and takes
-- the sales) and leave every asset class at its target weight.
with portfolio_sums as (
    select
        portfolio_id,
        sum(trade_amount) as net_trade,
        max(portfolio_market_value) as portfolio_market_value
    from {{ ref('fct_rebalancing_proposals') }}
    group by portfolio_id
),

class_results as (
    select
        proposals.portfolio_id,
        proposals.asset_class_code,
        sum(proposals.proposed_value) / max(proposals.portfolio_market_value) as proposed_weight,
        max(drift.target_weight) as target_weight
    from {{ ref('fct_rebalancing_proposals') }} as proposals
    inner join {{ ref('fct_allocation_drift') }} as drift
        on
            proposals.portfolio_id = drift.portfolio_id
            and proposals.asset_class_code = drift.asset_class_code
            and proposals.as_of_date = drift.allocation_date
    group by proposals.portfolio_id, proposals.asset_class_code
)

select
    portfolio_id,
    'trades do not net to zero' as problem
from portfolio_sums
where abs(net_trade) > 1e-9 * portfolio_market_value
union all
select
    portfolio_id,
    'class not at target' as problem
from class_results
where abs(proposed_weight - target_weight) > 1e-9
