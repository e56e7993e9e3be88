"""Preview, and with --commit import, an attendee list from the command line: the same pipeline as the page.

    python manage.py import_attendees LIST.xlsx --course AWIL-2024-C1 [--commit] [--skip-errors] [--json]
        [--user USERNAME]

COURSE is the course's code, or its primary key. Without --user the command has national scope (like
ministry staff); with it, the user's scope and rules apply. Exit status: 0 the list is importable (or was
imported), 1 it is not (rows with errors, a full or cancelled course), 2 the file cannot be read or the
course (or user) is unknown. Only --commit writes; it writes all or nothing, and refuses a list with
errors unless --skip-errors.
"""

import json
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db.models import Q

from directory.importing.issues import SpreadsheetError
from trainings.imports.commit import ImportRefused, import_commit, import_upload
from trainings.imports.preview import AttendeePreview, build_preview
from trainings.models import Course, ImportBatch


class Command(BaseCommand):
    help = "Preview (and with --commit import) an attendee list into a course."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--course", required=True, help="The course's code, or its primary key.")
        parser.add_argument("--commit", action="store_true", help="Import the list (all or nothing).")
        parser.add_argument("--skip-errors", action="store_true", help="With --commit: leave out error rows.")
        parser.add_argument("--json", action="store_true", help="Print every row's outcome as JSON.")
        parser.add_argument("--user", help="Act as this user (scope and rules); national scope otherwise.")

    def handle(self, *args, **options):
        code = options["course"].strip()
        lookup = Q(code=code) | Q(pk=int(code)) if code.isdigit() else Q(code=code)
        course = Course.objects.select_related("programme").filter(lookup).order_by("-code").first()
        if course is None:
            self._fail(f"Unknown course: {code}", options)
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                self._fail(f"Unknown user: {options['user']}", options)
            if not Course.objects.visible_to(actor).filter(pk=course.pk).exists():
                self._fail(f"Unknown course: {code}", options)
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            self._fail(f"Cannot read {path}: {error.strerror}", options)

        if not options["commit"]:
            try:
                preview = build_preview(course=course, actor=actor, file=data, filename=path.name)
            except SpreadsheetError as error:
                self._fail(error.message, options, code=error.code)
            self._report(preview, options, committed=False)
            sys.exit(0 if preview.importable else 1)

        result = import_upload(course=course, file=data, actor=actor, filename=path.name)
        if result.error is not None:
            self._fail(result.error.message, options, code=result.error.code)
        try:
            preview = import_commit(batch=result.batch, actor=actor, skip_errors=options["skip_errors"])
        except ImportRefused as refused:
            ImportBatch.objects.filter(pk=result.batch.pk).update(status=ImportBatch.Status.DISCARDED)
            self._report(result.preview, options, committed=False, refused=refused.message)
            sys.exit(1)
        self._report(preview, options, committed=True)
        sys.exit(0)

    def _fail(self, message: str, options, code: str = "error"):
        if options["json"]:
            self.stdout.write(json.dumps({"importable": False, "error": {"code": code, "message": message}}))
            sys.exit(2)
        self.stderr.write(message)
        sys.exit(2)

    def _report(self, preview: AttendeePreview, options, *, committed: bool, refused: str = "") -> None:
        counts = preview.counts
        if options["json"]:
            document = {
                "course": {
                    "pk": preview.course.pk,
                    "code": preview.course.code,
                    "title": preview.course.title,
                },
                "importable": preview.importable,
                "committed": committed,
                "refused": refused,
                "header_rows": list(preview.sheet.header.header_rows),
                "columns": [
                    {"letter": column.letter, "header": column.header, "field": column.field}
                    for column in preview.sheet.header.columns
                ],
                "counts": counts,
                "course_problems": preview.course_messages,
                "rows": [_row_json(row) for row in preview.rows],
            }
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2, default=str))
            return
        self.stdout.write(f"{preview.course} — {preview.sheet.filename}")
        self.stdout.write(
            "new {new}, matched {matched}, updated {updated}, already enrolled {already_enrolled}, "
            "skipped {skipped}, errors {errors}".format(**counts)
        )
        for message in preview.course_messages:
            self.stdout.write(f"  ! {message}")
        for row in preview.error_rows:
            for issue in row.problems:
                place = f"{issue.column} " if issue.column else ""
                self.stdout.write(f"  row {row.sheet_row} {place}: {issue.message}")
        if refused:
            self.stdout.write(f"Not imported: {refused}")
        elif committed:
            self.stdout.write(self.style.SUCCESS(f"Imported: {counts['to_enrol']} enrolled."))
        else:
            self.stdout.write("Importable." if preview.importable else "Not importable.")


def _issues(issues) -> list[dict]:
    return [
        {"column": issue.column, "header": issue.header, "code": issue.code, "message": issue.message}
        for issue in issues
    ]


def _row_json(row) -> dict:
    return {
        "row": row.sheet_row,
        "outcome": str(row.outcome),
        "name": row.values.get("full_name", ""),
        "person": row.person.pk if row.person and row.person.pk else None,
        "role": row.role,
        "changes": [{"field": change.field, "new": str(change.new)} for change in row.changes],
        "problems": _issues(row.problems),
        "repairs": _issues(row.repairs),
        "notes": _issues(row.notes),
    }
