"""The sidebar's filters: advisor, client, portfolio and period, kept in the page's URL
(?advisor=..&client=..&portfolio=..&period=..) so that a link drills down to one of them."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dashboard.data import Warehouse

PERIODS = ["MTD", "QTD", "YTD", "1Y", "3Y", "SI"]
PERIOD_NAMES = {
    "MTD": "Month to date",
    "QTD": "Quarter to date",
    "YTD": "Year to date",
    "1Y": "One year",
    "3Y": "Three years",
    "SI": "Since inception",
}


@dataclass(frozen=True)
class Scope:
    advisor_id: int
    client_id: int | None = None
    portfolio_id: int | None = None


def _wanted(name: str) -> int | None:
    text = st.query_params.get(name)
    return int(text) if text is not None and text.isdigit() else None


def _choose(label: str, options: list[int], names: dict[int, str], wanted: int | None, param: str) -> int:
    index = options.index(wanted) if wanted in options else 0
    chosen = st.sidebar.selectbox(label, options, index=index, format_func=lambda key: names[key])
    st.query_params[param] = str(chosen)
    return int(chosen)


def choose_scope(warehouse: Warehouse, depth: str) -> Scope:
    """Selects the advisor, then (depth client or portfolio) a client of that advisor, then
    (depth portfolio) one of the client's portfolios. A portfolio or client in the URL selects
    the ones above it."""
    wanted_portfolio, wanted_client, wanted_advisor = _wanted("portfolio"), _wanted("client"), _wanted("advisor")
    if depth == "portfolio" and wanted_portfolio is not None:
        owner = warehouse.query("select client_id from marts.dim_portfolios where portfolio_id = ?", [wanted_portfolio])
        if not owner.empty:
            wanted_client = int(owner.iat[0, 0])
    if depth in ("client", "portfolio") and wanted_client is not None:
        advisor = warehouse.query("select advisor_id from marts.dim_clients where client_id = ?", [wanted_client])
        if not advisor.empty:
            wanted_advisor = int(advisor.iat[0, 0])

    advisors = warehouse.query(
        "select advisor_id, count(*) as clients from marts.dim_clients group by advisor_id order by advisor_id"
    )
    advisor_names = {
        int(row.advisor_id): f"Advisor {row.advisor_id} ({row.clients} clients)" for row in advisors.itertuples()
    }
    advisor_id = _choose("Advisor", list(advisor_names), advisor_names, wanted_advisor, "advisor")
    if depth == "advisor":
        return Scope(advisor_id)

    clients = warehouse.query(
        "select client_id, client_key, segment_code, risk_profile from marts.dim_clients "
        "where advisor_id = ? order by client_id",
        [advisor_id],
    )
    client_names = {
        int(row.client_id): f"Client {row.client_id} · {row.client_key} · {row.segment_code}, {row.risk_profile}"
        for row in clients.itertuples()
    }
    client_id = _choose("Client household", list(client_names), client_names, wanted_client, "client")
    if depth == "client":
        return Scope(advisor_id, client_id)

    portfolios = warehouse.query(
        "select portfolio_id, portfolio_name, strategy_code, base_currency_code from marts.dim_portfolios "
        "where client_id = ? order by portfolio_id",
        [client_id],
    )
    portfolio_names = {
        int(row.portfolio_id): f"Portfolio {row.portfolio_id} · {row.portfolio_name} ({row.strategy_code}, "
        f"{row.base_currency_code})"
        for row in portfolios.itertuples()
    }
    portfolio_id = _choose("Portfolio", list(portfolio_names), portfolio_names, wanted_portfolio, "portfolio")
    return Scope(advisor_id, client_id, portfolio_id)


def choose_period(default: str = "SI") -> str:
    wanted = st.query_params.get("period")
    index = PERIODS.index(wanted if wanted in PERIODS else default)
    period = st.sidebar.selectbox("Period", PERIODS, index=index, format_func=lambda code: PERIOD_NAMES[code])
    st.query_params["period"] = period
    return str(period)
