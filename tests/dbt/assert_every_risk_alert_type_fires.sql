-- Every alert type of seed risk_alert_types raises at least one alert in the built data: a
-- type that never fires is either broken or has a threshold no generated portfolio reaches.
select alert_types.alert_type
from {{ ref('risk_alert_types') }} as alert_types
left join {{ ref('fct_risk_alerts') }} as alerts
    on alert_types.alert_type = alerts.alert_type
where alerts.alert_type is null
