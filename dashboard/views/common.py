"""Pieces several pages share: the key figures, the period table, a chart with its numbers."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.formatting import money, pct

STYLE = "<style>[data-testid='stMetricValue'] { font-size: 1.7rem; }</style>"


def amount(label: str) -> object:
    """A column of amounts in whole units with thousands separators."""
    return st.column_config.NumberColumn(label, format="localized", step=1)


def date(label: str) -> object:
    return st.column_config.DateColumn(label, format="YYYY-MM-DD")


def figures(items: Sequence[tuple[str, str]]) -> None:
    """Key figures in a row, each a label and its formatted value."""
    st.markdown(STYLE, unsafe_allow_html=True)
    for column, (label, value) in zip(st.columns(len(items)), items, strict=True):
        column.metric(label, value)


def chart(spec: alt.TopLevelMixin, key: str | None = None) -> None:
    st.altair_chart(spec, width="stretch", key=key)


def table(frame: pd.DataFrame, config: dict[str, object] | None = None, height: int | None = None) -> None:
    """A table; dates shown as dates (DuckDB's DATE arrives as a timestamp)."""
    config = dict(config or {})
    for name in frame.columns:
        if name not in config and pd.api.types.is_datetime64_any_dtype(frame[name]):
            config[name] = date(name.replace("_", " "))
    st.dataframe(frame, hide_index=True, column_config=config or {}, width="stretch", height=height or "auto")


def period_table(frame: pd.DataFrame) -> None:
    """MTD to SI: return, benchmark, excess, money-weighted return, risk (fct_performance_periods)."""
    shown = frame[
        [
            "period_code",
            "period_start_date",
            "period_end_date",
            "time_weighted_return",
            "benchmark_return",
            "excess_return",
            "annualised_return",
            "money_weighted_return",
            "annualised_volatility",
            "sharpe_ratio",
            "max_drawdown",
            "beta",
            "end_value",
        ]
    ]
    table(
        shown,
        {
            "period_code": "Period",
            "period_start_date": date("From"),
            "period_end_date": date("To"),
            "time_weighted_return": st.column_config.NumberColumn("Return (TWR)", format="percent"),
            "benchmark_return": st.column_config.NumberColumn("Benchmark", format="percent"),
            "excess_return": st.column_config.NumberColumn("Excess", format="percent"),
            "annualised_return": st.column_config.NumberColumn("Annualised", format="percent"),
            "money_weighted_return": st.column_config.NumberColumn("Money-weighted", format="percent"),
            "annualised_volatility": st.column_config.NumberColumn("Volatility", format="percent"),
            "sharpe_ratio": st.column_config.NumberColumn("Sharpe", format="%.2f"),
            "max_drawdown": st.column_config.NumberColumn("Max drawdown", format="percent"),
            "beta": st.column_config.NumberColumn("Beta", format="%.2f"),
            "end_value": amount("End value"),
        },
    )


def period_figures(row: pd.Series, currency: str) -> None:
    figures(
        [
            (f"Return {row['period_code']} (TWR)", pct(row["time_weighted_return"])),
            (f"Benchmark {row['period_code']}", pct(row["benchmark_return"])),
            ("Excess return", pct(row["excess_return"])),
            ("Max drawdown", pct(row["max_drawdown"])),
            ("Value at period end", money(row["end_value"], currency)),
        ]
    )
