-- Each edited field's history ends at the client's current value: the new value of the latest
-- trail of a client and field is the value in the client record.
with ranked as (
    select
        client_id,
        field_name,
        new_value,
        row_number() over (partition by client_id, field_name order by changed_at desc, trail_id desc) as recency
    from {{ ref('stg_audit_trails') }}
)

select
    ranked.client_id,
    ranked.field_name,
    ranked.new_value
from ranked
inner join {{ ref('stg_clients') }} as clients
    on ranked.client_id = clients.client_id
where
    ranked.recency = 1
    and ranked.new_value <> case ranked.field_name
        when 'email' then clients.email
        when 'phone' then clients.phone
        when 'street_address' then clients.street_address
        when 'marital_status' then clients.marital_status
        when 'risk_profile' then clients.risk_profile
    end
