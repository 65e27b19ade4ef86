{#- The tax year a date falls in, named by the calendar year it starts in, for a tax year
    starting on the first day of month `start_month` (1 for a calendar tax year; a tax year
    starting in April 2025 and ending in March 2026 is 2025). -#}
{% macro tax_year(date_column, start_month) -%}
    (year({{ date_column }}) - case when month({{ date_column }}) < {{ start_month }} then 1 else 0 end)
{%- endmacro %}
