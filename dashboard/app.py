"""The dashboard's entry point: `python -m warehouse dashboard` runs it with Streamlit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import streamlit as st

from dashboard.data import Identity, Warehouse, WarehouseChanged, database_path, identity
from dashboard.views import books, firm, reports

WATCH_SECONDS = 3


def _page(view: Callable[[Warehouse], None], title: str, url_path: str, *, default: bool = False) -> st.Page:
    def run() -> None:
        view(Warehouse(database_path()))

    run.__name__ = url_path
    return st.Page(run, title=title, url_path=url_path, default=default)


@st.fragment(run_every=WATCH_SECONDS)
def _watch(seen: Identity) -> None:
    """Runs the page again as soon as `make build` has swapped a new file in."""
    try:
        now = identity(database_path())
    except FileNotFoundError:
        return
    if now != seen:
        st.rerun(scope="app")


def main() -> None:
    st.set_page_config(page_title="Wealth warehouse", layout="wide")
    path = database_path()
    if not path.exists():
        st.error(f"{path} does not exist: build the warehouse first (`make build`).")
        st.stop()
    pages = {
        "Firm": [_page(firm.firm, "The firm", "firm", default=True)],
        "Reports": [
            _page(reports.top_performers, "Top performers YTD", "top-performers"),
            _page(reports.underweight, "Underweight vs target", "underweight"),
            _page(reports.sentiment, "Sentiment vs volatility", "sentiment"),
            _page(reports.ai_confidence, "AI confidence heatmap", "ai-confidence"),
            _page(reports.goals, "Clients nearing goals", "goals"),
            _page(reports.alerts, "Risk alerts and flags", "alerts"),
        ],
        "Books": [
            _page(books.advisor, "Advisor's book", "advisor"),
            _page(books.client, "Client household", "client"),
            _page(books.portfolio, "Portfolio", "portfolio"),
        ],
    }
    navigation = st.navigation(pages)
    seen = identity(path)
    with st.sidebar:
        built = datetime.fromtimestamp(seen.mtime_ns / 1e9, tz=UTC)
        st.caption(f"Warehouse `{path.name}`, built {built:%Y-%m-%d %H:%M} UTC; read-only.")
        _watch(seen)
    try:
        navigation.run()
    except WarehouseChanged:
        st.rerun()


main()
