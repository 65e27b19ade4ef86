-- The widgets of each client's dashboard in the order shown, visible or hidden.
select
    cast(preference_id as bigint) as dashboard_widget_id,
    cast(client_id as bigint) as client_id,
    cast(widget as string) as widget,
    cast(position as integer) as widget_position,
    cast(is_visible as boolean) as is_visible,
    cast(updated_date as date) as updated_date
from {{ ref('stg_dashboard_preferences') }}
