-- Every risk alert on the as-of date, one row per alert: the union of the alert models (one
-- per alert type of seed risk_alert_types, same columns), with the type's name and severity
-- and the client's current advisor. alert_id is a stable key: the MD5 of the alert type, the
-- subject's ids, the raised date and the message (which names the security, sector or flag
-- of the alerts that can occur more than once per subject and day). Add an alert type by
-- appending its model to alert_models.
{%- set alert_models = [
    'int_risk_alerts_drawdown_limit',
    'int_risk_alerts_volatility_limit',
    'int_risk_alerts_security_concentration',
    'int_risk_alerts_sector_concentration',
    'int_risk_alerts_underperformance',
    'int_risk_alerts_kyc_expired',
    'int_risk_alerts_kyc_expiring',
    'int_risk_alerts_regulatory_flag_open',
    'int_risk_alerts_suitability_mismatch',
    'int_risk_alerts_cash_drag',
    'int_risk_alerts_goal_off_track',
] %}

with alerts as (
    {% for alert_model in alert_models %}
        select
            alert_type,
            subject_type,
            portfolio_id,
            client_id,
            raised_date,
            measured_value,
            threshold_value,
            message
        from {{ ref(alert_model) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select
    cast(
        md5(
            alerts.alert_type
            || '|' || coalesce(cast(alerts.portfolio_id as string), '')
            || '|' || coalesce(cast(alerts.client_id as string), '')
            || '|' || cast(alerts.raised_date as string)
            || '|' || alerts.message
        ) as string
    ) as alert_id,
    cast(alerts.alert_type as string) as alert_type,
    cast(alert_types.alert_name as string) as alert_name,
    cast(alert_types.severity as string) as severity,
    cast(alerts.subject_type as string) as subject_type,
    cast(alerts.portfolio_id as bigint) as portfolio_id,
    cast(alerts.client_id as bigint) as client_id,
    cast(clients.advisor_id as bigint) as advisor_id,
    cast(alerts.raised_date as date) as raised_date,
    cast(alerts.measured_value as double) as measured_value,
    cast(alerts.threshold_value as double) as threshold_value,
    cast(alerts.message as string) as message
from alerts
inner join {{ ref('risk_alert_types') }} as alert_types
    on alerts.alert_type = alert_types.alert_type
left join {{ ref('dim_clients') }} as clients
    on alerts.client_id = clients.client_id
