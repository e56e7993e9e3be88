"""From an uploaded file to rows of people, each with its values, repairs and problems.

`parse_people` reads the file, finds the header, cleans every cell and flags people who appear twice in
the file. It writes nothing: the calling import (attendees of a course, candidates) previews the rows, asks
`matching.match_people` who is already recorded, and commits. Callers add their own columns (role,
nominating organisation, scores) with `extra_fields`.
"""

import gc
from collections.abc import Callable, Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import partial
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.importing.cleaning import (
    FEMALE,
    MALE,
    BirthDate,
    Cleaned,
    clean_birth_date,
    clean_birth_year,
    clean_citizen_id_cell,
    clean_email,
    clean_gender,
    clean_name,
    clean_phone,
    clean_sex_column,
    clean_text,
    display_date,
    name_key,
    split_name,
)
from directory.importing.headers import Column, HeaderMatch, detect_header, table_rows
from directory.importing.issues import Finding, Issue
from directory.importing.lookups import EthnicGroupLookup, ProvinceLookup
from directory.importing.reading import CellValue, RawRow, RawSheet, read_table
from directory.importing.vocabulary import DEFAULT_VOCABULARY, ROW_NUMBER, Vocabulary


class RowStatus(StrEnum):
    OK = "ok"
    ERROR = "error"
    SKIPPED_BLANK = "skipped_blank"
    # A group heading inside the table ("I. Sở Nội vụ"), a repeated header, a row of column numbers.
    SKIPPED_HEADING = "skipped_heading"


@dataclass(frozen=True)
class ExtraField:
    """A column a particular import adds: "Vai trò" (role), "Đơn vị cử" (nominating organisation), scores.

    `clean` turns a cell into Cleaned(value, repairs, problems); the text as written by default.
    """

    synonyms: tuple[str, ...]
    label: Any = None
    clean: Callable[[CellValue], Cleaned] = clean_text
    required: bool = False


@dataclass(slots=True)
class ParsedRow:
    """One row of the sheet. `values` holds only the fields that have a value:

    full_name, family_name, middle_name, given_name (str); gender ("female"/"male"); birth_date (date);
    birth_year (int; set with birth_date too); citizen_id, phone, email, position, workplace, notes (str);
    ethnic_group (EthnicGroup); province (AdministrativeUnit, current catalogue); and the extra fields.
    """

    sheet_row: int
    values: dict[str, Any]
    repairs: list[Issue] = field(default_factory=list)
    problems: list[Issue] = field(default_factory=list)
    status: RowStatus = RowStatus.OK
    duplicate_of: int | None = None  # the earlier row of the file holding the same person
    search_key: str = ""  # the folded full name (Person.search_key), for matching

    @property
    def birth_year(self) -> int | None:
        return self.values.get("birth_year")


@dataclass
class ParsedSheet:
    filename: str
    file_format: str
    sheet_name: str
    sheet_names: list[str]
    header: HeaderMatch
    rows: list[ParsedRow]  # in sheet order, skipped rows included
    end_row: int | None
    end_reason: str
    ignored_rows: list[int]
    vocabulary: Vocabulary

    @property
    def people(self) -> list[ParsedRow]:
        """The rows that hold a person, with or without problems."""
        return [row for row in self.rows if row.status in (RowStatus.OK, RowStatus.ERROR)]

    @property
    def ok_rows(self) -> list[ParsedRow]:
        return [row for row in self.rows if row.status == RowStatus.OK]

    @property
    def error_rows(self) -> list[ParsedRow]:
        return [row for row in self.rows if row.status == RowStatus.ERROR]

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(RowStatus, 0)
        for row in self.rows:
            counts[row.status] += 1
        return {str(status): count for status, count in counts.items()}


REQUIRED = _("The %(field)s is missing.")
NAME_MISSING = _("The person's name is missing.")
SEX_COLUMNS_BOTH = _("The person is marked in both the “Nam” and the “Nữ” column.")
GENDER_DISAGREES = _("The gender column and the “Nam”/“Nữ” columns disagree: check the person's sex.")
BIRTH_YEAR_DISAGREES = _("The year of birth %(year)d does not match the date of birth %(date)s.")
DUPLICATE_ID = _("Row %(row)d has the same ID number: a person can be listed only once.")
DUPLICATE_PERSON = _("Same name and date of birth as row %(row)d: the person is listed twice.")
_NO_BIRTH = BirthDate(None, None)
_NAME_COLUMNS = ("full_name", "family_and_middle_name", "family_name", "middle_name", "given_name")
_TEXT_LIMITS = {"position": 150, "workplace": 255, "notes": 2000}


def parse_people(
    file,
    *,
    filename: str | None = None,
    mapping: Mapping[str, str | None] | None = None,
    extra_fields: Mapping[str, ExtraField | Iterable[str]] | None = None,
    max_bytes: int | None = None,
    max_rows: int | None = None,
    today: date | None = None,
    ethnic_groups: EthnicGroupLookup | None = None,
    provinces: ProvinceLookup | None = None,
) -> ParsedSheet:
    """Read a list of people. Raises SpreadsheetError for a file that cannot be imported at all.

    `mapping` corrects the detected columns (column letter → field, or headers.IGNORE). `extra_fields`
    adds columns: field → ExtraField, or field → header spellings (cleaned as text). `today` fixes the
    date that ages are computed against (tests); the lookups can be shared between calls.
    """
    extras = _extra_fields(extra_fields)
    vocabulary = _vocabulary(extras)
    raw = read_table(file, filename=filename, max_bytes=max_bytes, max_rows=max_rows, vocabulary=vocabulary)
    return parse_sheet(
        raw,
        mapping=mapping,
        extra_fields=extras,
        today=today,
        ethnic_groups=ethnic_groups,
        provinces=provinces,
    )


def parse_sheet(
    raw: RawSheet,
    *,
    mapping: Mapping[str, str | None] | None = None,
    extra_fields: Mapping[str, ExtraField | Iterable[str]] | None = None,
    today: date | None = None,
    ethnic_groups: EthnicGroupLookup | None = None,
    provinces: ProvinceLookup | None = None,
) -> ParsedSheet:
    """The part of `parse_people` after reading: header, cleaning, duplicates (e.g. to apply a new mapping
    to a sheet already read)."""
    extras = _extra_fields(extra_fields)
    vocabulary = _vocabulary(extras)
    header = detect_header(raw, vocabulary=vocabulary, mapping=mapping)
    table = table_rows(raw, header)
    cleaner = _RowCleaner(
        header,
        extras,
        today=today,
        ethnic_groups=ethnic_groups or EthnicGroupLookup(),
        provinces=provinces or ProvinceLookup(),
    )
    with cyclic_gc_paused():
        rows = [cleaner.clean(row) for row in table.rows]
    rows += [ParsedRow(number, {}, status=RowStatus.SKIPPED_BLANK) for number in table.blank_rows]
    rows += [ParsedRow(number, {}, status=RowStatus.SKIPPED_HEADING) for number in table.heading_rows]
    rows.sort(key=lambda row: row.sheet_row)
    flag_duplicates(rows, header)
    return ParsedSheet(
        filename=raw.filename,
        file_format=raw.file_format,
        sheet_name=raw.sheet_name,
        sheet_names=raw.sheet_names,
        header=header,
        rows=rows,
        end_row=table.end_row,
        end_reason=table.end_reason,
        ignored_rows=table.ignored_rows,
        vocabulary=vocabulary,
    )


@contextmanager
def cyclic_gc_paused():
    """Pause the cycle collector during a burst of objects: rows cleaned here, a whole preview, a parsed
    sheet unpickled, the writes of a commit (also usable as a decorator).

    Cleaning 10,000 rows allocates ~150,000 small objects, which triggers some 170 collections, one of
    them a full one over every object of the process: 0.22 s of the 0.7 s the step takes (bench/
    bench_import_read.py). The rows hold no reference cycles, so those collections find nothing;
    reference counting still frees everything as usual, and the few cycles made meanwhile (the ORM's)
    wait for the next collection. The collector is restarted afterwards, also after an exception, and
    left alone when something else had paused it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _extra_fields(extra_fields: Mapping[str, ExtraField | Iterable[str]] | None) -> dict[str, ExtraField]:
    return {
        key: spec if isinstance(spec, ExtraField) else ExtraField(tuple(spec))
        for key, spec in (extra_fields or {}).items()
    }


def _vocabulary(extras: dict[str, ExtraField]) -> Vocabulary:
    if not extras:
        return DEFAULT_VOCABULARY
    return DEFAULT_VOCABULARY.extended(
        {key: spec.synonyms for key, spec in extras.items()},
        labels={key: spec.label for key, spec in extras.items() if spec.label},
    )


class _RowCleaner:
    """Cleans the rows of one sheet.

    Cleaners whose result depends on the cell alone are memoised per column: a list repeats its genders,
    dates, positions, workplaces and provinces many times over. The loop is written for speed (a plan of
    columns made once, blank cells skipped, findings recorded only when there are some): it runs for every
    cell of 20,000-row lists.
    """

    _MEMOISED = frozenset(
        {
            "gender",
            "birth_date",
            "birth_year",
            "female_birth_year",
            "male_birth_year",
            "ethnic_group",
            "province",
            *_TEXT_LIMITS,
        }
    )
    # Fields cleaned on their own, after the name, sex, birth and ID that depend on one another.
    _INDEPENDENT = ("phone", "email", "ethnic_group", "province", *_TEXT_LIMITS)

    def __init__(
        self,
        header: HeaderMatch,
        extras: dict[str, ExtraField],
        *,
        today: date | None,
        ethnic_groups: EthnicGroupLookup,
        provinces: ProvinceLookup,
    ):
        self.columns: dict[str, Column] = {
            column.field: column for column in header.columns if column.field and column.field != ROW_NUMBER
        }
        self.index = {field_key: column.index for field_key, column in self.columns.items()}
        self.extras = extras
        self.today = today = today or timezone.localdate()
        cleaners: dict[str, Callable[[CellValue], Cleaned]] = {
            "gender": clean_gender,
            "birth_date": lambda raw: clean_birth_date(raw, today=today),
            "birth_year": lambda raw: clean_birth_year(raw, today=today),
            "female_birth_year": lambda raw: clean_sex_column(raw, gender=FEMALE, today=today),
            "male_birth_year": lambda raw: clean_sex_column(raw, gender=MALE, today=today),
            "phone": clean_phone,
            "email": clean_email,
            "ethnic_group": ethnic_groups.clean,
            "province": provinces.clean,
            **{field_key: partial(clean_text, max_length=limit) for field_key, limit in _TEXT_LIMITS.items()},
        }
        # field → (column index, cleaner, memo or None), for the fields the sheet has.
        self.plan: dict[str, tuple[int, Callable[[CellValue], Cleaned], dict | None]] = {
            field_key: (self.index[field_key], cleaner, {} if field_key in self._MEMOISED else None)
            for field_key, cleaner in cleaners.items()
            if field_key in self.index
        }
        self.independent = [
            (field_key, *self.plan[field_key]) for field_key in self._INDEPENDENT if field_key in self.plan
        ]

    def clean(self, row: RawRow) -> ParsedRow:
        parsed = ParsedRow(row.number, {})
        values = parsed.values
        plan = self.plan
        self._clean_name(row, parsed)

        gender = (self._take(row, parsed, "gender") or "") if "gender" in plan else ""
        birth = _NO_BIRTH
        if "birth_date" in plan:
            birth = self._take(row, parsed, "birth_date") or _NO_BIRTH
        if "birth_year" in plan:
            year_only = self._take(row, parsed, "birth_year") or _NO_BIRTH
            birth = self._merge_years(parsed, birth, year_only, "birth_year")
        if "female_birth_year" in plan or "male_birth_year" in plan:
            gender, birth = self._sex_columns(row, parsed, gender, birth)
        if gender:
            values["gender"] = gender
        if birth.date:
            values["birth_date"] = birth.date
        if birth.year:
            values["birth_year"] = birth.year

        cells = row.cells
        count = len(cells)
        if "citizen_id" in self.index:
            index = self.index["citizen_id"]
            raw = cells[index] if index < count else None
            if raw is not None:
                cleaned = clean_citizen_id_cell(raw, gender=gender, birth_year=birth.year)
                if citizen_id := self._note(parsed, "citizen_id", cleaned):
                    values["citizen_id"] = citizen_id
        for field_key, index, cleaner, memo in self.independent:
            raw = cells[index] if index < count else None
            if raw is None:
                continue
            if memo is None:
                cleaned = cleaner(raw)
            else:
                key = raw if raw.__class__ is str else (raw.__class__, raw)
                cleaned = memo.get(key)
                if cleaned is None:
                    cleaned = memo[key] = cleaner(raw)
            if cleaned.repairs or cleaned.problems:
                self._note(parsed, field_key, cleaned)
            if (value := cleaned.value) is not None and value != "":
                values[field_key] = value
        for field_key, spec in self.extras.items():
            if field_key not in self.index:
                continue
            raw = self._cell(row, field_key)
            value = self._note(parsed, field_key, spec.clean(raw))
            if value not in (None, ""):
                values[field_key] = value
            elif spec.required and raw in (None, ""):
                finding = Finding("required", REQUIRED, {"field": spec.label or field_key})
                parsed.problems.append(self._issue(row.number, self.columns[field_key], field_key, finding))

        parsed.status = RowStatus.ERROR if parsed.problems else RowStatus.OK
        return parsed

    def _cell(self, row: RawRow, field_key: str) -> CellValue:
        return row[self.index[field_key]]

    def _take(self, row: RawRow, parsed: ParsedRow, field_key: str) -> Any:
        """The value of the field's cell, cleaned (memoised when that depends on the cell alone); None for
        a blank cell."""
        index, cleaner, memo = self.plan[field_key]
        raw = row[index]
        if raw is None:
            return None
        if memo is None:
            cleaned = cleaner(raw)
        else:
            key = raw if raw.__class__ is str else (raw.__class__, raw)
            cleaned = memo.get(key)
            if cleaned is None:
                cleaned = memo[key] = cleaner(raw)
        return self._note(parsed, field_key, cleaned)

    def _note(self, parsed: ParsedRow, field_key: str, cleaned: Cleaned) -> Any:
        if cleaned.repairs or cleaned.problems:
            column = self.columns.get(field_key)
            for finding in cleaned.repairs:
                parsed.repairs.append(self._issue(parsed.sheet_row, column, field_key, finding))
            for finding in cleaned.problems:
                parsed.problems.append(self._issue(parsed.sheet_row, column, field_key, finding))
        return cleaned.value

    def _clean_name(self, row: RawRow, parsed: ParsedRow) -> None:
        columns = self.columns

        def name(field_key: str) -> str:
            return self._note(parsed, field_key, clean_name(self._cell(row, field_key)))

        if "full_name" in columns:
            full_name = name("full_name")
            family, middle, given = split_name(full_name)
        else:
            family = middle = given = ""
            if "family_and_middle_name" in columns:
                family, _space, middle = name("family_and_middle_name").partition(" ")
            if "family_name" in columns:
                family = name("family_name") or family
            if "middle_name" in columns:
                middle = name("middle_name") or middle
            if "given_name" in columns:
                given = name("given_name")
            full_name = " ".join(part for part in (family, middle, given) if part)
        if not given:
            column = next((columns[key] for key in _NAME_COLUMNS if key in columns), None)
            finding = Finding("name_missing", NAME_MISSING)
            parsed.problems.append(
                self._issue(parsed.sheet_row, column, column.field if column else "full_name", finding)
            )
            return
        parsed.values.update(full_name=full_name, family_name=family, middle_name=middle, given_name=given)
        parsed.search_key = name_key(full_name)

    def _merge_years(
        self, parsed: ParsedRow, birth: BirthDate, other: BirthDate, field_key: str
    ) -> BirthDate:
        if other.year is None:
            return birth
        if birth.year is None:
            return BirthDate(birth.date or other.date, other.year)
        if birth.year != other.year:
            parsed.problems.append(
                self._issue(
                    parsed.sheet_row,
                    self.columns.get(field_key),
                    field_key,
                    Finding(
                        "birth_year_disagrees",
                        BIRTH_YEAR_DISAGREES,
                        {
                            "year": other.year,
                            "date": display_date(birth.date) if birth.date else str(birth.year),
                        },
                    ),
                )
            )
        return birth

    def _sex_columns(self, row: RawRow, parsed: ParsedRow, gender: str, birth: BirthDate):
        found = []
        for field_key, sex in (("female_birth_year", FEMALE), ("male_birth_year", MALE)):
            if field_key in self.plan:
                marked, year = self._take(row, parsed, field_key) or ("", None)
                if marked:
                    found.append((field_key, sex, year))
        if not found:
            return gender, birth
        if len(found) > 1:
            parsed.problems.append(
                self._issue(
                    parsed.sheet_row,
                    self.columns.get(found[1][0]),
                    found[1][0],
                    Finding("sex_columns_both", SEX_COLUMNS_BOTH),
                )
            )
            return gender, birth
        field_key, marked, year = found[0]
        if gender and gender != marked:
            parsed.problems.append(
                self._issue(
                    parsed.sheet_row,
                    self.columns.get(field_key),
                    field_key,
                    Finding(
                        "gender_disagrees",
                        GENDER_DISAGREES,
                    ),
                )
            )
            return gender, birth
        return marked, self._merge_years(parsed, birth, BirthDate(None, year), field_key)

    def _issue(self, sheet_row: int, column: Column | None, field_key: str, finding: Finding) -> Issue:
        return Issue(
            sheet_row=sheet_row,
            column=column.letter if column else "",
            header=column.header if column else "",
            field=field_key,
            code=finding.code,
            template=finding.template,
            params=finding.params,
        )


def flag_duplicates(rows: list[ParsedRow], header: HeaderMatch) -> None:
    """Flag the later rows of a person listed twice: same ID number, or same name and full date of birth.

    A shared year of birth is not enough: two Nguyễn Thị Lan born in 1985 are common.
    """
    by_id: dict[str, int] = {}
    by_name: dict[tuple[str, date], int] = {}
    id_column = header.column_for("citizen_id")
    for row in rows:
        if row.status not in (RowStatus.OK, RowStatus.ERROR):
            continue
        citizen_id = row.values.get("citizen_id")
        birth_date = row.values.get("birth_date")
        key = (row.search_key, birth_date) if row.search_key and birth_date else None
        first = None
        if citizen_id and citizen_id in by_id:
            first = by_id[citizen_id]
            finding = Finding(
                "duplicate_citizen_id",
                DUPLICATE_ID,
                {"row": first},
            )
            column = id_column
        elif key and key in by_name:
            first = by_name[key]
            finding = Finding(
                "duplicate_person",
                DUPLICATE_PERSON,
                {"row": first},
            )
            column = None
        if first is not None:
            row.duplicate_of = first
            row.problems.append(
                Issue(
                    sheet_row=row.sheet_row,
                    column=column.letter if column else "",
                    header=column.header if column else "",
                    field="citizen_id" if column else "",
                    code=finding.code,
                    template=finding.template,
                    params=finding.params,
                )
            )
            row.status = RowStatus.ERROR
            continue
        if citizen_id:
            by_id[citizen_id] = row.sheet_row
        if key:
            by_name[key] = row.sheet_row
