-- Each version of a model is retired on the day the next one is released, and each model has
-- exactly one current (active) version.
with ordered as (
    select
        model_name,
        model_version_id,
        retired_date,
        is_active,
        lead(release_date) over (partition by model_name order by release_date) as next_release_date
    from {{ ref('stg_ai_model_versions') }}
),

wrong_retirement as (
    select
        model_name,
        model_version_id
    from ordered
    where
        (next_release_date is null and retired_date is not null)
        or (next_release_date is not null and (retired_date is null or retired_date != next_release_date))
),

wrong_active_count as (
    select
        model_name,
        cast(null as bigint) as model_version_id
    from ordered
    group by model_name
    having sum(case when is_active then 1 else 0 end) != 1
)

select
    model_name,
    model_version_id
from wrong_retirement
union all
select
    model_name,
    model_version_id
from wrong_active_count
