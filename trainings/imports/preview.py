"""What an attendee list will do to a course, row by row, before anything is written.

The preview is recomputed each time it is shown and again at the commit: the page's own copy is never
trusted. Only the reading and cleaning of the file are kept between requests (`cache`, signed, tied to the
file's checksum and the mapping); the matching and the course's checks are done afresh, at a fixed few
queries per 2,000 rows (matching, in `directory.importing.matching`), plus one each for the course's
enrolments and the organisations.

Decisions (DESIGN.md §3, issue 4):
- A row matched to someone already recorded fills only the blanks of her record; a value that differs from
  the directory (another phone, position…) is shown and left alone: the directory is edited on purpose.
  Identity disagreements (ID, name, birth, sex) are conflicts: errors the officer resolves in the list or
  in the directory, never merged silently.
- For a provincial officer a new person belongs to her province; a row naming another province is an error
  (she can enrol only people of her province, as `services.enrolment_create` says).
- "Ghi chú" (notes) of an attendee list go to the enrolment, not to the person.
- A cancelled course, or a list that would overfill the course, stops the whole import, whatever rows are
  skipped: the message says how many places are left.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from directory.importing.issues import Finding, Issue
from directory.importing.matching import FieldChange, Outcome, match_people
from directory.importing.pipeline import ParsedRow, ParsedSheet, RowStatus, cyclic_gc_paused, parse_sheet
from directory.importing.reading import RawSheet, read_table
from directory.models import Organisation, Person
from directory.scoping import user_has_national_scope, user_province_id
from directory.text import fold
from trainings.imports.fields import ATTENDEE_FIELDS, ATTENDEE_VOCABULARY
from trainings.models import Course, Enrolment


class RowOutcome(StrEnum):
    NEW = "new"
    MATCHED = "matched"
    UPDATED = "updated"
    ALREADY_ENROLLED = "already_enrolled"
    SKIPPED = "skipped"
    ERROR = "error"


OUTCOME_LABELS = {
    RowOutcome.NEW: _("new person, enrolled"),
    RowOutcome.MATCHED: _("already recorded, enrolled"),
    RowOutcome.UPDATED: _("already recorded, blanks filled in, enrolled"),
    RowOutcome.ALREADY_ENROLLED: _("already enrolled: nothing to do"),
    RowOutcome.SKIPPED: _("skipped: blank row or heading"),
    RowOutcome.ERROR: _("error"),
}

# Field lengths of Person the cleaners do not bound.
_NAME_LIMITS = {"family_name": 40, "middle_name": 60, "given_name": 40, "full_name": 150}
# Person fields a matched row may fill in when blank (notes belong to the enrolment here).
_FILLABLE = frozenset(
    {
        "gender",
        "birth_date",
        "birth_year",
        "citizen_id",
        "phone",
        "email",
        "position",
        "workplace",
        "ethnic_group",
    }
)

OTHER_PROVINCE = _(
    "This person is listed in %(province)s: you can enrol people of your own province only. Ask ministry "
    "staff, or correct the province."
)
SAME_PERSON_TWICE = _("Row %(row)d is the same person (%(name)s): a person can be listed only once.")
NAME_TOO_LONG = _("The %(field)s is too long (%(count)d characters; at most %(limit)d).")
ORGANISATION_UNKNOWN = _(
    "“%(value)s” is not in the directory of organisations: it is kept in the enrolment's notes."
)
VALUE_KEPT = _(
    "The directory has %(field)s “%(old)s”; the list says “%(new)s”: the directory is left as it is."
)
COURSE_CANCELLED = _("The course has been cancelled: no one can be enrolled.")
COURSE_FULL = ngettext_lazy(
    "The course is full: %(enrolled)d of %(limit)d places are taken, and this list would enrol %(count)d "
    "more. Remove rows, or raise the course's capacity.",
    "The course is full: %(enrolled)d of %(limit)d places are taken, and this list would enrol %(count)d "
    "more. Remove rows, or raise the course's capacity.",
    "count",
)


@dataclass(slots=True)
class PreviewRow:
    parsed: ParsedRow
    outcome: RowOutcome
    person: Person | None = None
    changes: list[FieldChange] = field(default_factory=list)  # blanks the row fills in
    problems: list[Issue] = field(default_factory=list)
    notes: list[Issue] = field(default_factory=list)  # shown, not blocking: values left alone, …
    role: str = Enrolment.Role.TRAINEE
    nominated_by_id: int | None = None
    enrolment_notes: str = ""

    @property
    def sheet_row(self) -> int:
        return self.parsed.sheet_row

    @property
    def values(self) -> dict[str, Any]:
        return self.parsed.values

    @property
    def repairs(self) -> list[Issue]:
        return self.parsed.repairs

    @property
    def label(self) -> str:
        return str(OUTCOME_LABELS[self.outcome])

    @property
    def enrols(self) -> bool:
        return self.outcome in (RowOutcome.NEW, RowOutcome.MATCHED, RowOutcome.UPDATED)

    @property
    def is_learner(self) -> bool:
        return self.role in Enrolment.LEARNER_ROLES


@dataclass
class AttendeePreview:
    course: Course
    raw: RawSheet
    sheet: ParsedSheet
    rows: list[PreviewRow]
    course_problems: list[Finding]

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys((str(outcome) for outcome in RowOutcome), 0)
        for row in self.rows:
            counts[row.outcome] += 1
        counts["errors"] = counts.pop(RowOutcome.ERROR)
        counts["people"] = len(self.rows) - counts[RowOutcome.SKIPPED]
        counts["to_enrol"] = counts[RowOutcome.NEW] + counts[RowOutcome.MATCHED] + counts[RowOutcome.UPDATED]
        return counts

    @property
    def error_rows(self) -> list[PreviewRow]:
        return [row for row in self.rows if row.outcome == RowOutcome.ERROR]

    @property
    def has_errors(self) -> bool:
        return any(row.outcome == RowOutcome.ERROR for row in self.rows)

    @property
    def importable(self) -> bool:
        """True when the list can be imported as it is, every row of it."""
        return not self.course_problems and not self.has_errors

    def can_commit(self, *, skip_errors: bool = False) -> bool:
        if self.course_problems:
            return False
        if self.has_errors and not skip_errors:
            return False
        return any(row.enrols for row in self.rows) or not self.has_errors

    @property
    def course_messages(self) -> list[str]:
        return [finding.message for finding in self.course_problems]

    def problems_json(self) -> list[dict]:
        """The rows with problems, each message rendered in every language of the site (for storing)."""
        return [issues_json(row.sheet_row, row.problems) for row in self.error_rows]


def issues_json(sheet_row: int, issues: Iterable[Issue]) -> dict:
    rendered = []
    for issue in issues:
        messages = {}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                messages[language] = issue.message
        rendered.append(
            {"column": issue.column, "header": issue.header, "code": issue.code, "messages": messages}
        )
    return {"row": sheet_row, "problems": rendered}


def stored_message(problem: dict) -> str:
    """A stored problem in the active language (the default language when it was not rendered in it)."""
    messages = problem.get("messages", {})
    return (
        messages.get(translation.get_language() or "")
        or messages.get(settings.LANGUAGE_CODE)
        or next(iter(messages.values()), "")
    )


def read_attendee_sheet(file, *, filename: str | None = None, max_bytes=None, max_rows=None) -> RawSheet:
    """Read the file (raises SpreadsheetError for a file that cannot be imported at all)."""
    return read_table(
        file, filename=filename, max_bytes=max_bytes, max_rows=max_rows, vocabulary=ATTENDEE_VOCABULARY
    )


# The cycle collector paused for the whole preview, not only its cleaning: reading, matching and the
# outcomes make some 200,000 more objects, and the collections they set off (a full one among them, over
# every object of the process) took 0.3 s of a 10,000-row preview's 1.5 s (bench/bench_import_commit.py).
@cyclic_gc_paused()
def build_preview(
    *,
    course: Course,
    actor,
    file=None,
    raw: RawSheet | None = None,
    sheet: ParsedSheet | None = None,
    filename: str | None = None,
    mapping: Mapping[str, str] | None = None,
    max_bytes: int | None = None,
    max_rows: int | None = None,
) -> AttendeePreview:
    """The preview of a list for a course as `actor` would import it (`actor` None: the command line,
    national scope). Give the file, or a sheet already read, or one read and parsed (with `mapping`)."""
    if raw is None:
        raw = read_attendee_sheet(file, filename=filename, max_bytes=max_bytes, max_rows=max_rows)
    if sheet is None:
        sheet = parse_sheet(raw, mapping=mapping or None, extra_fields=ATTENDEE_FIELDS)
    national = actor is None or user_has_national_scope(actor)
    scope = Person.objects.all() if national else Person.objects.visible_to(actor)
    matches = {match.sheet_row: match for match in match_people(sheet.rows, scope_queryset=scope)}
    enrolled = set(Enrolment.objects.filter(course=course).values_list("person_id", flat=True))
    organisations = _OrganisationLookup() if sheet.header.column_for("nominated_by") else None
    own_province_id = None if national else user_province_id(actor)

    rows: list[PreviewRow] = []
    seen: dict[int, int] = {}  # person pk → first row
    for parsed in sheet.rows:
        if parsed.status not in (RowStatus.OK, RowStatus.ERROR):
            rows.append(PreviewRow(parsed, RowOutcome.SKIPPED))
            continue
        row = PreviewRow(parsed, RowOutcome.NEW, problems=list(parsed.problems))
        values = parsed.values
        row.role = values.get("role") or Enrolment.Role.TRAINEE
        row.enrolment_notes = values.get("notes", "")
        _check_name_lengths(row, sheet)
        if organisations is not None and values.get("nominated_by"):
            _resolve_organisation(row, sheet, organisations)

        match = matches.get(parsed.sheet_row)
        if match is None or match.outcome == Outcome.NEW:
            province = values.get("province")
            if own_province_id is not None and province is not None and province.pk != own_province_id:
                row.problems.append(
                    _issue(
                        row,
                        sheet,
                        "province",
                        Finding("other_province", OTHER_PROVINCE, {"province": province.name}),
                    )
                )
        elif match.outcome in (Outcome.CONFLICT, Outcome.ELSEWHERE):
            for reason in match.reasons:
                column = "citizen_id" if reason.code.startswith("citizen_id") else ""
                row.problems.append(_issue(row, sheet, column, reason))
        else:
            person = match.person
            row.person = person
            if person.pk in seen:
                finding = Finding(
                    "same_person_twice", SAME_PERSON_TWICE, {"row": seen[person.pk], "name": person.full_name}
                )
                row.problems.append(_issue(row, sheet, "", finding))
            else:
                seen[person.pk] = parsed.sheet_row
            for change in match.changes:
                if change.field not in _FILLABLE:
                    continue
                if change.fills_blank:
                    row.changes.append(change)
                else:
                    finding = Finding(
                        "value_kept",
                        VALUE_KEPT,
                        {
                            "field": ATTENDEE_VOCABULARY.label(change.field),
                            "old": change.old,
                            "new": change.new,
                        },
                    )
                    row.notes.append(_issue(row, sheet, change.field, finding))
            if person.pk in enrolled:
                row.outcome = RowOutcome.ALREADY_ENROLLED
                row.changes = []
            else:
                row.outcome = RowOutcome.UPDATED if row.changes else RowOutcome.MATCHED
        if row.problems:
            row.outcome = RowOutcome.ERROR
            row.changes = []
        rows.append(row)

    return AttendeePreview(course, raw, sheet, rows, _course_problems(course, rows))


def _course_problems(course: Course, rows: list[PreviewRow]) -> list[Finding]:
    if course.status == Course.Status.CANCELLED:
        return [Finding("course_cancelled", COURSE_CANCELLED)]
    limits = [course.capacity] if course.capacity is not None else []
    programme = course.programme
    if course.kind == Course.Kind.WORKSHOP and programme and programme.max_workshop_participants:
        limits.append(programme.max_workshop_participants)
    adding = sum(1 for row in rows if row.enrols and row.is_learner)
    if not limits or not adding:
        return []
    limit = min(limits)
    taken = (
        Enrolment.objects.filter(course=course).learners().exclude(status=Enrolment.Status.WITHDRAWN).count()
    )
    if taken + adding > limit:
        return [Finding("course_full", COURSE_FULL, {"enrolled": taken, "limit": limit, "count": adding})]
    return []


def _issue(row: PreviewRow, sheet: ParsedSheet, field_key: str, finding: Finding) -> Issue:
    column = sheet.header.column_for(field_key) if field_key else None
    return Issue(
        sheet_row=row.sheet_row,
        column=column.letter if column else "",
        header=column.header if column else "",
        field=field_key,
        code=finding.code,
        template=finding.template,
        params=finding.params,
    )


def _check_name_lengths(row: PreviewRow, sheet: ParsedSheet) -> None:
    for field_key, limit in _NAME_LIMITS.items():
        value = row.values.get(field_key, "")
        if len(value) > limit:
            finding = Finding(
                "name_too_long",
                NAME_TOO_LONG,
                {"field": ATTENDEE_VOCABULARY.label(field_key), "count": len(value), "limit": limit},
            )
            row.problems.append(
                _issue(row, sheet, field_key if sheet.header.column_for(field_key) else "", finding)
            )
            return


class _OrganisationLookup:
    """Organisations by their folded name or short name, loaded in one query when a list names them."""

    def __init__(self):
        self.by_key: dict[str, int] = {}
        for pk, name, short_name in Organisation.objects.values_list("pk", "name", "short_name"):
            self.by_key.setdefault(fold(name), pk)
            if short_name:
                self.by_key.setdefault(fold(short_name), pk)

    def get(self, text: str) -> int | None:
        return self.by_key.get(fold(text))


def _resolve_organisation(row: PreviewRow, sheet: ParsedSheet, organisations: _OrganisationLookup) -> None:
    text = row.values["nominated_by"]
    row.nominated_by_id = organisations.get(text)
    if row.nominated_by_id is None:
        row.notes.append(
            _issue(
                row,
                sheet,
                "nominated_by",
                Finding("organisation_unknown", ORGANISATION_UNKNOWN, {"value": text}),
            )
        )
        label = str(ATTENDEE_VOCABULARY.label("nominated_by"))
        row.enrolment_notes = "\n".join(part for part in (row.enrolment_notes, f"{label}: {text}") if part)
