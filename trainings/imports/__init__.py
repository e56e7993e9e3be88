"""The attendee import of a course (DESIGN.md §3 "Imports are a pipeline"), the trainings half of it.

`directory.importing` reads, repairs and matches people whatever the list is for; this package adds what
an attendee list means for one course:
- `fields`: the extra columns of attendee lists (role, nominating organisation, scores, alumna of);
- `preview`: what each row will do (new person, matched, updated, already enrolled, skipped, error), and
  what stops the whole list (a cancelled or full course);
- `commit`: the all-or-nothing write, batched;
- `cache`: the sheet parsed for the preview, kept beside the file for the next pages and the commit;
- `files`: the error report and the blank template (.xlsx).
The participants export lives in `trainings.resources` (django-import-export).
"""
