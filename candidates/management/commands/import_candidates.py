"""Preview, and with --commit import, a candidate list from the command line.

Exit status: 0 the list can be imported (or was), 1 some rows have errors (nothing written), 2 the file
cannot be read or the term or body does not exist. Runs as the system: no province limits it.
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from candidates.importing import (
    CandidateImportError,
    candidate_import_commit,
    candidate_import_create,
    preview_candidates,
    summarise,
)
from candidates.models import Body, Term
from directory.importing.issues import SpreadsheetError


class Command(BaseCommand):
    help = "Preview a candidate list (a spreadsheet) for a term; import it with --commit."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The spreadsheet (.xlsx, .xls, .ods or .csv).")
        parser.add_argument("--term", type=int, required=True, help="The id of the term.")
        parser.add_argument("--body", type=int, help="The id of the body for rows that name none.")
        parser.add_argument("--commit", action="store_true", help="Import the list (all or nothing).")
        parser.add_argument(
            "--skip-errors", action="store_true", help="With --commit: leave the error rows out."
        )
        parser.add_argument("--json", dest="as_json", action="store_true", help="Print the preview as JSON.")

    def handle(self, *args, file, term, body, commit, skip_errors, as_json, **options):
        term_obj = Term.objects.filter(pk=term).first()
        if term_obj is None:
            return self._fail(f"No term with id {term}.", 2)
        body_obj = None
        if body is not None:
            body_obj = Body.objects.open_in(term_obj).filter(pk=body).first()
            if body_obj is None:
                return self._fail(f"No body with id {body} takes candidates in the term “{term_obj}”.", 2)
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as error:
            return self._fail(f"Cannot read {file}: {error.strerror}.", 2)
        try:
            preview = preview_candidates(content, term=term_obj, body=body_obj, user=None, filename=path.name)
        except SpreadsheetError as error:
            return self._fail(error.message, 2)

        summary = summarise(preview)
        status = 0 if summary["importable"] else 1
        if commit and (status == 0 or skip_errors):
            batch = candidate_import_create(
                content=content, filename=path.name, term=term_obj, body=body_obj, actor=None
            )
            try:
                batch = candidate_import_commit(batch=batch, actor=None, skip_errors=skip_errors)
            except CandidateImportError as error:
                batch.delete()
                return self._fail(error.message, 1)
            summary["committed"] = True
            summary["import_id"] = batch.pk
            summary["created"] = batch.counts.get("created", 0)
            status = 0
        if as_json:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
        else:
            self._print(summary, committed=summary.get("committed", False))
        if status:
            sys.exit(status)

    def _print(self, summary: dict, *, committed: bool) -> None:
        counts = summary["counts"]
        self.stdout.write(
            f"{summary['file']} · sheet “{summary['sheet']}” · header in row(s) "
            f"{', '.join(map(str, summary['header_rows']))}"
        )
        self.stdout.write(
            f"new people: {counts['new_person']} · recorded people: {counts['existing_person']} · "
            f"already candidates: {counts['already']} · errors: {counts['error']}"
        )
        for row in summary["rows"]:
            for problem in row["problems"]:
                self.stdout.write(f"  row {row['row']}: {problem}")
        if committed:
            self.stdout.write(self.style.SUCCESS(f"Imported {summary['created']} candidacies."))
        elif not summary["importable"]:
            self.stdout.write(self.style.WARNING("Rows have errors: nothing was imported."))
        else:
            self.stdout.write("Preview only: run again with --commit to import.")

    def _fail(self, message: str, status: int):
        self.stderr.write(message)
        sys.exit(status)
