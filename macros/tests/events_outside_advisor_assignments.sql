{#- For singular tests: the rows of the CTE `events` (table_name, event_id, client_id,
    advisor_id, event_date) whose advisor was not assigned to the client on event_date (no
    assignment of that client to that advisor covers the day). Emits the rest of the query
    after `with events as (...),`. -#}
{% macro events_outside_advisor_assignments(events='events') -%}
covered as (
    select distinct
        {{ events }}.table_name,
        {{ events }}.event_id
    from {{ events }}
    inner join {{ ref('stg_advisor_assignments') }} as assignments
        on
            {{ events }}.client_id = assignments.client_id
            and {{ events }}.advisor_id = assignments.advisor_id
            and {{ events }}.event_date >= assignments.start_date
            and (assignments.end_date is null or {{ events }}.event_date <= assignments.end_date)
)

select
    {{ events }}.table_name,
    {{ events }}.event_id,
    {{ events }}.client_id,
    {{ events }}.advisor_id,
    {{ events }}.event_date
from {{ events }}
left join covered
    on
        {{ events }}.table_name = covered.table_name
        and {{ events }}.event_id = covered.event_id
where covered.event_id is null
{%- endmacro %}
