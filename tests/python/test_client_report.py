"""The quarterly client report (make client-report): a PDF with a page per section, whose
figures are the marts' (read here with queries of the test's own), an HTML per client of an
advisor in the batch mode, and one line with exit code 2 for bad input, nothing written."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest
from pypdf import PdfReader

from client_reports.cli import main

SECTIONS = ["Summary", "Performance by period", "Allocation and holdings", "Tax, fees and goals"]


def money(value: float) -> str:
    return f"{value:,.2f}"


def pct(value: float) -> str:
    return f"{value:.2%}"


@pytest.fixture(scope="module")
def household(duckdb_path: Path) -> dict[str, object]:
    """The client with the most portfolios among those invested through the last whole quarter,
    that quarter's statement figures and return (the test's own queries of the marts)."""
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        client_id, quarter_start, quarter_end, twr, benchmark = connection.execute("""
            select periods.entity_id, periods.period_start_date, periods.period_end_date,
                periods.time_weighted_return, periods.benchmark_return
            from marts.fct_performance_periods as periods
            inner join marts.dim_portfolios as portfolios on portfolios.client_id = periods.entity_id
            where periods.entity_type = 'client' and periods.period_code = 'Q' and not periods.is_partial_period
                and periods.period_end_date = (select max(period_end_date) from marts.fct_performance_periods
                    where period_code = 'Q' and not is_partial_period)
            group by all order by count(*) desc, periods.entity_id limit 1
        """).fetchall()[0]
        opening, closing, deposits, fees = connection.execute(
            """
            select arg_min(opening_value, statement_month), arg_max(closing_value, statement_month),
                sum(deposits), sum(fees)
            from marts.fct_client_statements_monthly
            where entity_type = 'client' and client_id = ? and statement_month between ? and ?
            """,
            [client_id, quarter_start, quarter_end],
        ).fetchall()[0]
    return {
        "client_id": client_id,
        "quarter": f"{quarter_start.year}Q{(quarter_start.month - 1) // 3 + 1}",
        "twr": twr,
        "benchmark": benchmark,
        "opening": opening,
        "closing": closing,
        "deposits": deposits,
        "fees": fees,
    }


@pytest.fixture(scope="module")
def report_pdf(duckdb_path: Path, household: dict[str, object], tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("chromium") is None:
        pytest.fail("Chromium is missing: `make setup-browser` installs Debian's (make test does)")
    out = tmp_path_factory.mktemp("client_reports")
    code = main(["--client", str(household["client_id"]), "--quarter", str(household["quarter"]),
                 "--db", str(duckdb_path), "--out", str(out)])  # fmt: skip
    assert code == 0
    pdf = out / str(household["quarter"]) / f"client-{household['client_id']}.pdf"
    assert pdf.exists() and pdf.with_suffix(".html").exists()
    assert not list(out.rglob("*.part"))
    return pdf


def test_every_section_starts_a_page_in_order(report_pdf: Path) -> None:
    pages = [page.extract_text() for page in PdfReader(report_pdf).pages]
    starts = []
    for section in SECTIONS:
        found = [
            index for index, text in enumerate(pages) if any(line.startswith(section) for line in text.splitlines()[:4])
        ]
        assert found, (section, [text[:80] for text in pages])
        starts.append(found[0])
    assert starts == sorted(starts) and starts[0] == 0
    assert len(pages) >= len(SECTIONS)


def test_the_summary_shows_the_statement_and_the_return(report_pdf: Path, household: dict[str, object]) -> None:
    first_page = PdfReader(report_pdf).pages[0].extract_text()
    for label, expected in [
        ("opening value", money(household["opening"])),  # type: ignore[arg-type]
        ("closing value", money(household["closing"])),  # type: ignore[arg-type]
        ("deposits", money(household["deposits"])),  # type: ignore[arg-type]
        ("quarter's return", pct(household["twr"])),  # type: ignore[arg-type]
        ("benchmark's return", pct(household["benchmark"])),  # type: ignore[arg-type]
    ]:
        assert expected in first_page, (label, expected, first_page[:1500])


def test_the_charts_are_drawn(report_pdf: Path) -> None:
    html = report_pdf.with_suffix(".html").read_text(encoding="utf-8")
    assert html.count("<svg") >= 3
    assert 'class="household"' in html and 'class="benchmark"' in html and 'class="bar"' in html


def test_an_advisors_batch_writes_one_report_per_client(duckdb_path: Path, tmp_path: Path) -> None:
    with duckdb.connect(str(duckdb_path), read_only=True) as connection:
        advisor_id, clients = connection.execute("""
            select advisor_id, list(client_id order by client_id) from marts.dim_clients
            where advisor_id is not null group by advisor_id order by count(*), advisor_id limit 1
        """).fetchall()[0]
    assert main(["--advisor", str(advisor_id), "--no-pdf", "--db", str(duckdb_path), "--out", str(tmp_path)]) == 0
    written = sorted(int(path.stem.removeprefix("client-")) for path in tmp_path.rglob("client-*.html"))
    assert written == clients


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--client", "999999999"], "no client 999999999"),
        (["--client", "1", "--quarter", "2025-4"], "not a quarter"),
        (["--client", "1", "--quarter", "1990Q1"], "no return for 1990Q1"),
        (["--advisor", "999999999"], "advisor 999999999 has no clients"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(
    duckdb_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    code = main([*arguments, "--no-pdf", "--db", str(duckdb_path), "--out", str(tmp_path / "reports")])
    error = capsys.readouterr().err
    assert code == 2 and message in error and len(error.strip().splitlines()) == 1, error
    assert not (tmp_path / "reports").exists()


def test_a_missing_warehouse_says_how_to_build_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--client", "1", "--no-pdf", "--db", str(tmp_path / "none.duckdb")]) == 2
    assert "make run" in capsys.readouterr().err


def test_quarters_parse_and_start_on_their_first_day() -> None:
    from client_reports.data import Quarter

    assert Quarter.parse("2025q3").start == dt.date(2025, 7, 1)
    assert Quarter.of(dt.date(2024, 12, 31)).code == "2024Q4"
