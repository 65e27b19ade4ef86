-- Per portfolio and period, the securities of each asset class (with the cash balance for
-- the cash class) sum to the class's contribution in fct_return_contribution (its asset-class
-- segmentation), and trading
-- and fees are the same in both marts (doc security_contribution): no segment on one side
-- only, no difference beyond var attribution_tolerance.
with security_sums as (
    select
        portfolio_id,
        period_code,
        period_start_date,
        coalesce(asset_class_code, segment_kind) as segment_code,
        sum(contribution) as contribution
    from {{ ref('fct_security_contribution') }}
    group by portfolio_id, period_code, period_start_date, coalesce(asset_class_code, segment_kind)
),

class_contributions as (
    select
        portfolio_id,
        period_code,
        period_start_date,
        segment_code,
        contribution
    from {{ ref('fct_return_contribution') }}
    where segmentation = 'asset_class' and segment_kind in ('asset_class', 'trading', 'fees')
)

select
    security_sums.contribution as security_sum,
    class_contributions.contribution as class_contribution,
    coalesce(security_sums.portfolio_id, class_contributions.portfolio_id) as portfolio_id,
    coalesce(security_sums.period_code, class_contributions.period_code) as period_code,
    coalesce(security_sums.period_start_date, class_contributions.period_start_date) as period_start_date,
    coalesce(security_sums.segment_code, class_contributions.segment_code) as segment_code
from security_sums
full outer join class_contributions
    on
        security_sums.portfolio_id = class_contributions.portfolio_id
        and security_sums.period_code = class_contributions.period_code
        and security_sums.period_start_date = class_contributions.period_start_date
        and security_sums.segment_code = class_contributions.segment_code
where
    security_sums.portfolio_id is null
    or class_contributions.portfolio_id is null
    or abs(security_sums.contribution - class_contributions.contribution) > {{ var('attribution_tolerance') }}
    or (security_sums.contribution is null) != (class_contributions.contribution is null)
