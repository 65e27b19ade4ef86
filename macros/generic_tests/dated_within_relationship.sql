{#-
  dated_within_relationship: every listed date of every row lies inside its client's
  relationship with the firm: on or after the client's onboarding date and on or before the
  as-of date (the last day of the calendar); with a portfolio, also on or after the
  portfolio's inception, and the portfolio is the row's client's own.

  Declared under the model's data_tests (not under a column), with the model's date columns
  that share the same options in one test: one scan of the table and one dbt node, as
  not_null_columns. Columns that need other options (another client_column, where_condition,
  ...) get a test of their own on the model, with a `name:` if dbt would otherwise give two
  tests the same name.

  Arguments:
    column_names        list of the dates (or timestamps, compared by their day) to check, at
                        least one (a single name may be given as a string); each is checked
                        on its own.
    client_column       the row's client (default client_id); a column of the model, or of
                        `through` when given.
    through             optional relation the client is read from, e.g. ref('stg_documents'),
                        joined to the model on through_key (a column of the same name on both).
    through_key         the join column with `through`.
    from_onboarding     true (default): a date is on or after the client's onboarding date;
                        false: only the as-of date bounds it (a debt may predate the
                        relationship), for rows of a known client.
    from_history_start  false (default); true: a date is also on or after the first day of
                        the calendar.
    portfolio_column    optional portfolio of the row: a date is also on or after the
                        portfolio's inception, and the portfolio's client is the row's client.
    where_condition     optional raw SQL predicate on the model; only matching rows are checked.
                        A null date passes: no `x is not null` is needed to skip one.

  Reads stg_clients (client_id, onboarding_date), stg_trading_calendar (calendar_date) and,
  with portfolio_column, stg_portfolios (portfolio_id, client_id, inception_date). Only rows
  whose client (and portfolio) exist are checked; a null date passes, but not a portfolio of
  another client (which fails once for each listed column). Returns one row per failing row
  and column: the row's columns, checked_client_id, checked_column (the column's name),
  checked_date (its day) and the bounds.
-#}
{% test dated_within_relationship(
    model,
    column_names=none,
    client_column='client_id',
    through=none,
    through_key=none,
    from_onboarding=true,
    from_history_start=false,
    portfolio_column=none,
    where_condition=none,
    column_name=none
) %}

{%- if column_name is not none -%}
    {{ exceptions.raise_compiler_error(
        "dated_within_relationship test on " ~ model ~ "." ~ column_name
        ~ ": declare it under the model's data_tests, with the dates in column_names"
    ) }}
{%- endif %}
{%- if column_names is string -%}
    {%- set column_names = [column_names] -%}
{%- endif -%}
{%- if column_names is none or column_names | length == 0 -%}
    {{ exceptions.raise_compiler_error(
        "dated_within_relationship test on " ~ model
        ~ ": column_names must list at least one column"
    ) }}
{%- endif %}
{%- if through is not none and through_key is none -%}
    {{ exceptions.raise_compiler_error(
        "dated_within_relationship test on " ~ model
        ~ ": through needs through_key, the column it is joined on"
    ) }}
{%- endif %}

with calendar as (

    select
        min(calendar_date) as history_start,
        max(calendar_date) as as_of_date
    from {{ ref('stg_trading_calendar') }}

),

meet_condition as (

    select *
    from {{ model }}
    {%- if where_condition %}
    where ({{ where_condition }})
    {%- endif %}

),

related as (

    select
        meet_condition.*,
        {%- if through is not none %}
        through_rows.{{ client_column }} as checked_client_id
        {%- else %}
        meet_condition.{{ client_column }} as checked_client_id
        {%- endif %}
    from meet_condition
    {%- if through is not none %}
    inner join {{ through }} as through_rows
        on meet_condition.{{ through_key }} = through_rows.{{ through_key }}
    {%- endif %}

),

checked_columns as (
    {%- for checked_column in column_names %}
    select {{ loop.index }} as column_position, '{{ checked_column }}' as checked_column
    {{- ' union all' if not loop.last }}
    {%- endfor %}
),

dated as (

    select
        related.*,
        checked_columns.checked_column,
        case checked_columns.column_position
        {%- for checked_column in column_names %}
            when {{ loop.index }} then cast(related.{{ checked_column }} as date)
        {%- endfor %}
        end as checked_date
    from related
    cross join checked_columns

),

failing as (

    select
        dated.*,
        clients.onboarding_date as client_onboarding_date,
        {%- if portfolio_column is not none %}
        portfolios.client_id as portfolio_client_id,
        portfolios.inception_date as portfolio_inception_date,
        {%- endif %}
        calendar.history_start as calendar_history_start,
        calendar.as_of_date as calendar_as_of_date
    from dated
    inner join {{ ref('stg_clients') }} as clients
        on dated.checked_client_id = clients.client_id
    {%- if portfolio_column is not none %}
    inner join {{ ref('stg_portfolios') }} as portfolios
        on dated.{{ portfolio_column }} = portfolios.portfolio_id
    {%- endif %}
    cross join calendar
    where
        dated.checked_date > calendar.as_of_date
        {%- if from_onboarding %}
        or dated.checked_date < clients.onboarding_date
        {%- endif %}
        {%- if from_history_start %}
        or dated.checked_date < calendar.history_start
        {%- endif %}
        {%- if portfolio_column is not none %}
        or dated.checked_date < portfolios.inception_date
        or portfolios.client_id != dated.checked_client_id
        {%- endif %}

)

select *
from failing

{% endtest %}
