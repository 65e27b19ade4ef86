-- Use case 3: tax reports, billing invoices and monthly statements.
-- For the clients with the largest taxable income in the last complete tax year: the tax
-- report (realised gains short and long term, dividends, interest, fees), the advisory fee
-- invoices of that year and how many of them reconciliation found wrong, and the closing
-- value of their latest monthly statement (all in the reporting currency).
{% set top_n = 10 %}
with latest_statements as (
    select
        client_id,
        statement_month,
        closing_value,
        row_number() over (partition by client_id order by statement_month desc) as recency
    from {{ ref('fct_client_statements_monthly') }}
    where entity_type = 'client'
),

last_complete_year as (
    select max(tax_year) - 1 as tax_year
    from {{ ref('fct_tax_reports') }}
),

tax_reports as (
    select
        reports.*,
        row_number() over (order by reports.taxable_income desc, reports.client_id asc) as income_rank
    from {{ ref('fct_tax_reports') }} as reports
    inner join last_complete_year
        on reports.tax_year = last_complete_year.tax_year
    where reports.entity_type = 'client'
),

invoices as (
    select
        invoices.client_id,
        count(*) as invoice_count,
        sum(case when invoices.is_discrepancy then 1 else 0 end) as wrong_invoice_count
    from {{ ref('fct_billing_reconciliation') }} as invoices
    inner join tax_reports
        on
            invoices.client_id = tax_reports.client_id
            and invoices.invoice_date between tax_reports.tax_year_start_date and tax_reports.tax_year_end_date
    group by invoices.client_id
)

select
    tax_reports.income_rank,
    tax_reports.client_id,
    tax_reports.tax_year,
    tax_reports.currency_code,
    latest_statements.statement_month as latest_statement_month,
    round(tax_reports.short_term_gains, 2) as short_term_gains,
    round(tax_reports.long_term_gains, 2) as long_term_gains,
    round(tax_reports.dividends + tax_reports.interest, 2) as income,
    round(tax_reports.fees, 2) as fees,
    round(tax_reports.taxable_income, 2) as taxable_income,
    coalesce(invoices.invoice_count, 0) as invoice_count,
    coalesce(invoices.wrong_invoice_count, 0) as wrong_invoice_count,
    round(latest_statements.closing_value, 2) as latest_closing_value
from tax_reports
left join invoices
    on tax_reports.client_id = invoices.client_id
left join latest_statements
    on tax_reports.client_id = latest_statements.client_id and latest_statements.recency = 1
where tax_reports.income_rank <= {{ top_n }}
order by tax_reports.income_rank
