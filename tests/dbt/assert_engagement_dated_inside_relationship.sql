-- Every behaviour and communication record is dated inside the client relationship: on or
-- after the client's onboarding date and on or before the as-of date.
with as_of as (
    select max(calendar_date) as as_of_date
    from {{ ref('stg_trading_calendar') }}
),

dated as (
    select
        'client_sentiment' as table_name,
        client_id,
        measured_date as event_date
    from {{ ref('stg_client_sentiment') }}
    union all
    select
        'client_surveys' as table_name,
        client_id,
        survey_date as event_date
    from {{ ref('stg_client_surveys') }}
    union all
    select
        'support_tickets.opened_at' as table_name,
        client_id,
        cast(opened_at as date) as event_date
    from {{ ref('stg_support_tickets') }}
    union all
    select
        'support_tickets.closed_at' as table_name,
        client_id,
        cast(closed_at as date) as event_date
    from {{ ref('stg_support_tickets') }}
    where closed_at is not null
    union all
    select
        'notifications.sent_at' as table_name,
        client_id,
        cast(sent_at as date) as event_date
    from {{ ref('stg_notifications') }}
    union all
    select
        'notifications.read_at' as table_name,
        client_id,
        cast(read_at as date) as event_date
    from {{ ref('stg_notifications') }}
    where read_at is not null
    union all
    select
        'notification_preferences' as table_name,
        client_id,
        updated_date as event_date
    from {{ ref('stg_notification_preferences') }}
    union all
    select
        'dashboard_preferences' as table_name,
        client_id,
        updated_date as event_date
    from {{ ref('stg_dashboard_preferences') }}
    union all
    select
        'client_preferences' as table_name,
        client_id,
        updated_date as event_date
    from {{ ref('stg_client_preferences') }}
    union all
    select
        'chat_messages' as table_name,
        client_id,
        cast(sent_at as date) as event_date
    from {{ ref('stg_chat_messages') }}
)

select
    dated.table_name,
    dated.client_id,
    dated.event_date,
    clients.onboarding_date,
    as_of.as_of_date
from dated
inner join {{ ref('stg_clients') }} as clients
    on dated.client_id = clients.client_id
cross join as_of
where
    dated.event_date < clients.onboarding_date
    or dated.event_date > as_of.as_of_date
