"""Spreadsheets built in the tests, the way offices make them: no binary fixtures in the repository.

- `xlsx_bytes`: openpyxl (only ever used to WRITE: reading is calamine's job).
- `csv_bytes`: the csv module, in any encoding and separator Excel writes.
- `compound_file`: a minimal OLE compound file (the container of .xls and of encrypted Office files),
  enough for calamine and for the encryption check.
- `xls_bytes`: a minimal BIFF8 workbook in a compound file, since no maintained library writes .xls.
- `ods_bytes`: a minimal OpenDocument spreadsheet.
- `zip_bomb`: a real one, a small file that inflates to 64 MB.
"""

import csv
import io
import math
import struct
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from xml.sax.saxutils import escape

import openpyxl

Row = Sequence[object]

TITLE_LINES: list[Row] = [
    ["UBND TỈNH HÀ TĨNH", None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    ["HỘI LIÊN HIỆP PHỤ NỮ", None, None, None, "Độc lập - Tự do - Hạnh phúc"],
    [],
    [None, "DANH SÁCH HỌC VIÊN LỚP TẬP HUẤN KỸ NĂNG LÃNH ĐẠO CHO CÁN BỘ NỮ"],
    [None, "(Kèm theo Quyết định số 123/QĐ-HLHPN ngày 05/3/2024)"],
    [],
]
SIGNATURE_BLOCK: list[Row] = [
    [],
    [None, "Người lập biểu", None, None, "Hà Tĩnh, ngày 15 tháng 3 năm 2024"],
    [None, None, None, None, "TM. BAN THƯỜNG VỤ"],
    [],
    [None, "Trần Thị Bình", None, None, "Nguyễn Thị Hồng"],
]


def xlsx_bytes(
    rows: Iterable[Row],
    *,
    merges: Iterable[str] = (),
    title: str = "Danh sách",
    before: Sequence[tuple[str, Iterable[Row]]] = (),
    hidden: Sequence[tuple[str, Iterable[Row]]] = (),
    number_formats: dict[str, str] | None = None,
) -> bytes:
    """A workbook whose sheet `title` holds `rows` from A1; `before` sheets come first, `hidden` after."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, sheet_rows in before:
        _fill(workbook.create_sheet(name), sheet_rows)
    sheet = workbook.create_sheet(title)
    _fill(sheet, rows)
    for cells in merges:
        sheet.merge_cells(cells)
    for cell, number_format in (number_formats or {}).items():
        sheet[cell].number_format = number_format
    for name, sheet_rows in hidden:
        other = workbook.create_sheet(name)
        _fill(other, sheet_rows)
        other.sheet_state = "hidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill(sheet, rows: Iterable[Row]) -> None:
    for number, cells in enumerate(rows, start=1):
        for index, value in enumerate(cells, start=1):
            if value is not None:
                sheet.cell(row=number, column=index, value=value)


def csv_bytes(
    rows: Iterable[Row], *, delimiter: str = ",", encoding: str = "utf-8", bom: bool = False
) -> bytes:
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=delimiter)
    for cells in rows:
        writer.writerow(["" if value is None else _as_text(value) for value in cells])
    content = text.getvalue()
    if encoding == "cp1258":
        content = _windows_vietnamese(content)
    data = content.encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _windows_vietnamese(text: str) -> str:
    """Text as Windows code page 1258 holds it: vowels with their hat, breve or horn precomposed, and the
    tone mark as a separate combining character ("ệ" = "ê" + U+0323)."""
    out, letter, tones = [], "", []
    for char in unicodedata.normalize("NFD", text):
        if char in _TONE_MARKS:
            tones.append(char)
        elif unicodedata.combining(char):
            letter += char
        else:
            out.append(unicodedata.normalize("NFC", letter) + "".join(tones))
            letter, tones = char, []
    out.append(unicodedata.normalize("NFC", letter) + "".join(tones))
    return "".join(out)


def unicode_text_bytes(rows: Iterable[Row]) -> bytes:
    """Excel's "Unicode Text (*.txt)": UTF-16 little-endian with a byte order mark, tab separated."""
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter="\t", lineterminator="\r\n")
    for cells in rows:
        writer.writerow(["" if value is None else _as_text(value) for value in cells])
    return b"\xff\xfe" + text.getvalue().encode("utf-16-le")


def _as_text(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    return str(value)


# --- OpenDocument spreadsheets --------------------------------------------------------------------------

_ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


_ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def ods_bytes(rows: Iterable[Row], *, sheet_name: str = "Danh sách") -> bytes:
    """A minimal OpenDocument spreadsheet (LibreOffice Calc), text and numbers only."""

    def cell(value: object) -> str:
        if value is None:
            return "<table:table-cell/>"
        if isinstance(value, int | float):
            kind = f'office:value-type="float" office:value="{value}"'
        else:
            kind = 'office:value-type="string"'
        return f"<table:table-cell {kind}><text:p>{escape(str(value))}</text:p></table:table-cell>"

    body = "".join("<table:table-row>" + "".join(map(cell, cells)) + "</table:table-row>" for cells in rows)
    table = f'<table:table table:name="{escape(sheet_name)}">{body}</table:table>'
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<office:document-content {_ODS_NAMESPACES} office:version="1.2">'
        f"<office:body><office:spreadsheet>{table}</office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", _ODS_MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


# --- OLE compound files ----------------------------------------------------------------------------------

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FREE, _END, _FAT, _NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
_SECTOR = 512
_MINI_CUTOFF = 4096


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A version 3 compound file holding `streams` at its root.

    Each stream must be at least 4,096 bytes, so that it lives in ordinary sectors and no mini stream is
    needed: callers pad their content.
    """
    body, fat, entries = b"", [], []
    for name, content in streams.items():
        assert len(content) >= _MINI_CUTOFF, f"{name} must be padded to {_MINI_CUTOFF} bytes"
        start, count = len(fat), math.ceil(len(content) / _SECTOR)
        fat += [start + offset + 1 for offset in range(count - 1)] + [_END]
        body += content.ljust(count * _SECTOR, b"\0")
        entries.append((name, start, len(content)))

    # The root's children as a chain of right siblings, in the order the format's tree compares names.
    entries.sort(key=lambda entry: (len(entry[0]), entry[0].upper()))
    directory = [_directory_entry("Root Entry", 5, _END, 0, child=1 if entries else _NONE)]
    for position, (name, start, size) in enumerate(entries, start=1):
        right = position + 1 if position < len(entries) else _NONE
        directory.append(_directory_entry(name, 2, start, size, right=right))
    while len(directory) % 4:
        directory.append(_directory_entry("", 0, 0, 0))
    directory_start, directory_sectors = len(fat), len(directory) // 4
    fat += [directory_start + offset + 1 for offset in range(directory_sectors - 1)] + [_END]
    body += b"".join(directory)

    fat_sectors = 1
    while len(fat) + fat_sectors > fat_sectors * 128:
        fat_sectors += 1
    fat_start = len(fat)
    fat += [_FAT] * fat_sectors
    fat += [_FREE] * (fat_sectors * 128 - len(fat))
    body += struct.pack(f"<{len(fat)}I", *fat)

    difat = [fat_start + offset for offset in range(fat_sectors)] + [_FREE] * (109 - fat_sectors)
    header = (
        _CFB_MAGIC
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, fat_sectors, directory_start, 0, _MINI_CUTOFF, _END, 0, _END, 0)
        + struct.pack("<109I", *difat)
    )
    assert len(header) == _SECTOR
    return header + body


def _directory_entry(name: str, kind: int, start: int, size: int, *, child: int = _NONE, right: int = _NONE):
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    entry = encoded.ljust(64, b"\0")
    entry += struct.pack("<HBBIII", len(encoded), kind, 1, _NONE, right, child)
    entry += b"\0" * 36  # class id, state bits, creation and modification times
    entry += struct.pack("<IQ", start, size)
    assert len(entry) == 128
    return entry


def encrypted_workbook() -> bytes:
    """What Excel writes for a workbook with a password: the real workbook, encrypted, inside a compound
    file as "EncryptedPackage", described by "EncryptionInfo"."""
    info = (
        struct.pack("<HHI", 4, 4, 0x40)
        + b"<encryption xmlns='http://schemas.microsoft.com/office/2006/encryption'/>"
    )
    return compound_file(
        {
            "EncryptionInfo": info.ljust(_MINI_CUTOFF, b"\0"),
            "EncryptedPackage": struct.pack("<Q", 9000) + bytes(range(256)) * 40,
        }
    )


# --- Legacy .xls (BIFF8) ---------------------------------------------------------------------------------


def _record(kind: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _unicode(text: str, *, short: bool = False) -> bytes:
    encoded = text.encode("utf-16-le")
    length = struct.pack("<B", len(text)) if short else struct.pack("<H", len(text))
    return length + b"\x01" + encoded


def xls_bytes(
    rows: Iterable[Row],
    *,
    sheet_name: str = "Sheet1",
    merges: Iterable[tuple[int, int, int, int]] = (),
    password_protected: bool = False,
):
    """A legacy Excel 97–2003 workbook with one sheet. Cells: text, numbers, and dates (stored as serial
    numbers with a date format, as Excel does). `merges` are (first row, last row, first col, last col),
    all from 0. `password_protected` adds the FILEPASS record (RC4 encryption) that Excel writes for a
    workbook with a password (the cells are left in clear: readers stop at the record)."""
    rows = [list(cells) for cells in rows]
    cells = b""
    for row_index, values in enumerate(rows):
        for col_index, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, date):
                serial = (value - date(1899, 12, 30)).days
                cells += _record(0x0203, struct.pack("<HHHd", row_index, col_index, 1, float(serial)))
            elif isinstance(value, int | float):
                cells += _record(0x0203, struct.pack("<HHHd", row_index, col_index, 0, float(value)))
            else:
                cells += _record(0x0204, struct.pack("<HHH", row_index, col_index, 0) + _unicode(str(value)))
    merge_list = list(merges)
    merge_record = b""
    if merge_list:
        merge_record = _record(
            0x00E5,
            struct.pack("<H", len(merge_list)) + b"".join(struct.pack("<HHHH", *m) for m in merge_list),
        )
    width = max((len(values) for values in rows), default=0)
    sheet = (
        _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 6))
        + _record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))
        + cells
        + merge_record
        + _record(0x000A)
    )

    def globals_part(sheet_offset: int, padding: int) -> bytes:
        xf = [struct.pack("<HH", 0, 0) + b"\0" * 16, struct.pack("<HH", 0, 14) + b"\0" * 16]  # General, date
        return (
            _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 6))
            + (_record(0x002F, struct.pack("<HHH", 1, 1, 1) + bytes(48)) if password_protected else b"")
            + _record(0x0042, struct.pack("<H", 1200))
            + b"".join(_record(0x00E0, each) for each in xf)
            + _record(0x0085, struct.pack("<IBB", sheet_offset, 0, 0) + _unicode(sheet_name, short=True))
            # Records nobody reads, so that the stream reaches the 4,096 bytes of an ordinary stream.
            + b"".join(_record(0x005C, b" " * 112) for _ in range(padding))
            + _record(0x000A)
        )

    padding = max(0, math.ceil((_MINI_CUTOFF - len(sheet) - 100) / 116))
    offset = len(globals_part(0, padding))
    workbook = globals_part(offset, padding) + sheet
    return compound_file({"Workbook": workbook.ljust(_MINI_CUTOFF, b"\0")})


# --- Zip bombs -------------------------------------------------------------------------------------------

_CONTENT_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)


def zip_bomb(*, inflated_mb: int = 64) -> bytes:
    """A workbook-looking zip whose sheet inflates from ~64 KB to `inflated_mb` MB of spaces."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=False) as member:
            chunk = b" " * (1024 * 1024)
            for _ in range(inflated_mb):
                member.write(chunk)
    return buffer.getvalue()


def understated_zip_bomb() -> bytes:
    """A zip bomb whose directory claims its sheet is 1,000 bytes: only inflating it tells the truth."""
    data = bytearray(zip_bomb(inflated_mb=16))
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    member = archive.getinfo("xl/worksheets/sheet1.xml")
    real = struct.pack("<I", member.file_size)
    lie = struct.pack("<I", 1000)
    local = member.header_offset
    assert data[local + 22 : local + 26] == real
    data[local + 22 : local + 26] = lie
    for position in _all(bytes(data), b"PK\x01\x02"):
        name_length = struct.unpack("<H", data[position + 28 : position + 30])[0]
        if data[position + 46 : position + 46 + name_length] == b"xl/worksheets/sheet1.xml":
            assert data[position + 24 : position + 28] == real
            data[position + 24 : position + 28] = lie
    return bytes(data)


def _all(data: bytes, needle: bytes) -> list[int]:
    positions, start = [], 0
    while (found := data.find(needle, start)) != -1:
        positions.append(found)
        start = found + 1
    return positions
