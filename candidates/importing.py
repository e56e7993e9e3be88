"""The candidate list import: the lists of candidates the Home Affairs department and the Women's Union send.

The same pipeline as the attendee import (DESIGN.md §3): `directory.importing` reads the file, finds the
header, repairs the cells and matches the people already recorded; this module adds the candidates'
columns (the body or post, the stage reached, the nominating organisation), says for each row what the
commit would do, and commits the whole list in one transaction or nothing of it.

Row outcomes:
- NEW_PERSON: nobody matches; the person is created with her candidacy;
- EXISTING_PERSON: the person is recorded (by ID number, or name and date of birth); a candidacy is added.
  Her recorded details are left as they are: a candidate list is not the place to correct them;
- ALREADY: she is already a candidate for that body in the term; the row is skipped, so that importing
  the same list twice adds nothing;
- ERROR: a problem in a cell, an unknown body or stage, a person the matching cannot decide on, or
  someone of another province. A commit refuses the list, or leaves these rows out when asked to.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from audit.services import log_bulk_create
from candidates.models import Body, Candidacy, CandidateImport, Stage, Term
from candidates.services import CandidacyRuleError, candidacy_create
from directory.bulk import bulk_insert
from directory.importing.cleaning import Cleaned, cell_text
from directory.importing.headers import IGNORE, Column
from directory.importing.issues import Finding, Issue, SpreadsheetError, render
from directory.importing.matching import Outcome, match_people
from directory.importing.people import new_person_from_row
from directory.importing.pipeline import ExtraField, ParsedRow, ParsedSheet, RowStatus, parse_people
from directory.models import AdministrativeUnit, Organisation, Person
from directory.scoping import user_has_national_scope, user_province_id
from directory.text import fold

# --- The candidates' columns -----------------------------------------------------------------------------

_SEPARATORS = str.maketrans(dict.fromkeys("/\\()[]{}*:;,.-–—_#?!\"'“”‘’+|", " "))


def stage_key(text: str) -> str:
    """A stage as written, folded: "Hiệp thương vòng 2" → "hiep thuong vong 2"."""
    return " ".join(fold(text).translate(_SEPARATORS).split())


# How lists name the stages, Vietnamese and English, keyed by `stage_key`. The stages' own labels (in
# English) are added below.
_STAGE_SPELLINGS: dict[str, tuple[str, ...]] = {
    Stage.POOL: ("nguồn", "nguồn cán bộ", "nguồn ứng cử", "danh sách nguồn", "pool", "candidate pool"),
    Stage.PLANNING: ("quy hoạch", "trong quy hoạch", "quy hoạch cán bộ", "planning", "cadre planning"),
    Stage.TRAINED: ("đã đào tạo", "đào tạo", "đã bồi dưỡng", "đã tập huấn", "trained"),
    Stage.ROUND_1: (
        "hiệp thương vòng 1",
        "hiệp thương lần 1",
        "hiệp thương lần thứ nhất",
        "vòng 1",
        "round 1",
    ),
    Stage.ROUND_2: (
        "hiệp thương vòng 2",
        "hiệp thương lần 2",
        "hiệp thương lần thứ hai",
        "vòng 2",
        "round 2",
    ),
    Stage.ROUND_3: ("hiệp thương vòng 3", "hiệp thương lần 3", "hiệp thương lần thứ ba", "vòng 3", "round 3"),
    Stage.OFFICIAL: (
        "ứng cử viên chính thức",
        "ứng viên chính thức",
        "người ứng cử chính thức",
        "chính thức",
        "official",
        "official candidate",
    ),
    Stage.ELECTED: ("trúng cử", "đã trúng cử", "elected"),
    Stage.APPOINTED: ("bổ nhiệm", "được bổ nhiệm", "đã bổ nhiệm", "appointed"),
    Stage.NOT_ELECTED: ("không trúng cử", "trượt", "not elected"),
    Stage.WITHDRAWN: ("rút tên", "rút", "xin rút", "withdrawn"),
}
_ROMAN = {"1": "i", "2": "ii", "3": "iii"}


def _stage_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for stage, spellings in _STAGE_SPELLINGS.items():
        for spelling in spellings:
            key = stage_key(spelling)
            index[key] = stage
            # "Hiệp thương vòng II"
            if key[-1:] in _ROMAN:
                index[f"{key[:-1]}{_ROMAN[key[-1]]}"] = stage
    return index


STAGE_INDEX = _stage_index()
for _value, _label in Stage.choices:
    STAGE_INDEX.setdefault(stage_key(str(_label)), _value)

UNKNOWN_STAGE = _(
    "“%(text)s” is not a stage: write nguồn, quy hoạch, đã đào tạo, hiệp thương vòng 1, 2 or 3, ứng cử viên "
    "chính thức, trúng cử, bổ nhiệm, không trúng cử or rút tên."
)


def clean_stage(raw: object) -> Cleaned:
    text = cell_text(raw)
    if not text:
        return Cleaned(None)
    stage = STAGE_INDEX.get(stage_key(text))
    if stage is None:
        return Cleaned(None, problems=(Finding("stage_unknown", UNKNOWN_STAGE, {"text": text}),))
    return Cleaned(stage)


CANDIDATE_FIELDS: dict[str, ExtraField] = {
    "body": ExtraField(
        (
            "Ứng cử vào",
            "Ứng cử",
            "Dự kiến ứng cử",
            "Dự kiến ứng cử vào",
            "Ứng cử đại biểu",
            "Cơ quan ứng cử",
            "Cơ quan dân cử",
            "Đề cử vào",
            "Body",
            "Body or post",
            "Standing for",
        ),
        label=_("body or post"),
    ),
    "stage": ExtraField(
        ("Giai đoạn", "Tình trạng", "Trạng thái", "Kết quả", "Stage", "Status"),
        label=_("stage"),
        clean=clean_stage,
    ),
    "nominated_by": ExtraField(
        (
            "Cơ quan giới thiệu",
            "Đơn vị giới thiệu",
            "Cơ quan, đơn vị giới thiệu",
            "Nơi giới thiệu",
            "Giới thiệu",
            "Nominated by",
            "Nominating organisation",
            "Nominating organization",
        ),
        label=_("nominating organisation"),
    ),
}


# --- The preview -----------------------------------------------------------------------------------------


class RowOutcome:
    NEW_PERSON = "new_person"
    EXISTING_PERSON = "existing_person"
    ALREADY = "already"
    ERROR = "error"

    LABELS = {
        NEW_PERSON: _("new person, new candidacy"),
        EXISTING_PERSON: _("recorded person, new candidacy"),
        ALREADY: _("already a candidate for this body and term (skipped)"),
        ERROR: _("error"),
    }


BODY_UNKNOWN = _("No body or post named “%(text)s” takes candidates in this term.")
BODY_ELSEWHERE = _(
    "“%(text)s” is a body of another province: you can import candidates of your own province only."
)
BODY_AMBIGUOUS = _(
    "%(count)d bodies are named “%(text)s”: leave the column blank and choose the body on the upload form."
)
BODY_MISSING = _("The row names no body or post, and no default body was chosen for the list.")
PERSON_ELSEWHERE = _(
    "The person is recorded in another province (%(province)s): you can import candidates of your own "
    "province only."
)
NOMINATOR_KEPT = _("No organisation named “%(text)s” was found: the name is kept in the candidacy's notes.")


@dataclass
class CandidateRow:
    """One person of the list, and what the commit would do with her."""

    parsed: ParsedRow
    outcome: str
    person: Person | None = None
    body: Body | None = None
    stage: str = Stage.POOL
    nominated_by: Organisation | None = None
    notes: str = ""
    problems: list[Issue] = field(default_factory=list)  # the row's, and those of the candidacy
    same_person_as: int | None = None  # an earlier row of the file holding the same new person

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
    def stage_label(self) -> str:
        return str(Stage(self.stage).label)

    @property
    def outcome_label(self) -> str:
        return str(RowOutcome.LABELS[self.outcome])

    @property
    def is_error(self) -> bool:
        return self.outcome == RowOutcome.ERROR

    @property
    def messages(self) -> list[str]:
        return [_located(issue) for issue in self.problems]


def _located(issue: Issue) -> str:
    if issue.column:
        return f"{issue.column} ({issue.header}): {issue.message}" if issue.header else issue.message
    return issue.message


@dataclass
class CandidatePreview:
    sheet: ParsedSheet
    rows: list[CandidateRow]  # the rows holding a person, in sheet order

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(RowOutcome.LABELS, 0)
        for row in self.rows:
            counts[row.outcome] += 1
        counts["skipped_blank"] = sum(1 for row in self.sheet.rows if row.status == RowStatus.SKIPPED_BLANK)
        counts["skipped_heading"] = sum(
            1 for row in self.sheet.rows if row.status == RowStatus.SKIPPED_HEADING
        )
        return counts

    @property
    def error_rows(self) -> list[CandidateRow]:
        return [row for row in self.rows if row.is_error]

    @property
    def to_create(self) -> list[CandidateRow]:
        return [
            row for row in self.rows if row.outcome in (RowOutcome.NEW_PERSON, RowOutcome.EXISTING_PERSON)
        ]

    @property
    def has_errors(self) -> bool:
        return any(row.is_error for row in self.rows)


def _people_in_scope(user):
    return Person.objects.all() if user is None else Person.objects.visible_to(user)


def _bodies_in_scope(user, term: Term):
    bodies = Body.objects.all() if user is None else Body.objects.visible_to(user)
    return bodies.open_in(term)


def import_province(*, user, body: Body | None) -> AdministrativeUnit | None:
    """The province an import belongs to: the officer's; for a national user, the default body's."""
    if user is not None and not user_has_national_scope(user):
        return user.province
    return body.province if body is not None else None


def preview_candidates(
    file,
    *,
    term: Term,
    body: Body | None,
    user,
    filename: str | None = None,
    mapping: dict[str, str] | None = None,
) -> CandidatePreview:
    """Read a candidate list and say what committing it would do. Writes nothing.

    `user` is the importing user (None for the system: a management command, which no scope limits).
    Raises SpreadsheetError for a file that cannot be read at all. Queries: the lookups of the reading
    layer, at most three per 2,000 rows for matching, then one each for the bodies named, the nominating
    organisations named and the candidacies already recorded.
    """
    sheet = parse_people(
        file,
        filename=filename,
        mapping=mapping or None,
        extra_fields=CANDIDATE_FIELDS,
        max_bytes=settings.IMPORT_MAX_UPLOAD_BYTES,
        max_rows=settings.IMPORT_MAX_ROWS,
    )
    people = sheet.people
    matches = {
        match.sheet_row: match for match in match_people(people, scope_queryset=_people_in_scope(user))
    }
    columns = {key: sheet.header.column_for(key) for key in ("body", "nominated_by", "province")}
    bodies = _resolve_bodies(people, term=term, user=user)
    organisations = _resolve_organisations(people)
    officer_province = (
        user_province_id(user) if user is not None and not user_has_national_scope(user) else None
    )

    rows: list[CandidateRow] = []
    for parsed in people:
        row = CandidateRow(parsed, RowOutcome.NEW_PERSON, problems=list(parsed.problems))
        values = parsed.values
        row.stage = values.get("stage") or Stage.POOL
        # Body: the row's, else the list's default.
        body_text = values.get("body", "")
        if body_text:
            found = bodies.get(fold(body_text))
            if isinstance(found, Body):
                row.body = found
            else:
                template, params = found
                row.problems.append(_issue(parsed, columns["body"], "body", "body", template, params))
        elif body is not None:
            row.body = body
        else:
            row.problems.append(_issue(parsed, columns["body"], "body", "body_missing", BODY_MISSING))
        # Nominating organisation: a recorded one, else its name kept in the notes.
        notes = [values.get("notes", "")]
        nominator_text = values.get("nominated_by", "")
        if nominator_text:
            row.nominated_by = organisations.get(fold(nominator_text))
            if row.nominated_by is None:
                notes.insert(0, str(_("Nominated by: %(name)s")) % {"name": nominator_text})
                parsed.repairs.append(
                    _issue(
                        parsed,
                        columns["nominated_by"],
                        "nominated_by",
                        "nominator_kept",
                        NOMINATOR_KEPT,
                        {"text": nominator_text},
                    )
                )
        row.notes = "\n".join(note for note in notes if note)
        # The person.
        match = matches.get(parsed.sheet_row)
        if match is not None and match.outcome in (Outcome.CONFLICT, Outcome.ELSEWHERE):
            for reason in match.reasons:
                row.problems.append(_issue(parsed, None, "", reason.code, reason.template, reason.params))
        elif match is not None and match.outcome == Outcome.MATCHED:
            row.person = match.person
            row.outcome = RowOutcome.EXISTING_PERSON
        else:
            province = values.get("province")
            if officer_province is not None and province is not None and province.pk != officer_province:
                row.problems.append(
                    _issue(
                        parsed,
                        columns["province"],
                        "province",
                        "person_elsewhere",
                        PERSON_ELSEWHERE,
                        {"province": province.name},
                    )
                )
        rows.append(row)

    _allow_one_person_for_several_bodies(rows)
    _mark_existing_candidacies(rows, term=term)
    for row in rows:
        if row.problems:
            row.outcome = RowOutcome.ERROR
    return CandidatePreview(sheet, rows)


def _issue(
    parsed: ParsedRow,
    column: Column | None,
    field_key: str,
    code: str,
    template: Promise | str,
    params: dict | None = None,
) -> Issue:
    return Issue(
        sheet_row=parsed.sheet_row,
        column=column.letter if column else "",
        header=column.header if column else "",
        field=field_key,
        code=code,
        template=template,
        params=params or {},
    )


def _resolve_bodies(people: list[ParsedRow], *, term: Term, user) -> dict[str, Any]:
    """Folded body name → the Body, or (message, params) saying why it cannot be used. One or two queries."""
    names = {fold(row.values["body"]): row.values["body"] for row in people if row.values.get("body")}
    if not names:
        return {}
    found: dict[str, list[Body]] = defaultdict(list)
    for body in _bodies_in_scope(user, term).filter(search_key__in=names).select_related("province"):
        found[body.search_key].append(body)
    resolved: dict[str, Any] = {}
    missing = names.keys() - found.keys()
    # Bodies are reference data, not personal data: an officer may be told a body is another province's.
    elsewhere = (
        set(Body.objects.open_in(term).filter(search_key__in=missing).values_list("search_key", flat=True))
        if missing and user is not None
        else set()
    )
    for key, text in names.items():
        bodies = found.get(key, [])
        if len(bodies) == 1:
            resolved[key] = bodies[0]
        elif bodies:
            resolved[key] = (BODY_AMBIGUOUS, {"count": len(bodies), "text": text})
        elif key in elsewhere:
            resolved[key] = (BODY_ELSEWHERE, {"text": text})
        else:
            resolved[key] = (BODY_UNKNOWN, {"text": text})
    return resolved


def _resolve_organisations(people: list[ParsedRow]) -> dict[str, Organisation]:
    """Folded name or short name → the one organisation so named. One query."""
    keys = {fold(row.values["nominated_by"]) for row in people if row.values.get("nominated_by")}
    if not keys:
        return {}
    # `search_key` folds "name short name": a name starts it, a short name ends it.
    condition = Q()
    for key in keys:
        condition |= Q(search_key__startswith=key) | Q(search_key__endswith=key)
    by_key: dict[str, list[Organisation]] = defaultdict(list)
    for organisation in Organisation.objects.filter(condition).order_by("pk"):
        for key in {fold(organisation.name), fold(organisation.short_name)} & keys:
            by_key[key].append(organisation)
    return {key: found[0] for key, found in by_key.items() if len(found) == 1}


def _allow_one_person_for_several_bodies(rows: list[CandidateRow]) -> None:
    """A person listed twice for different bodies (the National Assembly and the provincial council, as
    often happens) is one person with two candidacies, not a duplicate. Listed twice for the same body,
    she stays an error."""
    by_row = {row.sheet_row: row for row in rows}
    for row in rows:
        first = by_row.get(row.parsed.duplicate_of) if row.parsed.duplicate_of else None
        if first is None or first.problems or row.body is None or first.body is None:
            continue
        if first.body.pk == row.body.pk:
            continue
        row.problems = [
            issue for issue in row.problems if issue.code not in ("duplicate_citizen_id", "duplicate_person")
        ]
        row.same_person_as = first.same_person_as or first.sheet_row
        if first.person is not None:
            row.person = first.person
            row.outcome = RowOutcome.EXISTING_PERSON


def _mark_existing_candidacies(rows: list[CandidateRow], *, term: Term) -> None:
    """Rows whose person is already a candidate for their body in the term are skipped. One query."""
    people = {row.person.pk for row in rows if row.person is not None and row.body is not None}
    if not people:
        return
    existing = set(
        Candidacy.objects.filter(term=term, person_id__in=people).values_list("person_id", "body_id")
    )
    for row in rows:
        if row.person is not None and row.body is not None and (row.person.pk, row.body.pk) in existing:
            row.outcome = RowOutcome.ALREADY


# --- Storing the upload ----------------------------------------------------------------------------------


def candidate_import_create(
    *, content: bytes, filename: str, term: Term, body: Body | None, actor
) -> CandidateImport:
    """Keep an uploaded list (already read once without error by `preview_candidates`)."""
    batch = CandidateImport(
        term=term,
        body=body,
        province=import_province(user=actor, body=body),
        uploaded_by=actor,
        filename=filename[:255],
        sha256=hashlib.sha256(content).hexdigest(),
    )
    batch.file.save(filename[-120:], ContentFile(content), save=False)
    batch.save()
    return batch


def preview_batch(batch: CandidateImport, *, user) -> CandidatePreview:
    """Re-read the stored file with the batch's mapping. Raises SpreadsheetError (e.g. a file gone bad)."""
    with batch.file.open("rb") as stored:
        content = stored.read()
    return preview_candidates(
        content, term=batch.term, body=batch.body, user=user, filename=batch.filename, mapping=batch.mapping
    )


def mapping_choices(preview: CandidatePreview) -> list[tuple[str, str]]:
    """The fields a column can be mapped to, for the mapping form (IGNORE first)."""
    vocabulary = preview.sheet.vocabulary
    return [(IGNORE, str(_("— ignore this column —")))] + [
        (key, str(vocabulary.label(key))) for key in vocabulary.fields
    ]


# --- Committing ------------------------------------------------------------------------------------------


class CandidateImportError(Exception):
    """The list cannot be committed; nothing was written. `message` is translated, for the user as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


ROW_ERROR = _("Row %(row)d: %(message)s Nothing was imported.")


def _row_error(row: CandidateRow, message: str) -> CandidateImportError:
    return CandidateImportError(render(ROW_ERROR, {"row": row.sheet_row, "message": message}))


def candidate_import_commit(*, batch: CandidateImport, actor, skip_errors: bool = False) -> CandidateImport:
    """Import the list: new people first, then one candidacy per row, each with its first stage change.

    All or nothing: one transaction; any row the rules refuse aborts the whole list, naming the row. The
    file is re-read (the preview the user saw is never trusted), and the batch is locked and its status
    checked inside the transaction, so that two clicks cannot import the list twice. `actor` None is the
    system (the management command).
    """
    with transaction.atomic():
        scoped = CandidateImport.objects.all() if actor is None else CandidateImport.objects.visible_to(actor)
        batch = scoped.select_for_update(of=("self",)).select_related("term", "body").get(pk=batch.pk)
        if batch.status != CandidateImport.Status.PREVIEWED:
            raise CandidateImportError(
                str(_("This list has already been imported or discarded: it cannot be imported again."))
            )
        try:
            preview = preview_batch(batch, user=actor)
        except SpreadsheetError as error:
            raise CandidateImportError(error.message) from error
        if preview.has_errors and not skip_errors:
            raise CandidateImportError(
                str(
                    _(
                        "%(count)d rows have errors: correct the file, or choose to leave the error rows "
                        "out. Nothing was imported."
                    )
                )
                % {"count": len(preview.error_rows)}
            )
        created = _write(preview, batch=batch, actor=actor)
        batch.status = CandidateImport.Status.COMMITTED
        batch.committed_at = timezone.now()
        batch.counts = {
            **preview.counts,
            "created_people": created["people"],
            "created": created["candidacies"],
        }
        batch.skipped_rows = [{"row": row.sheet_row, "messages": row.messages} for row in preview.error_rows]
        batch.save(update_fields=["status", "committed_at", "counts", "skipped_rows"])
    return batch


def _write(preview: CandidatePreview, *, batch: CandidateImport, actor) -> dict[str, int]:
    rows = preview.to_create
    officer_province = actor.province if actor is not None and not user_has_national_scope(actor) else None
    new_people: dict[int, Person] = {}  # first sheet row of the person → the person to create
    for row in rows:
        if row.person is None and row.same_person_as is None:
            # An officer's people are her province's; otherwise the row's, else the body's.
            person = new_person_from_row(row.values, province=officer_province, actor=actor)
            if person.province_id is None and row.body is not None:
                person.province = row.body.province
            new_people[row.sheet_row] = person
    people = list(new_people.values())
    bulk_insert(Person, people, batch_size=500)
    log_bulk_create(people, actor=actor, additional_data={"import": "candidates", "batch": batch.pk})

    # Candidate lists are small (a province's few hundred candidates, unlike attendee lists of thousands):
    # one `candidacy_create` per row keeps every rule and the first stage change in one place, at a few
    # queries a row.
    reason = str(_("Imported from the list “%(file)s”.")) % {"file": batch.filename}
    today = timezone.localdate()
    for row in rows:
        person = row.person or new_people[row.same_person_as or row.sheet_row]
        try:
            candidacy_create(
                person=person,
                body=row.body,
                term=batch.term,
                nominated_by=row.nominated_by,
                stage=row.stage,
                actor=actor,
                on_date=today,
                notes=row.notes,
                reason=reason,
            )
        except CandidacyRuleError as error:
            raise _row_error(row, error.message) from error
        except PermissionDenied as error:
            raise _row_error(row, str(_("You can import candidates of your own province only."))) from error
    return {"people": len(people), "candidacies": len(rows)}


def candidate_import_discard(*, batch: CandidateImport) -> None:
    CandidateImport.objects.filter(pk=batch.pk, status=CandidateImport.Status.PREVIEWED).update(
        status=CandidateImport.Status.DISCARDED
    )


def summarise(preview: CandidatePreview) -> dict[str, Any]:
    """The preview as plain data (the command's --json)."""
    return {
        "file": preview.sheet.filename,
        "sheet": preview.sheet.sheet_name,
        "header_rows": list(preview.sheet.header.header_rows),
        "columns": [
            {"column": column.letter, "header": column.header, "field": column.field or ""}
            for column in preview.sheet.header.columns
        ],
        "counts": preview.counts,
        "importable": not preview.has_errors,
        "rows": [
            {
                "row": row.sheet_row,
                "name": row.values.get("full_name", ""),
                "outcome": row.outcome,
                "body": row.body.name if row.body else "",
                "stage": row.stage,
                "problems": row.messages,
                "repairs": [_located(issue) for issue in row.repairs],
            }
            for row in preview.rows
        ],
    }
