"""Excel export of a dashboard: one sheet per table, numbers as numbers, scoped like the page."""

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from reports.selectors import Dashboard


def _number(value):
    if isinstance(value, Decimal):
        return float(value)
    return value


def _sheet(workbook: Workbook, title: str, header: list[str], rows: list[list]) -> None:
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_number(value) for value in row])
    sheet.freeze_panes = "A2"
    for column, heading in zip(sheet.columns, header, strict=False):
        width = max([len(str(heading))] + [len(str(cell.value or "")) for cell in column[1:200]])
        sheet.column_dimensions[column[0].column_letter].width = min(60, width + 2)


def dashboard_workbook(dashboard: Dashboard, *, title: str) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    scope = dashboard.scope
    _sheet(
        workbook,
        _("Filters"),
        [_("Dashboard"), _("Period"), _("Programme"), _("Province"), _("Kind of course")],
        [
            [
                title,
                scope.period.code if scope.period else _("whole programme"),
                str(scope.programme or ""),
                str(scope.province or _("national")),
                scope.kind,
            ]
        ],
    )
    _sheet(
        workbook,
        _("Figures"),
        [_("Figure"), _("Value")],
        [[str(figure.label), figure.value] for figure in dashboard.figures],
    )
    _sheet(
        workbook,
        _("Indicators"),
        [
            _("Code"),
            _("Indicator"),
            _("Unit"),
            _("Value"),
            _("Target"),
            _("Target period"),
            _("Share of target (%)"),
            _("Source"),
            _("Source of the values entered by hand"),
        ],
        [
            [
                row.indicator.code,
                row.indicator.display_name,
                row.indicator.get_unit_display(),
                row.value,
                row.target.value if row.target else None,
                row.target.period_label if row.target else None,
                row.percent_of_target,
                row.target.source if row.target else "",
                "; ".join(row.sources),
            ]
            for row in dashboard.indicators
        ],
    )
    _sheet(
        workbook,
        _("Trend by quarter"),
        [_("Quarter"), _("Courses held"), _("Participations (attended)"), _("of which women")],
        [[row.quarter, row.courses_held, row.reached, row.reached_women] for row in dashboard.trend],
    )
    if dashboard.ranking:
        _sheet(
            workbook,
            _("Provinces"),
            [
                _("Province"),
                _("People trained"),
                _("Courses held"),
                _("Participations (attended)"),
                _("of which women"),
            ],
            [
                [row.name, row.people, row.courses_held, row.reached, row.reached_women]
                for row in dashboard.ranking
            ],
        )
    _sheet(
        workbook,
        _("Cascades"),
        [_("Core course"), _("Workshops"), _("People reached"), _("Target reach")],
        [[row.title, row.workshops, row.people, row.target_reach] for row in dashboard.cascades],
    )
    if dashboard.funnel is not None:
        _sheet(
            workbook,
            _("Candidate funnel"),
            [
                _("Stage"),
                _("Reached"),
                _("Women"),
                _("Women's share (%)"),
                _("Trained"),
                _("Not trained"),
                _("Now at this stage"),
            ],
            [
                [
                    str(row.label),
                    row.reached,
                    row.women,
                    row.women_share,
                    row.trained,
                    row.not_trained,
                    row.now,
                ]
                for row in dashboard.funnel.rows
            ],
        )
    _sheet(
        workbook,
        _("Quota compliance"),
        [
            _("Body or post"),
            _("Province"),
            _("Metric"),
            _("Threshold (%)"),
            _("Count"),
            _("Total"),
            _("Share (%)"),
            _("Status"),
        ],
        [
            [
                str(check.body),
                str(check.body.province or ""),
                check.target.get_metric_display(),
                check.target.threshold,
                check.count,
                check.total,
                check.share,
                str(check.message),
            ]
            for check in dashboard.quota_checks
        ],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
