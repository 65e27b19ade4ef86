"""A household's quarterly report as HTML (Jinja2, charts as inline SVG) and as PDF, printed
by headless Chromium from Debian's packages (`make setup-browser`). Both files are written
beside their final name and renamed into place, so a report is whole or absent."""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import jinja2

from client_reports import charts
from client_reports.data import GROWTH_YEARS, ReportError, Row

TEMPLATES = Path(__file__).parent / "templates"
CHROMIUM_TIMEOUT_SECONDS = 120


def money(value: float | None) -> str:
    """Amounts as the report prints them: thousands separated, two decimals."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{round(value, 2) + 0.0:,.2f}"  # + 0.0: never "-0.00"


def pct(value: float | None) -> str:
    """Rates (decimal fractions) as percentages with two decimals."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{round(value, 4) + 0.0:.2%}"


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
    )
    environment.filters["money"] = money
    environment.filters["pct"] = pct
    return environment


def render_html(report: Row) -> str:
    portfolios: list[dict[str, Any]] = []
    for account in report["portfolios"]:
        allocation = account["allocation"]
        chart = charts.allocation_chart(
            [row["asset_class_code"] for row in allocation],
            [row["actual_weight"] for row in allocation],
            [row["target_weight"] for row in allocation],
        )
        portfolios.append({**account, "allocation_chart": chart})
    months = report["months"]
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            **{**report, "portfolios": portfolios},
            growth_years=GROWTH_YEARS,
            growth_chart=charts.growth_chart(report["growth"]),
            monthly_chart=charts.bar_chart(
                [f"{row['statement_month']:%b %y}" for row in months], [row["time_weighted_return"] for row in months]
            ),
        )
    )


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise ReportError("Chromium is not installed: run `make setup-browser` (Debian's chromium), or pass --no-pdf")
    return found


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, suffix=".part", delete=False) as part:
        part.write(text)
    os.chmod(part.name, 0o644)  # a temporary file is private; a report is not
    os.replace(part.name, path)


def print_pdf(html: Path, pdf: Path, browser: str) -> None:
    """Print the HTML file to a PDF beside `pdf`, then rename it into place."""
    part = pdf.with_name(f".{pdf.name}.part")
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        result = subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",  # CI and containers run as root
                "--disable-gpu",
                "--no-pdf-header-footer",
                f"--user-data-dir={profile}",
                f"--print-to-pdf={part}",
                html.resolve().as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=CHROMIUM_TIMEOUT_SECONDS,
            check=False,
        )
    if result.returncode != 0 or not part.exists() or part.stat().st_size == 0:
        part.unlink(missing_ok=True)
        raise RuntimeError(f"Chromium could not print {html}: {result.stderr.strip()[-500:]}")
    os.replace(part, pdf)
