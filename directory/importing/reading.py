"""Open an uploaded list whatever its format, or refuse it with a message an office worker can act on.

Accepted: Excel workbooks (.xlsx, .xlsm, .xlsb, legacy .xls), OpenDocument spreadsheets (.ods), and text
tables (.csv in UTF-8 with or without BOM or in the Vietnamese Windows code page, comma, semicolon or tab
separated; Excel's "Unicode text", UTF-16 with tabs). `filetypes` tells which from the content and refuses
the rest (not a spreadsheet, encrypted, zip bomb, too large).

Workbooks are read with python-calamine (Rust): about 0.25 s for 10,000 rows where openpyxl needs 3–5 s
(DESIGN.md §6). Every sheet is considered: the first with a recognisable header row is the list.
"""

import csv
import io
import os
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, BinaryIO

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from directory.importing.filetypes import (
    decode_text,
    encrypted,
    identify,
    not_a_spreadsheet,
    too_large,
    too_many_rows,
    unreadable,
)
from directory.importing.issues import SpreadsheetError

if TYPE_CHECKING:
    from directory.importing.vocabulary import Vocabulary

__all__ = [
    "MergedRange",
    "RawRow",
    "RawSheet",
    "SpreadsheetError",
    "column_index",
    "column_letter",
    "read_table",
]

CellValue = str | int | float | bool | date | datetime | time | timedelta | None

# Rows searched for the header. Lists carry a few title lines (issuing body, national motto, title, date).
HEADER_SCAN_ROWS = 30
# A sheet taller than the row limit by more than this is refused before it is loaded into memory.
_ROW_ALLOWANCE = 1_000
# Cells loaded at most (rows × columns of the used range): a stray value in column XFD must not make us
# build millions of empty cells.
_MAX_CELLS = 5_000_000


@dataclass(frozen=True, slots=True)
class MergedRange:
    """Merged cells: rows numbered as the sheet shows them (from 1), columns as indexes (A is 0)."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int


@dataclass(frozen=True, slots=True)
class RawRow:
    """One row as read: `cells[0]` is column A; trailing empty cells are left out; empty cells are None."""

    number: int
    cells: tuple[CellValue, ...]

    def __getitem__(self, index: int) -> CellValue:
        return self.cells[index] if index < len(self.cells) else None

    @property
    def is_blank(self) -> bool:
        return not self.cells


@dataclass(slots=True)
class RawSheet:
    """The chosen sheet of a file: every row from row 1 to the last one with a value, blank ones included."""

    rows: list[RawRow]
    sheet_name: str
    file_format: str  # "xlsx", "xls", "ods", "csv"
    width: int
    merged: list[MergedRange] = field(default_factory=list)
    sheet_names: list[str] = field(default_factory=list)
    filename: str = ""
    encoding: str = ""  # text files only
    delimiter: str = ""  # text files only

    def row(self, number: int) -> RawRow:
        """The row the sheet shows as `number` (blank when past the end)."""
        if 1 <= number <= len(self.rows):
            return self.rows[number - 1]
        return RawRow(number, ())


def column_letter(index: int) -> str:
    """0 → "A", 25 → "Z", 26 → "AA": the letters Excel shows above a column."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def column_index(letter: str) -> int:
    """ "A" → 0, "AA" → 26; raises ValueError for anything that is not a column name."""
    letter = letter.strip().upper()
    if not letter or not letter.isascii() or not letter.isalpha():
        raise ValueError(f"Not a column letter: {letter!r}")
    index = 0
    for char in letter:
        index = index * 26 + ord(char) - 64
    return index - 1


def read_table(
    file: bytes | str | os.PathLike | BinaryIO,
    *,
    filename: str | None = None,
    max_bytes: int | None = None,
    max_rows: int | None = None,
    vocabulary: "Vocabulary | None" = None,
) -> RawSheet:
    """Read the first sheet that has a recognisable header row; raise SpreadsheetError for a bad file.

    `file` is bytes, a path, or a binary file object (a Django UploadedFile). `max_bytes` and `max_rows`
    default to the settings IMPORT_MAX_UPLOAD_BYTES and IMPORT_MAX_ROWS; `max_rows` counts the non-blank
    rows under the header. `vocabulary` is the one the header is recognised with (the default people
    columns when None).
    """
    from directory.importing.vocabulary import DEFAULT_VOCABULARY

    vocabulary = vocabulary or DEFAULT_VOCABULARY
    max_bytes = settings.IMPORT_MAX_UPLOAD_BYTES if max_bytes is None else max_bytes
    max_rows = settings.IMPORT_MAX_ROWS if max_rows is None else max_rows
    data, name = read_upload(file, max_bytes=max_bytes)
    filename = filename or name
    if not data.strip():
        raise SpreadsheetError(_("The file is empty."), "empty")

    file_format = identify(data)
    if file_format == "text":
        file_format = "csv"
        sheets = [_text_sheet(data, max_rows=max_rows)]
    else:
        sheets = _workbook_sheets(data, max_rows=max_rows)

    found_data = False
    for sheet in sheets:
        if not sheet.has_data():
            continue
        found_data = True
        header = _find_header(sheet.preview(), vocabulary)
        if header is None:
            continue
        raw = sheet.load()
        raw.file_format = file_format
        raw.filename = filename
        raw.sheet_names = [each.name for each in sheets]
        _check_row_count(raw, header, max_rows=max_rows)
        return raw
    if not found_data:
        raise SpreadsheetError(_("The file has no data: every sheet in it is empty."), "empty")
    raise SpreadsheetError(
        _(
            "No row of column titles was found in the first %(rows)d rows of any sheet. The list needs a "
            "row of titles such as “Họ và tên”, “Ngày sinh”, “Giới tính” above the people."
        ),
        "no_header",
        {"rows": HEADER_SCAN_ROWS},
    )


def _find_header(preview: RawSheet, vocabulary: "Vocabulary"):
    from directory.importing.headers import find_header

    return find_header(preview, vocabulary=vocabulary)


def _check_row_count(raw: RawSheet, header, *, max_rows: int) -> None:
    data_rows = sum(1 for row in raw.rows[header.header_rows[-1] :] if not row.is_blank)
    if data_rows == 0 and raw.sheet_name:
        raise SpreadsheetError(
            _("The sheet “%(sheet)s” has column titles but no rows of people under them."),
            "no_rows",
            {"sheet": raw.sheet_name},
        )
    if data_rows == 0:
        raise SpreadsheetError(_("The list has column titles but no rows of people under them."), "no_rows")
    if data_rows > max_rows:
        raise too_many_rows(max_rows)


# --- Loading the bytes -----------------------------------------------------------------------------------


def read_upload(file, *, max_bytes: int | None = None) -> tuple[bytes, str]:
    """The bytes and base name of an upload, bytes or path, refused (too_large) before it is read whole.

    Importers call this before anything else, so that an oversized upload never sits in memory.
    """
    if max_bytes is None:
        max_bytes = settings.IMPORT_MAX_UPLOAD_BYTES
    if isinstance(file, bytes | bytearray | memoryview):
        data, name = bytes(file), ""
    elif isinstance(file, str | os.PathLike):
        name = os.fspath(file)
        if os.path.getsize(name) > max_bytes:
            raise too_large(os.path.getsize(name), max_bytes)
        with open(name, "rb") as handle:
            data = handle.read(max_bytes + 1)
        name = os.path.basename(name)
    else:
        name = os.path.basename(getattr(file, "name", "") or "")
        size = getattr(file, "size", None)
        if isinstance(size, int) and size > max_bytes:
            raise too_large(size, max_bytes)
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(max_bytes + 1)
        if isinstance(data, str):  # a text-mode file: accept it, it is what we would decode anyway
            data = data.encode("utf-8")
    if len(data) > max_bytes:
        raise too_large(len(data), max_bytes)
    return data, name


# --- Workbooks -------------------------------------------------------------------------------------------


class _LazySheet:
    """A sheet whose first rows can be looked at before the whole of it is loaded."""

    def __init__(self, name: str, preview, load, has_data):
        self.name = name
        self._preview = preview
        self._load = load
        self._has_data = has_data

    def preview(self) -> RawSheet:
        return self._preview()

    def load(self) -> RawSheet:
        return self._load()

    def has_data(self) -> bool:
        return self._has_data()


@contextmanager
def _calamine_errors():
    """calamine's errors, and pyo3's PanicException (a BaseException) for a malformed file, as messages."""
    import python_calamine

    try:
        yield
    except SpreadsheetError:
        raise
    except python_calamine.PasswordError as error:
        raise encrypted() from error
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as error:
        raise unreadable() from error


def _workbook_sheets(data: bytes, *, max_rows: int) -> list[_LazySheet]:
    import python_calamine

    with _calamine_errors():
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        metadata = list(workbook.sheets_metadata)
    worksheets = [sheet for sheet in metadata if sheet.typ == python_calamine.SheetTypeEnum.WorkSheet]
    visible = python_calamine.SheetVisibleEnum.Visible
    # Visible sheets first: a hidden sheet is usually a lookup list, not the people.
    ordered = [sheet for sheet in worksheets if sheet.visible == visible]
    ordered += [sheet for sheet in worksheets if sheet.visible != visible]
    return [_workbook_sheet(workbook, sheet.name, max_rows=max_rows) for sheet in ordered]


def _workbook_sheet(workbook, name: str, *, max_rows: int) -> _LazySheet:
    opened = []

    def sheet():
        # calamine parses the whole sheet when it is opened: open it once for the preview and the load.
        if not opened:
            with _calamine_errors():
                opened.append(workbook.get_sheet_by_name(name))
        return opened[0]

    def preview() -> RawSheet:
        current = sheet()
        with _calamine_errors():
            values = current.to_python(skip_empty_area=False, nrows=HEADER_SCAN_ROWS + 2)
        return _raw_sheet(name, values, current.merged_cell_ranges)

    def load() -> RawSheet:
        current = sheet()
        height, width = current.height, current.width
        if current.end is not None:
            height, width = current.end[0] + 1, current.end[1] + 1
        if height > max_rows + _ROW_ALLOWANCE:
            raise too_many_rows(max_rows)
        if height * width > _MAX_CELLS:
            raise SpreadsheetError(
                _(
                    "The sheet “%(sheet)s” has values spread over %(columns)d columns and %(rows)d rows, far "
                    "more than a list of people. Copy the list alone to a new sheet and try again."
                ),
                "sheet_too_large",
                {"sheet": name, "columns": width, "rows": height},
            )
        with _calamine_errors():
            values = current.to_python(skip_empty_area=False)
        return _raw_sheet(name, values, current.merged_cell_ranges)

    def has_data() -> bool:
        return sheet().end is not None

    return _LazySheet(name, preview, load, has_data)


def _raw_sheet(name: str, values: list[list], merged_ranges) -> RawSheet:
    rows = [RawRow(number, _clean_cells(cells)) for number, cells in enumerate(values, start=1)]
    while rows and rows[-1].is_blank:
        rows.pop()
    merged = [
        MergedRange(first[0] + 1, first[1], last[0] + 1, last[1]) for first, last in (merged_ranges or [])
    ]
    return RawSheet(
        rows=rows,
        sheet_name=name,
        file_format="",
        width=max((len(row.cells) for row in rows), default=0),
        merged=merged,
    )


def _clean_cells(cells: Iterable) -> tuple[CellValue, ...]:
    """Empty strings become None, whole floats become ints (calamine gives 1985.0 for 1985)."""
    out: list[CellValue] = []
    for value in cells:
        if value.__class__ is str:
            out.append(value if value.strip() else None)
        elif value.__class__ is float and value.is_integer():
            out.append(int(value))
        else:
            out.append(value)
    while out and out[-1] is None:
        out.pop()
    return tuple(out)


# --- Text tables -----------------------------------------------------------------------------------------

_DELIMITERS = (";", ",", "\t", "|")
_SNIFF_LINES = 60


def _text_sheet(data: bytes, *, max_rows: int) -> _LazySheet:
    text, encoding = decode_text(data)
    sample = text[:20_000]
    controls = sum(1 for char in sample if ord(char) < 32 and char not in "\t\r\n")
    if controls > max(len(sample) // 100, 2):
        raise not_a_spreadsheet()

    lines = text.splitlines()
    skip_first = False
    if lines and lines[0].strip().lower().startswith("sep=") and len(lines[0].strip()) == 5:
        # Excel writes "sep=;" as a first line that it hides when opening the file: row 1 is the next line.
        delimiter = lines[0].strip()[4]
        skip_first = True
    else:
        delimiter = _sniff_delimiter(lines[:_SNIFF_LINES])

    def load() -> RawSheet:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        if skip_first:
            next(reader, None)
        rows: list[RawRow] = []
        for number, cells in enumerate(reader, start=1):
            if number > max_rows + _ROW_ALLOWANCE:
                raise too_many_rows(max_rows)
            rows.append(RawRow(number, _clean_cells(cells)))
        while rows and rows[-1].is_blank:
            rows.pop()
        return RawSheet(
            rows=rows,
            sheet_name="",
            file_format="csv",
            width=max((len(row.cells) for row in rows), default=0),
            encoding=encoding,
            delimiter=delimiter,
        )

    loaded: list[RawSheet] = []

    def cached() -> RawSheet:
        if not loaded:
            try:
                loaded.append(load())
            except csv.Error as error:
                raise unreadable() from error
        return loaded[0]

    def preview() -> RawSheet:
        sheet = cached()
        return RawSheet(
            rows=sheet.rows[: HEADER_SCAN_ROWS + 2],
            sheet_name=sheet.sheet_name,
            file_format="csv",
            width=sheet.width,
        )

    return _LazySheet("", preview, cached, lambda: bool(cached().rows))


def _sniff_delimiter(lines: list[str]) -> str:
    """The separator that splits the most lines into the same number of fields.

    A title line ("DANH SÁCH HỌC VIÊN, LỚP …") has a stray comma or none; the table's lines all split into
    the same number of fields with the right separator.
    """
    best, best_score = ",", (0, 0)
    for delimiter in _DELIMITERS:
        try:
            counts = [len(cells) for cells in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue
        wide = [count for count in counts if count > 1]
        if not wide:
            continue
        most_common = max(set(wide), key=wide.count)
        score = (wide.count(most_common), most_common)
        if score > best_score:
            best, best_score = delimiter, score
    return best
