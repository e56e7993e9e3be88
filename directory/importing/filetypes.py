"""What kind of file an upload is, told from its content; and the refusals of files that cannot be read.

Offices rename files, and some systems export web pages named ".xls": the name is never trusted. A zip
container (xlsx, ods) is checked for zip bombs before anything inflates it: the sizes its directory
declares, the compression ratio, and the real size while inflating under a cap, since the directory is
written by whoever made the file. An encrypted Office file is an OLE compound file holding
"EncryptedPackage" and "EncryptionInfo" streams: it is refused with advice, not as "damaged".
"""

import codecs
import io
import re
import struct
import zipfile
import zlib

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from directory.importing.issues import SpreadsheetError

# Zip containers: members at most, total inflated size at most (unless settings say otherwise), and the
# largest ratio allowed for a member bigger than _RATIO_FLOOR. Real workbooks compress 5–20×, a sheet of
# empty formatted cells up to ~100×; deflate cannot exceed ~1,032×, which bombs approach.
_MAX_ZIP_MEMBERS = 10_000
_DEFAULT_MAX_UNCOMPRESSED = 256 * 1024 * 1024
_MAX_RATIO = 200
_RATIO_FLOOR = 10 * 1024 * 1024
_INFLATE_CHUNK = 1024 * 1024

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_BINARY_SIGNATURES: tuple[tuple[bytes, object], ...] = (
    (b"%PDF", _("a PDF document")),
    (b"\x89PNG", _("a picture")),
    (b"\xff\xd8\xff", _("a picture")),
    (b"GIF8", _("a picture")),
    (b"\x1f\x8b", _("a compressed archive")),
    (b"Rar!", _("a compressed archive")),
    (b"7z\xbc\xaf", _("a compressed archive")),
    (b"{\\rtf", _("a text document (RTF)")),
)
_HTML = re.compile(rb"^\s*(<!doctype html|<html|<table|<head|<meta)", re.IGNORECASE)
_SPREADSHEET_ML = re.compile(rb"urn:schemas-microsoft-com:office:spreadsheet")


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


# --- Refusals -------------------------------------------------------------------------------------------


def too_large(size: int, limit: int) -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "The file is too large (%(size)s; at most %(limit)s can be imported). Delete unused sheets, "
            "pictures and columns, or split the list into several files."
        ),
        "too_large",
        {"size": filesizeformat(size), "limit": filesizeformat(limit)},
    )


def too_many_rows(max_rows: int) -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "The list has more than %(limit)d rows. At most %(limit)d people can be imported from one "
            "file: split the list into several files."
        ),
        "too_many_rows",
        {"limit": max_rows},
    )


def not_a_spreadsheet(kind=None) -> SpreadsheetError:
    if kind is None:
        return SpreadsheetError(
            _(
                "This file is not a spreadsheet. Upload the list as an Excel file (.xlsx or .xls) or as a "
                "CSV file."
            ),
            "not_spreadsheet",
        )
    return SpreadsheetError(
        _(
            "This file is %(kind)s, not a spreadsheet. Upload the list as an Excel file (.xlsx or .xls) or "
            "as a CSV file."
        ),
        "not_spreadsheet",
        {"kind": kind},
    )


def unreadable() -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "This file could not be read: it may be damaged. Open it in Excel, save it again as “Excel "
            "Workbook (.xlsx)” and upload the new file."
        ),
        "unreadable",
    )


def encrypted() -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "This file is protected by a password, so it cannot be read. Open it in Excel, remove the "
            "password (File › Info › Protect Workbook › Encrypt with Password, then leave the password "
            "empty), save it and upload it again."
        ),
        "encrypted",
    )


def zip_bomb() -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "This file would expand to far more data than a list of people can hold, so it was not opened. "
            "It may be damaged: open it in Excel, save it again as .xlsx and upload the new file."
        ),
        "zip_bomb",
    )


# --- What kind of file is it? ----------------------------------------------------------------------------


def identify(data: bytes) -> str:
    """ "xlsx" (also xlsm, xlsb), "ods", "xls", or "text" for what may be a text table; raises
    SpreadsheetError for anything else, and for zip bombs and encrypted workbooks."""
    if data.startswith(_ZIP_MAGICS):
        return _check_zip(data)
    if data.startswith(_CFB_MAGIC):
        return _check_compound_file(data)
    for signature, kind in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise not_a_spreadsheet(kind)
    if _HTML.match(data[:512]):
        raise SpreadsheetError(
            _(
                "This file is a web page saved under a spreadsheet name, as some systems export their "
                "lists. Open it in Excel, save it as “Excel Workbook (.xlsx)” and upload the new file."
            ),
            "html",
        )
    if data.lstrip().startswith(b"<?xml") and _SPREADSHEET_ML.search(data[:4096]):
        raise SpreadsheetError(
            _(
                "This file is in the old “XML Spreadsheet 2003” format. Open it in Excel, save it as "
                "“Excel Workbook (.xlsx)” and upload the new file."
            ),
            "spreadsheet_xml",
        )
    return "text"


def _check_zip(data: bytes) -> str:
    """The format of a zip container ("xlsx" or "ods"), once it is known not to be a zip bomb."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as error:
        raise unreadable() from error
    _check_zip_sizes(data, members)
    names = {member.filename for member in members}
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        return "xlsx"
    mimetype = ""
    if "mimetype" in names and archive.getinfo("mimetype").file_size < 100:
        mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
    if mimetype == "application/vnd.oasis.opendocument.spreadsheet":
        return "ods"
    if "word/document.xml" in names or mimetype == "application/vnd.oasis.opendocument.text":
        raise not_a_spreadsheet(_("a text document (Word)"))
    if any(name.startswith("ppt/") for name in names):
        raise not_a_spreadsheet(_("a presentation (PowerPoint)"))
    raise not_a_spreadsheet(_("a compressed archive (zip)"))


def _check_zip_sizes(data: bytes, members: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip bomb from its directory, then confirm by inflating each member under a cap.

    The sizes in the zip directory are written by whoever made the file and can lie, and the reader
    behind calamine may inflate past them; inflating here with a running cap costs ~30 ms for a
    10,000-row workbook and bounds the memory whatever the file claims.
    """
    limit = getattr(settings, "IMPORT_MAX_UNCOMPRESSED_BYTES", _DEFAULT_MAX_UNCOMPRESSED)
    if len(members) > _MAX_ZIP_MEMBERS:
        raise zip_bomb()
    if sum(member.file_size for member in members) > limit:
        raise zip_bomb()
    for member in members:
        if member.file_size > _RATIO_FLOOR and member.file_size > _MAX_RATIO * max(member.compress_size, 1):
            raise zip_bomb()
    total = 0
    for member in members:
        total += _inflated_size(data, member, cap=min(member.file_size, limit - total))
        if total > limit:
            raise zip_bomb()


def _inflated_size(data: bytes, member: zipfile.ZipInfo, *, cap: int) -> int:
    """The real size of a member, or a zip-bomb error as soon as it exceeds `cap` (its declared size)."""
    if member.flag_bits & 0x1:
        raise encrypted()
    offset = member.header_offset
    local = data[offset : offset + 30]
    if len(local) < 30 or local[:4] != b"PK\x03\x04":
        raise unreadable()
    start = offset + 30 + int.from_bytes(local[26:28], "little") + int.from_bytes(local[28:30], "little")
    compressed = memoryview(data)[start : start + member.compress_size]
    if member.compress_type == zipfile.ZIP_STORED:
        size = len(compressed)
    elif member.compress_type == zipfile.ZIP_DEFLATED:
        size = _inflate_counting(compressed, cap)
    else:
        raise unreadable()
    if size > cap:
        raise zip_bomb()
    return size


def _inflate_counting(compressed: memoryview, cap: int) -> int:
    """Inflate a member piece by piece, never holding more than a piece of its output, and stop as soon
    as it passes `cap`."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    size, position = 0, 0
    try:
        while True:
            if inflater.unconsumed_tail:
                piece = inflater.unconsumed_tail
            elif position < len(compressed):
                piece = compressed[position : position + _INFLATE_CHUNK]
                position += _INFLATE_CHUNK
            else:
                break
            size += len(inflater.decompress(piece, _INFLATE_CHUNK))
            if size > cap:
                raise zip_bomb()
        size += len(inflater.flush())
    except zlib.error as error:
        raise unreadable() from error
    return size


def _check_compound_file(data: bytes) -> str:
    """An OLE compound file: a legacy .xls, or an encrypted Office file, or some other Office document.

    Office encrypts an .xlsx by wrapping it in a compound file with "EncryptionInfo" and "EncryptedPackage"
    streams; their names are stored in UTF-16 in the file's directory, which is what is looked for here.
    """
    if _utf16("EncryptedPackage") in data or _utf16("EncryptionInfo") in data:
        raise encrypted()
    if _utf16("Workbook") in data or _utf16("Book") in data:
        if _xls_has_password(data):
            raise encrypted()
        return "xls"
    if _utf16("WordDocument") in data:
        raise not_a_spreadsheet(_("a text document (Word)"))
    if _utf16("PowerPoint Document") in data:
        raise not_a_spreadsheet(_("a presentation (PowerPoint)"))
    raise not_a_spreadsheet()


# The BOF record opening the workbook globals of a BIFF8 (Excel 97–2003) file.
_XLS_GLOBALS_BOF = b"\x09\x08\x10\x00\x00\x06\x05\x00"
_FILEPASS, _EOF = 0x002F, 0x000A


def _xls_has_password(data: bytes) -> bool:
    """Whether a legacy workbook is encrypted: its globals open with a FILEPASS record, among the first few.

    calamine refuses such a file with a generic "cannot detect file format"; the user needs to hear that it
    is the password.
    """
    position = data.find(_XLS_GLOBALS_BOF)
    if position == -1:
        return False
    position += 4 + 16
    for _record in range(16):
        if position + 4 > len(data):
            return False
        record, length = struct.unpack_from("<HH", data, position)
        if record == _FILEPASS:
            return True
        if record == _EOF:
            return False
        position += 4 + length
    return False


# --- Text tables -----------------------------------------------------------------------------------------


def decode_text(data: bytes) -> tuple[str, str]:
    """The text of a text table and the encoding it was written in; raises for a binary file."""
    if data.startswith(codecs.BOM_UTF8):
        return _decode_as(data, "utf-8-sig"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_as(data, "utf-16"), "utf-16"
    head = data[:4096]
    if b"\x00" in head:
        # UTF-16 without a byte order mark: every other byte of ASCII text is a NUL.
        if head[1::2].count(0) > len(head) * 0.4:
            return _decode_as(data, "utf-16-le"), "utf-16-le"
        if head[0::2].count(0) > len(head) * 0.4:
            return _decode_as(data, "utf-16-be"), "utf-16-be"
        raise not_a_spreadsheet()
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # Excel's plain "CSV" on Vietnamese Windows is written in code page 1258, which stores tone marks
        # as combining characters: the cleaning's NFC normalisation puts them back together.
        return _decode_as(data, "cp1258"), "cp1258"


def _decode_as(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise unreadable() from error
