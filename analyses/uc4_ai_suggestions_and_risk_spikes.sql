-- Use case 4: AI buy/sell suggestions and risk-spike detection.
-- The portfolios whose risk rose most: rolling one-year volatility on the latest day against
-- its value a few months earlier, with the AI suggestions made for them since then (action,
-- confidence, what the advisor did, and whether it was right once the outcome is known).
{% set lookback_months = 3 %}
{% set top_n = 20 %}
with rolling_risk as (
    select
        portfolio_id,
        return_date,
        rolling_volatility
    from {{ ref('fct_portfolio_rolling_risk_daily') }}
    where rolling_volatility is not null
),

as_of as (
    select
        max(return_date) as as_of_date,
        {{ dbt.dateadd('month', -1 * lookback_months, 'max(return_date)') }} as earlier_date
    from rolling_risk
),

earlier_days as (
    select
        rolling_risk.portfolio_id,
        max(rolling_risk.return_date) as earlier_date
    from rolling_risk
    cross join as_of
    where rolling_risk.return_date <= as_of.earlier_date
    group by rolling_risk.portfolio_id
),

risk_changes as (
    select
        latest.portfolio_id,
        earlier.rolling_volatility as earlier_volatility,
        latest.rolling_volatility as latest_volatility,
        latest.rolling_volatility / earlier.rolling_volatility as volatility_ratio
    from rolling_risk as latest
    inner join as_of
        on latest.return_date = as_of.as_of_date
    inner join earlier_days
        on latest.portfolio_id = earlier_days.portfolio_id
    inner join rolling_risk as earlier
        on earlier_days.portfolio_id = earlier.portfolio_id and earlier_days.earlier_date = earlier.return_date
    where earlier.rolling_volatility > 0
),

suggestions_ranked as (
    select
        risk_changes.portfolio_id,
        risk_changes.earlier_volatility,
        risk_changes.latest_volatility,
        risk_changes.volatility_ratio,
        suggestions.recommended_date,
        suggestions.security_id,
        suggestions.action,
        suggestions.confidence,
        suggestions.status,
        suggestions.is_hit,
        row_number() over (
            order by risk_changes.volatility_ratio desc, suggestions.confidence desc, suggestions.recommendation_id asc
        ) as spike_rank
    from risk_changes
    inner join {{ ref('fct_ai_recommendations') }} as suggestions
        on risk_changes.portfolio_id = suggestions.portfolio_id
    cross join as_of
    where suggestions.recommended_date > as_of.earlier_date
)

select
    spike_rank,
    portfolio_id,
    recommended_date,
    security_id,
    action,
    status,
    is_hit,
    round(earlier_volatility, 4) as earlier_volatility,
    round(latest_volatility, 4) as latest_volatility,
    round(volatility_ratio, 2) as volatility_ratio,
    round(confidence, 2) as confidence
from suggestions_ranked
where spike_rank <= {{ top_n }}
order by spike_rank
