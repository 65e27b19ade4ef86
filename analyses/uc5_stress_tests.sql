-- Use case 5: stress tests and inflation/volatility scenarios.
-- Each curated scenario applied to the current positions: how many portfolios it tests and
-- how many would lose more than their risk profile accepts, the average and worst loss rate,
-- and the firm-wide loss in the reporting currency (the sum over clients).
select
    scenario_code,
    scenario_name,
    sum(case when entity_type = 'portfolio' then 1 else 0 end) as portfolio_count,
    sum(case when entity_type = 'portfolio' and is_breach then 1 else 0 end) as breaching_portfolio_count,
    round(avg(case when entity_type = 'portfolio' then stressed_loss_rate end), 4) as average_loss_rate,
    round(max(case when entity_type = 'portfolio' then stressed_loss_rate end), 4) as worst_loss_rate,
    round(sum(case when entity_type = 'client' then stressed_loss else 0 end), 0) as firm_loss_reporting_currency
from {{ ref('fct_stress_test_results') }}
group by scenario_code, scenario_name
order by firm_loss_reporting_currency desc
