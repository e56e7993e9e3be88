"""What a report says: the dashboard's figures for its period and scope, and the document around them.

The figures are the dashboard's, read through the same filter and selector as the dashboard page
(`reports.views._build` with `?period=…` on the national or the province's dashboard), so that the PDF,
its Excel twin and the page show the same numbers. Long lists stay in the Excel file: the PDF keeps the
first rows of each (DESIGN.md §6, WeasyPrint lays out a few table pages a second).
"""

import datetime
import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.styles import Alignment, Font

from accounts.models import User
from directory.models import AdministrativeUnit
from reports.charts import dashboard_charts
from reports.exports import dashboard_workbook
from reports.models import ReportRun
from reports.periods import Period
from reports.selectors import Dashboard, filtered_dashboard
from trainings.certificates import english_date, vietnamese_document_date

TEMPLATE = "reports/quarterly/pdf/report.html"
PDF_CASCADE_ROWS = 10
PDF_SHORTFALL_ROWS = 12
PDF_RANKING_ROWS = 34  # every current province: one annex page
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def system_reader() -> User:
    """The national view, for the command line: an administrator that is never saved."""
    return User(username="system", role=User.Role.ADMIN, is_active=True)


def report_dashboard(*, user, period: Period, province: AdministrativeUnit | None) -> Dashboard:
    """The dashboard of `province` (None: the national one) for `period`, exactly as its page builds it.

    A report must not print figures a dashboard may show while they are being recounted: it asks for
    fresh ones (see reports.snapshots).
    """
    filterset, board = filtered_dashboard(
        user=user, data={"period": period.code}, province=province, fresh=True
    )
    if filterset.errors:  # the period was parsed already: this is a programming error
        raise ValueError(filterset.errors.as_text())
    return board


def period_label(period: Period) -> str:
    """ "quý III năm 2026", "6 tháng đầu năm 2026", "năm 2026" in the active language."""
    year = period.start.year
    if period.kind == "quarter":
        return _("quarter %(number)s of %(year)s") % {
            "number": ROMAN[(period.start.month + 2) // 3],
            "year": year,
        }
    if period.kind == "half":
        if period.start.month == 1:
            return _("first half of %(year)s") % {"year": year}
        return _("second half of %(year)s") % {"year": year}
    return _("year %(year)s") % {"year": year}


def scope_label(province: AdministrativeUnit | None) -> str:
    return province.name if province else _("nationwide")


def _paragraphs(text: str) -> list[str]:
    return [paragraph.strip() for paragraph in text.replace("\r\n", "\n").split("\n\n") if paragraph.strip()]


def date_line(run: ReportRun, day: datetime.date) -> str:
    """ "Hà Nội, ngày 23 tháng 11 năm 2026" (Decree 30/2020/NĐ-CP), "Hà Nội, 23 November 2026"."""
    if run.language == ReportRun.Language.VIETNAMESE:
        return f"{run.place}, {vietnamese_document_date(day)}"
    return f"{run.place}, {english_date(day)}"


def report_html(*, run: ReportRun, board: Dashboard, day: datetime.date) -> str:
    """The report as HTML for WeasyPrint; call it with the report's language active."""
    period = Period.parse(run.period)
    charts = dashboard_charts(board)
    context = {
        "run": run,
        "board": board,
        "charts": charts,
        "period_label": period_label(period),
        "scope_label": scope_label(run.province),
        "date_line": date_line(run, day),
        "results": _paragraphs(run.results),
        "difficulties": _paragraphs(run.difficulties),
        "recommendations": _paragraphs(run.recommendations),
        "recipients": [line.strip() for line in run.recipients.splitlines() if line.strip()],
        "cascades": board.cascades[:PDF_CASCADE_ROWS],
        "more_cascades": max(0, len(board.cascades) - PDF_CASCADE_ROWS),
        "shortfalls": board.quotas_short[:PDF_SHORTFALL_ROWS],
        "more_shortfalls": max(0, len(board.quotas_short) - PDF_SHORTFALL_ROWS),
        "ranking": board.ranking[:PDF_RANKING_ROWS],
        "more_ranking": max(0, len(board.ranking) - PDF_RANKING_ROWS),
    }
    return render_to_string(TEMPLATE, context)


def report_workbook(*, run: ReportRun, board: Dashboard, day: datetime.date) -> bytes:
    """The Excel twin: the dashboard's workbook (a sheet per table, numbers as numbers) and a first sheet
    naming the document and holding its narrative."""
    title = run.province.short_name if run.province else _("National")
    workbook = load_workbook(io.BytesIO(dashboard_workbook(board, title=title)))
    sheet = workbook.create_sheet(_("Report")[:31], 0)
    rows = [
        (_("Document number"), run.document_number),
        (_("Issuing body"), run.issuer),
        (_("Reporting period"), run.period),
        (_("Scope"), scope_label(run.province)),
        (_("Version"), run.version),
        (_("Date"), date_line(run, day)),
        (_("Results"), run.results),
        (_("Difficulties"), run.difficulties),
        (_("Recommendations"), run.recommendations),
    ]
    for row in rows:
        sheet.append(row)
    for cell in sheet["A"]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="top")
    for cell in sheet["B"]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 100
    workbook.active = 0
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
