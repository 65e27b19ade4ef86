{#- Two common table expressions that put the rows of clients into the groups above them:
    advisor_intervals (each client's advisor from an assignment's start up to the next
    one's, stg_advisor_assignments) and client_members, every row of `client_rows` (a
    relation with client_id and return_date) once as a member of the book of the advisor
    the client had that day (entity_type 'advisor') and once of the firm ('firm', entity 0),
    with the row's own columns after entity_type and entity_id. -#}
{% macro client_group_members(client_rows) -%}
{{ advisor_intervals() }},

client_members as (
    select
        'advisor' as entity_type,
        advisor_intervals.advisor_id as entity_id,
        {{ client_rows }}.*
    from {{ client_rows }}
    inner join advisor_intervals
        on
            {{ client_rows }}.client_id = advisor_intervals.client_id
            and {{ client_rows }}.return_date >= advisor_intervals.start_date
            and (
                advisor_intervals.next_start_date is null
                or {{ client_rows }}.return_date < advisor_intervals.next_start_date
            )
    union all
    select
        'firm' as entity_type,
        0 as entity_id,
        {{ client_rows }}.*
    from {{ client_rows }}
)
{%- endmacro %}
