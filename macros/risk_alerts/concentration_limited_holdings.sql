{#- For the concentration alerts (single security, sector): the holdings on the as-of date
    (fct_holdings) of securities in sectors with is_concentration_limited (seed sectors; cash,
    diversified funds and bond sectors are exempt), with the security's ticker and sector.
    Columns: portfolio_id, security_id, ticker, sector_code, sector_name, as_of_date,
    portfolio_weight. -#}
{% macro concentration_limited_holdings() -%}
    select
        holdings.portfolio_id,
        holdings.security_id,
        securities.ticker,
        securities.sector_code,
        securities.sector_name,
        holdings.as_of_date,
        holdings.portfolio_weight
    from {{ ref('fct_holdings') }} as holdings
    inner join {{ ref('dim_securities') }} as securities
        on holdings.security_id = securities.security_id
    inner join {{ ref('sectors') }} as sectors
        on securities.sector_code = sectors.sector_code
    where sectors.is_concentration_limited
{%- endmacro %}
