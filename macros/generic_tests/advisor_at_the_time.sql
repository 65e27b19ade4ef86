{#-
  advisor_at_the_time: the advisor on a row was the client's advisor on the row's day: an
  assignment of that client to that advisor (stg_advisor_assignments) covers the day, from its
  start_date to its end_date, both included (an open assignment has no end).

  Declared under the model's data_tests (not under a column), as dated_within_relationship,
  with the advisor column given as column_name, e.g.
      - advisor_at_the_time:
          arguments: {column_name: advisor_id, date_column: sent_at}
  one test (one dbt node) per advisor and date pair; no model has more than one.

  Arguments:
    column_name      the advisor column to check.
    date_column      the date (or timestamp, taken by its day) the advisor acted on.
    client_column    the row's client (default client_id); a column of the model, or of
                     `through` when given.
    through          optional relation the client is read from, e.g. ref('stg_documents'),
                     joined to the model on through_key (a column of the same name on both).
    through_key      the join column with `through`.
    where_condition  optional raw SQL predicate on the model; only matching rows are checked.

  A null advisor, client or date fails (no assignment covers it): leave such rows out with
  where_condition where they are allowed. Returns one row per failing row: its columns and the
  client, advisor and day checked.
-#}
{% test advisor_at_the_time(
    model,
    column_name,
    date_column,
    client_column='client_id',
    through=none,
    through_key=none,
    where_condition=none
) %}

{%- if through is not none and through_key is none -%}
    {{ exceptions.raise_compiler_error(
        "advisor_at_the_time test on " ~ model ~ "." ~ column_name
        ~ ": through needs through_key, the column it is joined on"
    ) }}
{%- endif %}

with meet_condition as (

    select *
    from {{ model }}
    {%- if where_condition %}
    where ({{ where_condition }})
    {%- endif %}

),

events as (

    select
        meet_condition.*,
        {%- if through is not none %}
        through_rows.{{ client_column }} as checked_client_id,
        {%- else %}
        meet_condition.{{ client_column }} as checked_client_id,
        {%- endif %}
        meet_condition.{{ column_name }} as checked_advisor_id,
        cast(meet_condition.{{ date_column }} as date) as checked_date
    from meet_condition
    {%- if through is not none %}
    inner join {{ through }} as through_rows
        on meet_condition.{{ through_key }} = through_rows.{{ through_key }}
    {%- endif %}

),

covered as (

    select distinct
        events.checked_client_id,
        events.checked_advisor_id,
        events.checked_date
    from events
    inner join {{ ref('stg_advisor_assignments') }} as assignments
        on
            events.checked_client_id = assignments.client_id
            and events.checked_advisor_id = assignments.advisor_id
            and events.checked_date >= assignments.start_date
            and (assignments.end_date is null or events.checked_date <= assignments.end_date)

)

select events.*
from events
left join covered
    on
        events.checked_client_id = covered.checked_client_id
        and events.checked_advisor_id = covered.checked_advisor_id
        and events.checked_date = covered.checked_date
where covered.checked_client_id is null

{% endtest %}
