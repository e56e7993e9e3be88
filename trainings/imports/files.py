"""The workbooks of the attendee import: the error report of a batch and the blank template.

Both are written with openpyxl; the error report in write-only mode (a 20,000-row list is written in well
under a second). ID and phone cells are written as text so that Excel keeps their leading zero.
"""

import io
from collections.abc import Iterable

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from directory.importing.pipeline import ParsedSheet
from directory.importing.reading import RawSheet, column_letter
from directory.models import AdministrativeUnit, EthnicGroup
from trainings.imports.preview import stored_message

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_TEXT_FIELDS = ("citizen_id", "phone")
_PROBLEM_FILL = PatternFill("solid", start_color="FFF4CCCC")
_HEADER_FONT = Font(bold=True)


def _problem_text(problems: Iterable[dict]) -> str:
    lines = []
    for problem in problems:
        place = ""
        if problem.get("column"):
            place = _("Column %(column)s") % {"column": problem["column"]}
            if problem.get("header"):
                place += f" ({problem['header']})"
            place += ": "
        lines.append(place + stored_message(problem))
    return "\n".join(lines)


def error_report(*, raw: RawSheet, sheet: ParsedSheet, problems: list[dict]) -> bytes:
    """The rows of the list as uploaded, with a last column naming each row's problems.

    `problems` as stored on a batch (`AttendeePreview.problems_json()`): the current ones for a batch in
    preview, those of the commit for an imported one. Rows with problems are highlighted; the sheet keeps
    the list's order, with the row number of the original file in a first column, so that the officer can
    fix the list and upload it again.
    """
    by_row = {entry["row"]: entry["problems"] for entry in problems}
    header_rows = sheet.header.header_rows
    people = {row.sheet_row: row.values for row in sheet.people}
    columns = {column.index: column for column in sheet.header.columns}
    text_columns = {index for index, column in columns.items() if column.field in _TEXT_FIELDS}

    workbook = Workbook(write_only=True)
    out = workbook.create_sheet(_("Problems"))
    width = raw.width
    titles = [_("Row in the file")]
    for index in range(width):
        column = columns.get(index)
        titles.append(column.header if column else _header_text(raw, header_rows, index))
    titles.append(_("Problems"))
    out.append([_cell(out, title, bold=True) for title in titles])
    for number, values in people.items():
        row_problems = by_row.get(number, [])
        cells = [_cell(out, number)]
        raw_cells = raw.row(number).cells
        for index in range(width):
            value = raw_cells[index] if index < len(raw_cells) else None
            if index in text_columns and value is not None:
                # The repaired number (its leading zero restored), as text; else the cell as written.
                value = values.get(columns[index].field) or _as_text(value)
            cells.append(_cell(out, value, text=index in text_columns, fill=bool(row_problems)))
        cells.append(_cell(out, _problem_text(row_problems), fill=bool(row_problems), wrap=True))
        out.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _header_text(raw: RawSheet, rows: Iterable[int], index: int) -> str:
    parts = [raw.row(number)[index] for number in rows]
    return " / ".join(str(part) for part in parts if part not in (None, "")) or column_letter(index)


def _as_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _cell(sheet, value, *, bold=False, text=False, fill=False, wrap=False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        cell.data_type = "s"  # what the list held, never a formula
    if bold:
        cell.font = _HEADER_FONT
    if text:
        cell.number_format = "@"
    if fill:
        cell.fill = _PROBLEM_FILL
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


# --- The template --------------------------------------------------------------------------------------

# The headers are the Vietnamese spellings of the import's vocabulary (directory.importing.vocabulary),
# data rather than interface text: the lists circulate between Vietnamese offices whatever the language of
# the page they were downloaded from, and each of them is recognised when the list comes back.
TEMPLATE_COLUMNS = [
    ("STT", 6, None),
    ("Họ và tên", 28, None),
    ("Ngày sinh", 12, None),
    ("Giới tính", 10, "gender"),
    ("Dân tộc", 12, "ethnic_group"),
    ("Số CCCD", 16, "text"),
    ("Số điện thoại", 14, "text"),
    ("Email", 26, None),
    ("Chức vụ", 22, None),
    ("Đơn vị công tác", 28, None),
    ("Tỉnh/Thành phố", 18, "province"),
    ("Vai trò", 18, "role"),
    ("Đơn vị cử", 24, None),
    ("Ghi chú", 24, None),
]
TEMPLATE_ROWS = 1000
ROLE_CHOICES = ["Học viên", "Học viên cốt cán", "Giảng viên", "Hỗ trợ", "Quan sát"]


def attendee_template() -> bytes:
    """A blank attendee list: the expected headers, an example row, text ID and phone columns, and
    drop-down lists of genders, ethnic groups, provinces and roles (kept on a hidden sheet)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    lists = workbook.create_sheet("Danh mục")
    lists.sheet_state = "hidden"
    choices = {
        "gender": ["Nữ", "Nam"],
        "ethnic_group": list(EthnicGroup.objects.order_by("code", "name").values_list("name", flat=True)),
        "province": list(
            AdministrativeUnit.objects.current_provinces().order_by("name").values_list("name", flat=True)
        ),
        "role": ROLE_CHOICES,
    }
    ranges = {}
    for number, (key, values) in enumerate(choices.items(), start=1):
        letter = column_letter(number - 1)
        lists.cell(row=1, column=number, value=key)
        for offset, value in enumerate(values, start=2):
            lists.cell(row=offset, column=number, value=value)
        ranges[key] = f"'Danh mục'!${letter}$2:${letter}${max(len(values), 1) + 1}"

    last = TEMPLATE_ROWS + 1
    for index, (title, width, kind) in enumerate(TEMPLATE_COLUMNS):
        letter = column_letter(index)
        cell = sheet.cell(row=1, column=index + 1, value=title)
        cell.font = _HEADER_FONT
        sheet.column_dimensions[letter].width = width
        if kind == "text":
            for row in range(2, last + 1):
                sheet.cell(row=row, column=index + 1).number_format = "@"
        elif kind in ranges:
            validation = DataValidation(type="list", formula1=ranges[kind], allow_blank=True)
            validation.error = _("Choose a value from the list.")
            validation.errorTitle = _("Not in the list")
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{last}")
    example = [
        1,
        "Nguyễn Thị Hoà",
        "16/05/1985",
        "Nữ",
        "Kinh",
        "042185000123",
        "0912345678",
        "hoa.nt@example.vn",
        "Phó Trưởng phòng",
        "Sở Nội vụ",
        choices["province"][0] if choices["province"] else "",
        "Học viên",
        "",
        _("Example row: replace it with the first participant."),
    ]
    for index, value in enumerate(example, start=1):
        sheet.cell(row=2, column=index, value=value)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
