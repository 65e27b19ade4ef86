-- One row per client: how they want to be contacted and reported to, their dashboard's
-- theme, default period and widget count, and how many notifications they have switched on.
with dashboards as (
    select
        client_id,
        max(theme) as dashboard_theme,
        max(default_period) as dashboard_default_period,
        count(*) as widget_count,
        sum(case when is_visible then 1 else 0 end) as visible_widget_count,
        max(updated_date) as dashboard_updated_date
    from {{ ref('stg_dashboard_preferences') }}
    group by client_id
),

notifications as (
    select
        client_id,
        count(*) as notification_setting_count,
        sum(case when is_enabled then 1 else 0 end) as enabled_notification_count,
        sum(case when is_enabled and channel = 'email' then 1 else 0 end) as enabled_email_count,
        sum(case when is_enabled and channel = 'sms' then 1 else 0 end) as enabled_sms_count,
        sum(case when is_enabled and channel = 'push' then 1 else 0 end) as enabled_push_count,
        sum(case when is_enabled and channel = 'in_app' then 1 else 0 end) as enabled_in_app_count
    from {{ ref('stg_notification_preferences') }}
    group by client_id
)

select
    cast(clients.client_id as bigint) as client_id,
    cast(preferences.contact_channel as string) as contact_channel,
    cast(preferences.contact_frequency as string) as contact_frequency,
    cast(preferences.statement_delivery as string) as statement_delivery,
    cast(preferences.language as string) as language,
    cast(preferences.reporting_currency as string) as reporting_currency,
    cast(preferences.esg_interest as boolean) as esg_interest,
    cast(dashboards.dashboard_theme as string) as dashboard_theme,
    cast(dashboards.dashboard_default_period as string) as dashboard_default_period,
    cast(coalesce(dashboards.widget_count, 0) as integer) as widget_count,
    cast(coalesce(dashboards.visible_widget_count, 0) as integer) as visible_widget_count,
    cast(coalesce(notifications.notification_setting_count, 0) as integer) as notification_setting_count,
    cast(coalesce(notifications.enabled_notification_count, 0) as integer) as enabled_notification_count,
    cast(coalesce(notifications.enabled_email_count, 0) as integer) as enabled_email_count,
    cast(coalesce(notifications.enabled_sms_count, 0) as integer) as enabled_sms_count,
    cast(coalesce(notifications.enabled_push_count, 0) as integer) as enabled_push_count,
    cast(coalesce(notifications.enabled_in_app_count, 0) as integer) as enabled_in_app_count,
    cast(preferences.updated_date as date) as preferences_updated_date,
    cast(dashboards.dashboard_updated_date as date) as dashboard_updated_date
from {{ ref('stg_clients') }} as clients
left join {{ ref('stg_client_preferences') }} as preferences
    on clients.client_id = preferences.client_id
left join dashboards
    on clients.client_id = dashboards.client_id
left join notifications
    on clients.client_id = notifications.client_id
