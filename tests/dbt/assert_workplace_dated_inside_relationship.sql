-- Every workplace record about a client is dated inside the client relationship: on or after
-- the client's onboarding date and on or before the as-of date.
with as_of as (
    select max(calendar_date) as as_of_date
    from {{ ref('stg_trading_calendar') }}
),

dated as (
    select
        'tasks.created_at' as column_name,
        client_id,
        cast(created_at as date) as event_date
    from {{ ref('stg_tasks') }}
    union all
    select
        'tasks.completed_at' as column_name,
        client_id,
        cast(completed_at as date) as event_date
    from {{ ref('stg_tasks') }}
    where completed_at is not null
    union all
    select
        'workflow_instances.started_at' as column_name,
        client_id,
        cast(started_at as date) as event_date
    from {{ ref('stg_workflow_instances') }}
    union all
    select
        'workflow_instances.completed_at' as column_name,
        client_id,
        cast(completed_at as date) as event_date
    from {{ ref('stg_workflow_instances') }}
    where completed_at is not null
    union all
    select
        'workflow_steps.completed_at' as column_name,
        instances.client_id,
        cast(steps.completed_at as date) as event_date
    from {{ ref('stg_workflow_steps') }} as steps
    inner join {{ ref('stg_workflow_instances') }} as instances
        on steps.workflow_instance_id = instances.workflow_instance_id
    where steps.completed_at is not null
    union all
    select
        'documents.created_date' as column_name,
        client_id,
        created_date as event_date
    from {{ ref('stg_documents') }}
    union all
    select
        'versioned_documents.created_at' as column_name,
        documents.client_id,
        cast(versions.created_at as date) as event_date
    from {{ ref('stg_versioned_documents') }} as versions
    inner join {{ ref('stg_documents') }} as documents
        on versions.document_id = documents.document_id
    union all
    select
        'portfolio_reports.period_start' as column_name,
        client_id,
        period_start as event_date
    from {{ ref('stg_portfolio_reports') }}
    union all
    select
        'portfolio_reports.issued_date' as column_name,
        client_id,
        issued_date as event_date
    from {{ ref('stg_portfolio_reports') }}
    union all
    select
        'tag_assignments.assigned_date' as column_name,
        client_id,
        assigned_date as event_date
    from {{ ref('stg_tag_assignments') }}
    union all
    select
        'portfolio_tags.tagged_date' as column_name,
        portfolios.client_id,
        tags.tagged_date as event_date
    from {{ ref('stg_portfolio_tags') }} as tags
    inner join {{ ref('stg_portfolios') }} as portfolios
        on tags.portfolio_id = portfolios.portfolio_id
    union all
    select
        'referral_programs.referrer' as column_name,
        referrer_client_id as client_id,
        referral_date as event_date
    from {{ ref('stg_referral_programs') }}
    union all
    select
        'referral_programs.referred' as column_name,
        referred_client_id as client_id,
        referral_date as event_date
    from {{ ref('stg_referral_programs') }}
    union all
    select
        'marketing_interactions.occurred_at' as column_name,
        client_id,
        cast(occurred_at as date) as event_date
    from {{ ref('stg_marketing_interactions') }}
)

select
    dated.column_name,
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
