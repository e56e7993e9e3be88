"""Find the header row of a list, map its columns to fields, and tell where the table of people ends.

Lists come with title lines above the table, a header in any of many spellings (sometimes over two lines,
"Ngày sinh" over "Nam | Nữ"), a row-number column ("STT"), group headings inside the table ("I. Khối Đảng"),
blank rows, and a signature block under it ("Người lập biểu", "Hà Tĩnh, ngày … tháng … năm …").

The vocabulary of headers is in `vocabulary`.
"""

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from directory.importing.issues import SpreadsheetError
from directory.importing.reading import HEADER_SCAN_ROWS, RawRow, RawSheet, column_index, column_letter
from directory.importing.vocabulary import (
    DEFAULT_VOCABULARY,
    NAME_FIELDS,
    ROW_NUMBER,
    Vocabulary,
    header_key,
)
from directory.text import normalize_text

IGNORE = "ignore"  # a mapping value: leave this column out

# How many blank rows in a row end the table (fewer are blank rows inside it, skipped and reported).
BLANK_RUN_ENDS_TABLE = 5


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the table: its header as written (two lines joined by " / ") and the field it feeds."""

    index: int
    letter: str
    header: str
    field: str | None
    source: str = "detected"  # "detected", or "mapping" when the user chose the field


@dataclass(frozen=True)
class HeaderMatch:
    """Where the header is and what each column means.

    `confidence` is the share of the header's non-blank cells that were recognised (0–1): a preview can
    ask the user to check the mapping when it is low.
    """

    sheet_name: str
    header_rows: tuple[int, ...]
    columns: tuple[Column, ...]
    confidence: float

    @property
    def last_header_row(self) -> int:
        return self.header_rows[-1]

    @property
    def fields(self) -> dict[int, str]:
        """Column index → field, for the mapped columns."""
        return {column.index: column.field for column in self.columns if column.field}

    @property
    def unmapped(self) -> tuple[Column, ...]:
        return tuple(column for column in self.columns if not column.field and column.header)

    def column_for(self, field_key: str) -> Column | None:
        return next((column for column in self.columns if column.field == field_key), None)


@dataclass(frozen=True)
class TableRows:
    """The rows of the table under the header, and what was left out of it.

    `rows`: the rows to read, in order. `blank_rows`: blank rows inside the table, skipped.
    `heading_rows`: group headings ("I. Sở Nội vụ"), a repeated header or a row of column numbers, skipped.
    `end_row`/`end_reason`: where the table stopped ("signature" block or total line, a run of
    "blank_rows", or "end_of_sheet"). `ignored_rows`: rows with values below the end that were not read,
    so that a preview can say so rather than drop them silently.
    """

    rows: list[RawRow]
    blank_rows: list[int]
    heading_rows: list[int]
    end_row: int | None
    end_reason: str
    ignored_rows: list[int] = field(default_factory=list)


# --- Finding the header ----------------------------------------------------------------------------------

_BIRTH_FIELDS = ("birth_date", "birth_year")
_SEX_COLUMNS = ("male_birth_year", "female_birth_year")
_NUMBERING_CELL = re.compile(r"^\(?\s*(\d{1,2}|[a-zA-Z])\s*\)?$")
_DATA_LIKE = re.compile(r"\d{4}|\d{1,2}[/.-]\d{1,2}")


def _text(value: object) -> str:
    if value is None:
        return ""
    return normalize_text(str(value))


def find_header(
    raw: RawSheet, *, vocabulary: Vocabulary | None = None, scan_rows: int = HEADER_SCAN_ROWS
) -> HeaderMatch | None:
    """The best header among the first `scan_rows` rows, or None when no row looks like one."""
    vocabulary = vocabulary or DEFAULT_VOCABULARY
    best: tuple[tuple[int, int], HeaderMatch] | None = None
    for row in raw.rows[:scan_rows]:
        if row.is_blank:
            continue
        candidates = [(_single_line(raw, row, vocabulary), 0)]
        below = raw.row(row.number + 1)
        if _is_sub_header(raw, row, below, vocabulary):
            # On a tie with the single line, two lines win only if the second has sub-titles of its own
            # ("Di động | Cơ quan" under "Điện thoại"); otherwise it is the first row of people.
            tie_break = 1 if _has_sub_titles(raw, row, below, vocabulary) else -1
            candidates.append((_two_lines(raw, row, below, vocabulary), tie_break))
        for candidate, tie_break in candidates:
            fields = _score(candidate)
            if fields and (best is None or (fields, tie_break) > best[0]):
                best = ((fields, tie_break), candidate)
    if best is None:
        return None
    header = best[1]
    following = raw.row(header.last_header_row + 1)
    if _is_numbering_row(following):
        header = HeaderMatch(
            header.sheet_name, (*header.header_rows, following.number), header.columns, header.confidence
        )
    return header


def detect_header(
    raw: RawSheet,
    *,
    vocabulary: Vocabulary | None = None,
    mapping: Mapping[str, str | None] | None = None,
    scan_rows: int = HEADER_SCAN_ROWS,
) -> HeaderMatch:
    """The header of the sheet, with the user's `mapping` (column letter → field, or IGNORE) applied.

    Raises SpreadsheetError("no_header") when no row looks like a header. A mapping naming a field the
    vocabulary does not know, or something that is not a column letter, is a programming error (ValueError):
    the form offering the choice is built from the vocabulary.
    """
    vocabulary = vocabulary or DEFAULT_VOCABULARY
    header = find_header(raw, vocabulary=vocabulary, scan_rows=scan_rows)
    if header is None:
        raise SpreadsheetError(
            _(
                "No row of column titles was found in the first %(rows)d rows. The list needs a row of "
                "titles such as “Họ và tên”, “Ngày sinh”, “Giới tính” above the people."
            ),
            "no_header",
            {"rows": scan_rows},
        )
    if mapping:
        header = _apply_mapping(raw, header, mapping, vocabulary)
    return header


def _score(header: HeaderMatch) -> int:
    """The number of fields a header recognises, or 0 when it cannot be a list of people's header."""
    fields = {column.field for column in header.columns if column.field}
    has_subject = bool(fields & {*NAME_FIELDS, "citizen_id"})
    return len(fields) if has_subject and len(fields) >= 2 else 0


def _single_line(raw: RawSheet, row: RawRow, vocabulary: Vocabulary) -> HeaderMatch:
    labels = [_text(value) for value in row.cells]
    found = [(index, label, *vocabulary.recognise(label)) for index, label in enumerate(labels) if label]
    return _build(raw, (row.number,), [(index, label, field_key) for index, label, field_key, _s in found])


def _two_lines(raw: RawSheet, top: RawRow, bottom: RawRow, vocabulary: Vocabulary) -> HeaderMatch | None:
    width = max(len(top.cells), len(bottom.cells))
    tops, spans = _spread_group_titles(raw, top, bottom, width, vocabulary)
    found: list[tuple[int, str, str | None]] = []
    group_used: set[int] = set()
    for index in range(width):
        upper, lower = tops[index], _text(bottom[index])
        if not upper and not lower:
            continue
        if not lower or not upper:
            label = upper or lower
            found.append((index, label, vocabulary.recognise(label)[0]))
            continue
        label = f"{upper} / {lower}"
        upper_field = vocabulary.recognise(upper)[0]
        lower_field = vocabulary.recognise(lower)[0]
        group = spans[index]
        if upper_field in ("birth_date", "birth_year") and lower_field in (
            "male_birth_year",
            "female_birth_year",
        ):
            chosen = lower_field
        elif group is None:
            # A title over a single column with a note under it: "Ngày sinh" over "(ngày/tháng/năm)".
            chosen = upper_field or lower_field or vocabulary.recognise(f"{upper} {lower}")[0]
        elif upper_field is None or (upper_field in NAME_FIELDS and lower_field in NAME_FIELDS):
            # "Thông tin cá nhân" over "Ngày sinh | Dân tộc"; "Họ và tên" over "Họ đệm | Tên".
            chosen = lower_field
        elif lower_field in (None, upper_field) and group not in group_used:
            # "Điện thoại" over "Di động | Cơ quan": the first matching column of the group takes the field.
            chosen = upper_field
            group_used.add(group)
        else:
            chosen = None
        found.append((index, label, chosen))
    return _build(raw, (top.number, bottom.number), found)


def _spread_group_titles(
    raw: RawSheet, top: RawRow, bottom: RawRow, width: int, vocabulary: Vocabulary
) -> tuple[list[str], list[int | None]]:
    """The top line's title over each column, a merged (or, in CSV, left-aligned) title spread over the
    columns under it; and for each column the index of the group it belongs to (None outside groups)."""
    tops = [_text(top[index]) for index in range(width)]
    spans: list[int | None] = [None] * width
    merged = [
        merge
        for merge in raw.merged
        if merge.first_row <= top.number <= merge.last_row
        and merge.first_col < merge.last_col
        and merge.last_row < bottom.number
    ]
    for merge in merged:
        title = _text(raw.row(merge.first_row)[merge.first_col])
        for index in range(merge.first_col, min(merge.last_col, width - 1) + 1):
            tops[index] = title
            spans[index] = merge.first_col
    if not raw.merged:
        # A CSV (or a sheet saved without its merges): a title spreads right over blank cells that have a
        # known sub-title under them ("Năm sinh" over "Nam | Nữ"), as long as its own column has one too.
        # Unknown text under them is more likely the first row of people.
        def sub_title(index: int) -> bool:
            return bool(vocabulary.recognise(_text(bottom[index]))[0])

        for index in range(1, width):
            if (
                not tops[index]
                and tops[index - 1]
                and (spans[index - 1] is not None or _text(top[index - 1]))
                and sub_title(index)
                and sub_title(index - 1)
            ):
                tops[index] = tops[index - 1]
                start = spans[index - 1] if spans[index - 1] is not None else index - 1
                spans[index - 1] = spans[index] = start
    return tops, spans


def _is_sub_header(raw: RawSheet, top: RawRow, bottom: RawRow, vocabulary: Vocabulary) -> bool:
    """Whether the row under `top` continues the header ("Nam | Nữ" under "Ngày sinh") rather than being
    the first row of people: only text, nothing like a date or a year, and at least one cell under a
    group title or under a blank top cell."""
    if bottom.is_blank or top.is_blank:
        return False
    texts = []
    for value in bottom.cells:
        if value is None:
            continue
        if not isinstance(value, str):
            return False
        if _DATA_LIKE.search(value):
            return False
        texts.append(value)
    if not texts:
        return False
    width = max(len(top.cells), len(bottom.cells))
    _tops, spans = _spread_group_titles(raw, top, bottom, width, vocabulary)
    return any(
        _text(bottom[index]) and (spans[index] is not None or not _text(top[index])) for index in range(width)
    )


def _has_sub_titles(raw: RawSheet, top: RawRow, bottom: RawRow, vocabulary: Vocabulary) -> bool:
    """Whether a cell of the second line, under a group title or an empty top cell, is a known title."""
    width = max(len(top.cells), len(bottom.cells))
    _tops, spans = _spread_group_titles(raw, top, bottom, width, vocabulary)
    return any(
        (spans[index] is not None or not _text(top[index])) and vocabulary.recognise(_text(bottom[index]))[0]
        for index in range(width)
        if bottom[index] is not None
    )


def _is_numbering_row(row: RawRow) -> bool:
    """A row of column numbers under the header, as official forms print: "(1) (2) (3) …" or "1 2 3 …"."""
    values = [value for value in row.cells if value is not None]
    if len(values) < 3:
        return False
    if all(isinstance(value, int) and not isinstance(value, bool) for value in values):
        return values == list(range(values[0], values[0] + len(values)))
    return all(isinstance(value, str | int) and _NUMBERING_CELL.match(str(value).strip()) for value in values)


def _build(raw: RawSheet, rows: tuple[int, ...], found: list[tuple[int, str, str | None]]) -> HeaderMatch:
    columns = []
    seen: set[str] = set()
    for index, label, field_key in found:
        if field_key in seen:
            field_key = None  # the second "Ghi chú" column: the first one keeps the field
        if field_key:
            seen.add(field_key)
        columns.append(Column(index, column_letter(index), label, field_key))
    # "Tên" alone, with no family name column, holds the whole name.
    if "given_name" in seen and not seen & {
        "full_name",
        "family_and_middle_name",
        "family_name",
        "middle_name",
    }:
        columns = [
            Column(c.index, c.letter, c.header, "full_name") if c.field == "given_name" else c
            for c in columns
        ]
    labelled = [column for column in columns if column.header]
    recognised = [column for column in labelled if column.field]
    confidence = round(len(recognised) / len(labelled), 2) if labelled else 0.0
    return HeaderMatch(raw.sheet_name, rows, tuple(columns), confidence)


def _apply_mapping(
    raw: RawSheet, header: HeaderMatch, mapping: Mapping[str, str | None], vocabulary: Vocabulary
) -> HeaderMatch:
    chosen: dict[int, str | None] = {}
    for letter, field_key in mapping.items():
        index = column_index(letter)
        if field_key in (None, "", IGNORE):
            chosen[index] = None
        elif field_key in vocabulary:
            chosen[index] = field_key
        else:
            raise ValueError(f"Unknown field {field_key!r} for column {letter}")
    taken = {field_key for field_key in chosen.values() if field_key}
    columns = {column.index: column for column in header.columns}
    for index, column in columns.items():
        if index not in chosen and column.field in taken:
            columns[index] = Column(column.index, column.letter, column.header, None, column.source)
    for index, field_key in chosen.items():
        existing = columns.get(index)
        label = existing.header if existing else _header_text(raw, header.header_rows, index)
        columns[index] = Column(index, column_letter(index), label, field_key, "mapping")
    return HeaderMatch(
        header.sheet_name,
        header.header_rows,
        tuple(columns[index] for index in sorted(columns)),
        header.confidence,
    )


def _header_text(raw: RawSheet, rows: tuple[int, ...], index: int) -> str:
    return " / ".join(text for text in (_text(raw.row(number)[index]) for number in rows) if text)


# --- Where the table ends --------------------------------------------------------------------------------

# Lines of the signature block and the total line, compared in lower case with diacritics ("cộng" is a
# total, "Công" a given name).
_FOOTER_START = re.compile(
    r"^(người lập|người ký|người duyệt|xác nhận|thủ trưởng|lãnh đạo đơn vị|tm\.|t/m|kt\.|k/t|tl\.|t/l|tuq\.|"
    r"giám đốc|chủ tịch|trưởng ban|trưởng phòng|kế toán|tổng cộng|tổng số|cộng\s*[:\d]|cộng$|"
    r"\(ký|\(ghi rõ|nơi nhận)"
)
_FOOTER_DATE = re.compile(r"ngày\s*[\d.…_ ]*\s*tháng\s*[\d.…_ ]*\s*năm")
_HEADING = re.compile(r"^([IVXLC]+|[A-Za-z]|\d+(\.\d+)*)\s*[.)/:-]\s*\S")
_ROMAN_OR_LETTER = re.compile(r"^([IVXLC]+|[A-Z])\.?$")


_FOOTER_WORDS = ("ngày", "tháng")


def _is_footer_text(value: object) -> bool:
    if value.__class__ is not str:
        return False
    text = unicodedata.normalize("NFC", value).lstrip().lower()
    if _FOOTER_START.match(text):
        return True
    # The dated place line, "Hà Tĩnh, ngày 15 tháng 3 năm 2024": looked for only when both words are there.
    return all(word in text for word in _FOOTER_WORDS) and bool(_FOOTER_DATE.search(text))


def table_rows(raw: RawSheet, header: HeaderMatch, *, blank_run: int = BLANK_RUN_ENDS_TABLE) -> TableRows:
    """The rows of people under the header, up to the signature block or a run of blank rows."""
    fields = header.fields
    value_columns = [index for index, field_key in fields.items() if field_key != ROW_NUMBER]
    number_column = next((index for index, key in fields.items() if key == ROW_NUMBER), None)
    name_columns = [index for index, key in fields.items() if key in NAME_FIELDS or key == "citizen_id"]
    header_keys = {column.index: header_key(column.header) for column in header.columns}
    header_titles = {
        value.strip().lower()
        for number in header.header_rows
        for value in raw.row(number).cells
        if isinstance(value, str)
    }

    rows: list[RawRow] = []
    blank_rows: list[int] = []
    heading_rows: list[int] = []
    pending_blanks: list[int] = []
    end_row, end_reason = None, "end_of_sheet"
    position = header.last_header_row
    for position in range(header.last_header_row, len(raw.rows)):
        row = raw.rows[position]
        if _ends_table(row, name_columns, number_column):
            end_row, end_reason = row.number, "signature"
            break
        cells = row.cells
        if not any(index < len(cells) and cells[index] is not None for index in value_columns):
            pending_blanks.append(row.number)
            if len(pending_blanks) >= blank_run:
                end_row, end_reason = pending_blanks[0], "blank_rows"
                break
            continue
        blank_rows.extend(pending_blanks)
        pending_blanks = []
        if _is_heading(raw, row, value_columns, number_column, header_keys, header_titles):
            heading_rows.append(row.number)
            continue
        rows.append(row)
    ignored = []
    if end_row is not None:
        ignored = [row.number for row in raw.rows[position + 1 :] if not row.is_blank]
        if end_reason == "signature":
            ignored = []  # the signature block itself: names and dates of signers, not people
    return TableRows(rows, blank_rows, heading_rows, end_row, end_reason, ignored)


def _ends_table(row: RawRow, name_columns: list[int], number_column: int | None) -> bool:
    if number_column is not None and row[number_column].__class__ is int:
        return False  # numbered in the STT column: a person, not a signature
    # A person whose position is "Giám đốc" is not a signature: the row must not hold a person's name.
    subject = [row[index] for index in name_columns if row[index] is not None]
    if subject and not any(_is_footer_text(value) for value in subject):
        return False
    return any(_is_footer_text(value) for value in row.cells)


def _is_heading(
    raw: RawSheet,
    row: RawRow,
    value_columns: list[int],
    number_column: int | None,
    header_keys: dict[int, str],
    header_titles: set[str],
) -> bool:
    """A group heading ("I. KHỐI CƠ QUAN ĐẢNG"), the header repeated, or the row of column numbers.

    Runs on every row: the cheap tests come first.
    """
    cells = row.cells
    if number_column is not None:
        number = row[number_column]
        if number.__class__ is str and _ROMAN_OR_LETTER.match(number.strip()):
            return True
    filled = len(cells) - cells.count(None)
    if filled == 1:
        index, value = next((index, value) for index, value in enumerate(cells) if value is not None)
        if value.__class__ is not str:
            return False
        if _HEADING.match(value.strip()):
            return True
        return any(
            merge.first_row <= row.number <= merge.last_row
            and merge.first_col <= index <= merge.last_col
            and merge.last_col - merge.first_col >= 2
            for merge in raw.merged
        )
    # The header repeated (a list pasted from several pages): its first text is one of the header's titles.
    first_text = next((value for value in cells if value.__class__ is str), None)
    if first_text is not None and first_text.strip().lower() in header_titles:
        same_as_header = sum(
            1
            for index, value in enumerate(cells)
            if value is not None and header_keys.get(index) and header_key(value) == header_keys[index]
        )
        if same_as_header >= 2:
            return True
    return filled >= 3 and (first_text is None or len(first_text) <= 6) and _is_numbering_row(row)
