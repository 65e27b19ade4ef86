{#- The common table expression advisor_intervals: each client's advisor from an
    assignment's start (stg_advisor_assignments) up to the next one's (next_start_date, null
    for the current one), read by client_group_members and client_group_sums. -#}
{% macro advisor_intervals() -%}
advisor_intervals as (
    select
        client_id,
        advisor_id,
        start_date,
        lead(start_date) over (partition by client_id order by start_date) as next_start_date
    from {{ ref('stg_advisor_assignments') }}
)
{%- endmacro %}
