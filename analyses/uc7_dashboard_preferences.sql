-- Use case 7: per-client dashboard preferences.
-- What each client's dashboard shows: theme, default period and reporting currency, and the
-- visible widgets in the order they appear, for the first clients.
{% set client_count = 3 %}
with clients_ranked as (
    select
        client_id,
        row_number() over (order by client_id) as client_rank
    from {{ ref('dim_client_preferences') }}
    where visible_widget_count > 0
),

first_clients as (
    select client_id
    from clients_ranked
    where client_rank <= {{ client_count }}
)

select
    preferences.client_id,
    preferences.dashboard_theme,
    preferences.dashboard_default_period,
    preferences.reporting_currency,
    preferences.language,
    widgets.widget_position,
    widgets.widget
from first_clients
inner join {{ ref('dim_client_preferences') }} as preferences
    on first_clients.client_id = preferences.client_id
inner join {{ ref('dim_client_dashboard_widgets') }} as widgets
    on first_clients.client_id = widgets.client_id
where widgets.is_visible
order by preferences.client_id, widgets.widget_position
