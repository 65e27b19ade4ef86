-- Report 6: risk alerts (fct_risk_alerts) and regulatory flags (AML, PEP, sanctions, adverse
-- media) counted by type, severity, the client's current advisor, open or resolved, and age
-- (seed ageing_buckets): an open item's age runs from its raised date to the as-of date, a
-- resolved one's to its resolution. Every risk alert is open on the as-of date; flags under
-- review count as open, false positives as resolved.
with as_of as (
    select trading_date as as_of_date
    from {{ ref('int_trading_days') }}
    where is_last_day
),

alert_items as (
    select
        'risk_alert' as item_source,
        alerts.alert_type as item_type,
        alerts.severity,
        alerts.client_id,
        'open' as item_status,
        alerts.raised_date,
        as_of.as_of_date as aged_until
    from {{ ref('fct_risk_alerts') }} as alerts
    cross join as_of
),

flag_items as (
    select
        'regulatory_flag' as item_source,
        flags.flag_type as item_type,
        flags.severity,
        flags.client_id,
        case when flags.resolved_date is null then 'open' else 'resolved' end as item_status,
        flags.raised_date,
        coalesce(flags.resolved_date, as_of.as_of_date) as aged_until
    from {{ ref('stg_regulatory_flags') }} as flags
    cross join as_of
),

items as (
    select *
    from alert_items
    union all
    select *
    from flag_items
),

aged_items as (
    select
        items.*,
        clients.advisor_id,
        {{ dbt.datediff('items.raised_date', 'items.aged_until', 'day') }} as age_days
    from items
    inner join {{ ref('dim_clients') }} as clients
        on items.client_id = clients.client_id
)

select
    cast(aged_items.item_source as string) as item_source,
    cast(aged_items.item_type as string) as item_type,
    cast(aged_items.severity as string) as severity,
    cast(aged_items.advisor_id as bigint) as advisor_id,
    cast(aged_items.item_status as string) as item_status,
    cast(buckets.ageing_bucket as string) as ageing_bucket,
    cast(max(buckets.sort_order) as int) as ageing_order,
    cast(count(*) as bigint) as item_count,
    cast(count(distinct aged_items.client_id) as bigint) as client_count,
    cast(avg(aged_items.age_days) as double) as average_age_days,
    cast(max(aged_items.age_days) as int) as max_age_days,
    cast(min(aged_items.raised_date) as date) as oldest_raised_date
from aged_items
inner join {{ ref('ageing_buckets') }} as buckets
    on aged_items.age_days between buckets.min_days and buckets.max_days
group by
    aged_items.item_source,
    aged_items.item_type,
    aged_items.severity,
    aged_items.advisor_id,
    aged_items.item_status,
    buckets.ageing_bucket
