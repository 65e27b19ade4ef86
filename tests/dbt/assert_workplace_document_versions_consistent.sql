-- A document's versions are numbered 1..n in time order, its current version is n (its number
-- of versions), and it was created on the day of its first version.
with versions as (
    select
        document_id,
        count(*) as n_versions,
        min(version_number) as first_version,
        max(version_number) as last_version,
        min(created_at) as first_created_at
    from {{ ref('stg_versioned_documents') }}
    group by document_id
),

out_of_order as (
    select distinct later.document_id
    from {{ ref('stg_versioned_documents') }} as later
    inner join {{ ref('stg_versioned_documents') }} as earlier
        on
            later.document_id = earlier.document_id
            and later.version_number > earlier.version_number
            and later.created_at < earlier.created_at
)

select
    documents.document_id,
    documents.current_version,
    versions.n_versions,
    versions.last_version
from {{ ref('stg_documents') }} as documents
left join versions
    on documents.document_id = versions.document_id
left join out_of_order
    on documents.document_id = out_of_order.document_id
where
    versions.document_id is null
    or versions.first_version <> 1
    or versions.last_version <> versions.n_versions
    or documents.current_version <> versions.n_versions
    or documents.created_date <> cast(versions.first_created_at as date)
    or out_of_order.document_id is not null
