"""Store an uploaded list as an ImportBatch, and commit it: all or nothing, in one transaction, batched.

Why not django-import-export's import: its row-by-row machinery (one `get_instance` query, one save, one
diff per row) takes about 40 s for a 10,000-row list here, 5 s tuned (DESIGN.md §6); the target is 3 s.
So the commit writes in bulk: the new people and the enrolments through `directory.bulk.insert_rows`
(PostgreSQL's COPY straight from the rows, bulk_create elsewhere), and one `bulk_update` per 500 matched
people whose blanks get filled in. The file is not read and cleaned again: the sheet parsed for the
preview is kept beside it (`trainings.imports.cache`, signed, re-parsed when missing or stale), while the
matching, the outcomes and the course's checks are computed afresh inside the commit's transaction. The
Resource classes of `trainings.resources` still declare the columns of the export and serve the admin.
"""

import hashlib
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import log_attendee_import
from directory.bulk import insert_rows
from directory.importing.issues import SpreadsheetError
from directory.importing.people import PERSON_COLUMNS, PersonRows
from directory.importing.pipeline import cyclic_gc_paused
from directory.importing.reading import read_upload
from directory.models import Person
from directory.scoping import user_has_national_scope, user_province_id
from trainings.imports.cache import discard_parsed, load_parsed, store_parsed
from trainings.imports.preview import AttendeePreview, RowOutcome, build_preview, issues_json
from trainings.models import Course, Enrolment, ImportBatch
from trainings.services import course_can_be_changed_by

WRITE_BATCH = 1000
ENROLMENT_COLUMNS = (
    "course_id",
    "person_id",
    "role",
    "alumna_of",
    "nominated_by_id",
    "pre_test_score",
    "post_test_score",
    "notes",
    "created_by_id",
)


class ImportRefused(Exception):
    """The commit said no; `message` is translated and shown as is. Nothing was written."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass
class UploadResult:
    batch: ImportBatch
    preview: AttendeePreview | None
    error: SpreadsheetError | None


def _error_json(error: SpreadsheetError) -> dict:
    return {"code": error.code, **issues_json(0, [_as_issue(error)])}


def _as_issue(error: SpreadsheetError):
    from directory.importing.issues import Issue

    return Issue(0, "", "", "", error.code, error.template, error.params)


def import_upload(*, course: Course, file, actor, filename: str | None = None) -> UploadResult:
    """Read an uploaded list for a course and keep it as a previewed ImportBatch.

    A file that cannot be imported at all (too large, not a spreadsheet, encrypted, …) is recorded in the
    history as refused, with the reason, and its content is not kept: nothing else is written.
    """
    if actor is not None and not course_can_be_changed_by(course=course, actor=actor):
        raise PermissionDenied
    filename = (filename or getattr(file, "name", "") or "list").rsplit("/", 1)[-1][:200]
    batch = ImportBatch(course=course, uploaded_by=actor, original_filename=filename)
    try:
        # read_upload refuses an oversized upload before reading it into memory.
        data, _name = read_upload(file)
        batch.size = len(data)
        batch.sha256 = hashlib.sha256(data).hexdigest()
        preview = build_preview(course=course, actor=actor, file=data, filename=filename)
    except SpreadsheetError as error:
        batch.status = ImportBatch.Status.FAILED
        batch.error = _error_json(error)
        batch.save()
        return UploadResult(batch, None, error)
    batch.counts = preview.counts
    batch.problems = preview.problems_json()
    batch.file.save(filename, ContentFile(data), save=False)
    batch.save()
    store_parsed(batch, preview.raw, preview.sheet)
    return UploadResult(batch, preview, None)


def batch_preview(*, batch: ImportBatch, actor, keep: bool = True) -> AttendeePreview:
    """The preview of a stored batch, recomputed with its mapping from the sheet parsed from its file
    (kept beside it), or from the file itself when that is missing or stale; then kept, unless `keep`
    is False."""
    cached = load_parsed(batch)
    if cached is not None:
        raw, sheet = cached
        return build_preview(course=batch.course, actor=actor, raw=raw, sheet=sheet)
    with batch.file.open("rb") as stored:
        data = stored.read()
    # The stored file passed the limits when it was uploaded: a later, lower limit does not lock it out.
    preview = build_preview(
        course=batch.course,
        actor=actor,
        file=data,
        filename=batch.original_filename,
        mapping=batch.mapping,
        max_bytes=max(len(data), 1),
        max_rows=10**7,
    )
    if keep and batch.sha256 == hashlib.sha256(data).hexdigest():
        store_parsed(batch, preview.raw, preview.sheet)
    return preview


def import_set_mapping(*, batch: ImportBatch, mapping: dict[str, str], actor) -> AttendeePreview:
    if batch.status != ImportBatch.Status.PREVIEWED:
        raise ImportRefused(_("This list has already been imported or discarded."), "not_previewed")
    if actor is not None and not course_can_be_changed_by(course=batch.course, actor=actor):
        raise PermissionDenied
    # The sheet as read does not depend on the mapping: the kept one is parsed again with the new mapping.
    cached = load_parsed(batch)
    batch.mapping = mapping
    if cached is None:
        preview = batch_preview(batch=batch, actor=actor)
    else:
        raw = cached[0]
        preview = build_preview(course=batch.course, actor=actor, raw=raw, mapping=mapping)
        store_parsed(batch, raw, preview.sheet)
    batch.counts = preview.counts
    batch.problems = preview.problems_json()
    batch.save(update_fields=["mapping", "counts", "problems"])
    return preview


def import_discard(*, batch: ImportBatch, actor) -> None:
    if actor is not None and not course_can_be_changed_by(course=batch.course, actor=actor):
        raise PermissionDenied
    ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PREVIEWED).update(
        status=ImportBatch.Status.DISCARDED
    )
    discard_parsed(batch)


# The cycle collector paused: the commit makes some 100,000 objects without cycles (rows, instances, audit
# entries) while the process holds the parsed list's hundreds of thousands, and the collections, which find
# nothing, took half of the commit's Python time (10,000 rows: 3.4 s of CPU, 1.8 s paused).
@cyclic_gc_paused()
@transaction.atomic
def import_commit(*, batch: ImportBatch, actor, skip_errors: bool = False) -> AttendeePreview:
    """Enrol the people of a previewed batch: everything or nothing.

    Refused (ImportRefused, nothing written) when the batch is not a preview any more (a second click, a
    second tab), when the course cannot take the list, or when rows have errors and `skip_errors` is not
    set. With `skip_errors` the error rows are left out and listed on the batch.
    """
    now = timezone.now()
    # Claim the batch first: of two commits of one batch, the second finds nothing to update.
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PREVIEWED).update(
        status=ImportBatch.Status.COMMITTED, committed_at=now, committed_by=actor
    )
    if not claimed:
        raise ImportRefused(_("This list has already been imported or discarded."), "not_previewed")
    # Lock the course: two lists imported at once cannot both take its last places.
    course = (
        Course.objects.select_for_update(of=("self",)).select_related("programme").get(pk=batch.course_id)
    )
    if actor is not None and not course_can_be_changed_by(course=course, actor=actor):
        raise PermissionDenied
    batch.course = course
    preview = batch_preview(batch=batch, actor=actor, keep=False)
    if preview.course_problems:
        raise ImportRefused(" ".join(preview.course_messages), preview.course_problems[0].code)
    if preview.has_errors and not skip_errors:
        raise ImportRefused(
            _("Some rows have errors: correct them and upload the list again, or choose to skip those rows."),
            "row_errors",
        )

    default_province_id = course.province_id
    if actor is not None and not user_has_national_scope(actor):
        default_province_id = user_province_id(actor)
    # The new people go to COPY straight from the rows the preview validated, with no Person built (for
    # 10,000 rows, building the instances cost as much as writing them), each made while the database
    # writes the ones before it.
    new_rows = [row for row in preview.rows if row.outcome == RowOutcome.NEW]
    person_rows = PersonRows(actor=actor)
    people = insert_rows(
        Person,
        PERSON_COLUMNS,
        (person_rows.row(row.values, default_province_id=default_province_id) for row in new_rows),
        count=len(new_rows),
        batch_size=WRITE_BATCH,
    )
    person_ids = {row.sheet_row: person_id for row, person_id in zip(new_rows, people.ids, strict=True)}

    changed: list[Person] = []
    fields: set[str] = set()
    for row in preview.rows:
        if row.outcome == RowOutcome.UPDATED:
            for change in row.changes:
                setattr(row.person, change.field, change.new)
                fields.add(change.field)
            row.person.updated_at = now
            changed.append(row.person)
    if changed:
        Person.objects.bulk_update(changed, sorted(fields | {"updated_at"}), batch_size=WRITE_BATCH // 2)

    actor_id = getattr(actor, "pk", None)
    enrolling = [row for row in preview.rows if row.enrols]
    enrolled = insert_rows(
        Enrolment,
        ENROLMENT_COLUMNS,
        (
            (
                course.pk,
                person_ids[row.sheet_row] if row.person is None else row.person.pk,
                row.role,
                row.values.get("alumna_of", ""),
                row.nominated_by_id,
                row.values.get("pre_test_score"),
                row.values.get("post_test_score"),
                row.enrolment_notes,
                actor_id,
            )
            for row in enrolling
        ),
        count=len(enrolling),
        batch_size=WRITE_BATCH,
    )
    # No conflict can arise: the preview above was rebuilt after locking the course, and enrolling by
    # hand takes the same lock, so whoever is enrolled now was counted as already enrolled.

    # The audit trail reads what was written as model instances, rebuilt from the rows without a query.
    # It records field values by id and names each object by str(): a person's full name, an enrolment's
    # person and course, which log_attendee_import puts in the enrolments' cache.
    for row, person in zip(new_rows, people.instances(), strict=True):
        row.person = person
    log_attendee_import(
        batch=batch, preview=preview, enrolments=enrolled.instances(), actor=actor, course=course
    )

    counts = preview.counts
    counts["enrolled"] = len(enrolled.ids)
    batch.status = ImportBatch.Status.COMMITTED
    batch.committed_at = now
    batch.committed_by = actor
    batch.counts = counts
    batch.problems = preview.problems_json()
    batch.skipped_rows = batch.problems if skip_errors else []
    batch.save(update_fields=["counts", "problems", "skipped_rows"])
    # Only a batch in preview needs its parsed sheet; if the commit rolls back, the batch keeps it.
    transaction.on_commit(lambda: discard_parsed(batch))
    return preview
