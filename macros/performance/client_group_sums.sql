{#- Common table expressions that sum rows of clients into every group at once:
    advisor_intervals (advisor_intervals macro), member_books (each row of `member_rows`,
    a relation with client_id, return_date, the `group_columns` and the columns `sums`
    reads, with the advisor the client had that day), member_sums and group_sums: the rows
    summed per household (entity_type 'client'), per advisor's book ('advisor') and for the
    firm ('firm', entity 0), by return_date and the group columns; group_sums has
    entity_type, entity_id, return_date, the group columns and the sums. One aggregate with
    three grouping sets reads the members once; a client before its first assignment is in
    no advisor's book. -#}
{% macro client_group_sums(member_rows, group_columns, sums) -%}
{%- set keys = ['return_date'] + group_columns %}
{{ advisor_intervals() }},

member_books as (
    select
        {{ member_rows }}.*,
        advisor_intervals.advisor_id
    from {{ member_rows }}
    left join advisor_intervals
        on
            {{ member_rows }}.client_id = advisor_intervals.client_id
            and {{ member_rows }}.return_date >= advisor_intervals.start_date
            and (
                advisor_intervals.next_start_date is null
                or {{ member_rows }}.return_date < advisor_intervals.next_start_date
            )
),

member_sums as (
    select
        case
            when grouping(client_id) = 0 then 'client'
            when grouping(advisor_id) = 0 then 'advisor'
            else 'firm'
        end as entity_type,
        coalesce(client_id, advisor_id, 0) as entity_id,
        advisor_id,
        {%- for column in keys %}
        {{ column }},
        {%- endfor %}
        {%- for column, expression in sums.items() %}
        sum({{ expression }}) as {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from member_books
    group by grouping sets (
        (client_id, {{ keys | join(', ') }}),
        (advisor_id, {{ keys | join(', ') }}),
        ({{ keys | join(', ') }})
    )
),

group_sums as (
    -- the rows of clients without an advisor that day make no advisor's book
    select
        entity_type,
        entity_id,
        {%- for column in keys + (sums | list) %}
        {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from member_sums
    where entity_type != 'advisor' or advisor_id is not null
)
{%- endmacro %}
