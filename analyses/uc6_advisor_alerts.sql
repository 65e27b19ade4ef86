-- Use case 6: advisor alerts on risk breaches or underperformance.
-- Each advisor's current alerts by type and severity: how many, for how many clients, and
-- since when, the advisors with the most high-severity alerts first.
with advisor_alerts as (
    select
        advisor_id,
        alert_type,
        severity,
        count(*) as alert_count,
        count(distinct client_id) as client_count,
        min(raised_date) as oldest_raised_date
    from {{ ref('fct_risk_alerts') }}
    group by advisor_id, alert_type, severity
),

advisor_totals as (
    select
        advisor_id,
        sum(case when severity = 'high' then alert_count else 0 end) as high_alert_count
    from advisor_alerts
    group by advisor_id
)

select
    advisor_alerts.advisor_id,
    advisor_totals.high_alert_count,
    advisor_alerts.alert_type,
    advisor_alerts.severity,
    advisor_alerts.alert_count,
    advisor_alerts.client_count,
    advisor_alerts.oldest_raised_date
from advisor_alerts
inner join advisor_totals
    on advisor_alerts.advisor_id = advisor_totals.advisor_id
order by
    advisor_totals.high_alert_count desc,
    advisor_alerts.advisor_id asc,
    advisor_alerts.alert_count desc,
    advisor_alerts.alert_type asc
