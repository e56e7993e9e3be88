"""Attendee import of a 10,000-row list: preview, commit, and a bare bulk_create (DESIGN.md §6).

Run from the project folder:

    DEBUG=1 .venv/bin/python bench/bench_import_commit.py [--rows 10000] [--people 60000]
    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/womenlead \\
        .venv/bin/python bench/bench_import_commit.py

It builds the messy workbook of new people of bench_import_read.py, creates a scratch database (in memory
for SQLite; a throw-away `bench_import_<pid>` database on PostgreSQL, dropped at the end), loads the
reference data, N people already recorded and a course, then times:
- the preview (`build_preview`: read, clean, match, outcomes) of the list for the course;
- the upload (`import_upload`: the preview, plus keeping the file and its parsed sheet), not a target;
- the commit (`import_commit`: the preview again from the kept parsed sheet — matching and checks
  afresh — then the batched writes, in one transaction), and the part of it the audit trail takes when
  `trainings.imports.commit` calls one;
- a bare `bulk_create` of the same 10,000 people and 10,000 enrolments (the floor the commit is held to),
and prints the ratio and the peak memory. Targets: preview ≤ 1.5 s, commit ≤ 3 s and within 2× of the bare
bulk_create, on PostgreSQL. Uploaded files go to a temporary MEDIA_ROOT, removed at the end.
"""

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))
# Before Django reads its settings (bench_import_read sets Django up): the bench's uploads are thrown away.
_MEDIA = tempfile.TemporaryDirectory(prefix="bench-import-media-")
os.environ["MEDIA_ROOT"] = _MEDIA.name

import bench_import_read as read_bench  # noqa: E402
from django.db import connection, transaction  # noqa: E402


def make_course():
    from directory.models import AdministrativeUnit
    from trainings.models import Course

    province = AdministrativeUnit.objects.current_provinces().first()
    # bulk_create: no save signals, so that the bench depends on the import and the models only.
    (course,) = Course.objects.bulk_create(
        [
            Course(
                title="Lớp tập huấn kỹ năng lãnh đạo (bench)",
                code="BENCH-1",
                start_date="2026-07-15",
                end_date="2026-07-15",
                duration=1,
                province=province,
                unit=province,
            )
        ]
    )
    return Course.objects.get(pk=course.pk)


def bare_bulk_create(preview, course) -> float:
    """The same people and enrolments, written with nothing but bulk_create, then rolled back."""
    from directory.importing.people import new_person_from_row
    from directory.models import Person
    from trainings.imports.commit import WRITE_BATCH
    from trainings.models import Enrolment

    people = [new_person_from_row(row.values, province=course.province) for row in preview.rows if row.enrols]
    start = time.perf_counter()
    with transaction.atomic():
        Person.objects.bulk_create(people, batch_size=WRITE_BATCH)
        Enrolment.objects.bulk_create(
            [Enrolment(course=course, person_id=person.pk) for person in people], batch_size=WRITE_BATCH
        )
        elapsed = time.perf_counter() - start
        transaction.set_rollback(True)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=60_000)
    options = parser.parse_args()

    from directory.models import Person
    from trainings.imports import commit as commit_module
    from trainings.imports.commit import import_commit, import_upload
    from trainings.imports.preview import build_preview
    from trainings.models import Enrolment

    print(f"Database: {connection.vendor}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "danh-sach.xlsx"
        read_bench.build_workbook(path, options.rows)
        data = path.read_bytes()
        old_name = read_bench.create_scratch_database()
        try:
            read_bench.load_people(options.people)
            course = make_course()
            print(f"  file: {len(data) / 1024:.0f} KB, {options.rows:,} rows; {options.people:,} people")

            previews = []
            for _attempt in range(3):
                start = time.perf_counter()
                preview = build_preview(course=course, actor=None, file=data, filename=path.name)
                previews.append(time.perf_counter() - start)
            print(f"Preview: {min(previews):.3f} s (runs: {', '.join(f'{t:.3f}' for t in previews)})")
            print(f"  outcomes: {preview.counts}")

            bare = min(bare_bulk_create(preview, course) for _attempt in range(2))
            print(f"Bare bulk_create of {preview.counts['to_enrol']:,} people + enrolments: {bare:.3f} s")

            start = time.perf_counter()
            result = import_upload(course=course, file=data, actor=None, filename=path.name)
            upload = time.perf_counter() - start
            print(f"Upload (preview + keeping the file and its parsed sheet): {upload:.3f} s")
            audit = _Timed(getattr(commit_module, "log_attendee_import", None))
            with mock.patch.object(commit_module, "log_attendee_import", audit, create=True):
                start, cpu = time.perf_counter(), time.process_time()
                import_commit(batch=result.batch, actor=None, skip_errors=True)
                commit, commit_cpu = time.perf_counter() - start, time.process_time() - cpu
            # Memory is measured on a second preview (tracemalloc slows the code it watches several times).
            tracemalloc.start()
            build_preview(course=course, actor=None, file=data, filename=path.name)
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            enrolled = Enrolment.objects.filter(course=course).count()
            print(
                f"Commit (preview again + writes, one transaction): {commit:.3f} s (cpu of this process "
                f"{commit_cpu:.3f} s; the rest is the database and other load); {enrolled:,} enrolled"
            )
            print(f"  commit / bare bulk_create = {commit / bare:.2f}×")
            if audit.function is not None:
                print(
                    f"  of which the audit trail (log_attendee_import): {audit.seconds:.3f} s; "
                    f"without it {commit - audit.seconds:.3f} s = {(commit - audit.seconds) / bare:.2f}× bare"
                )
            print(f"  people now recorded: {Person.objects.count():,}")
            print(f"Peak Python allocations during a preview (tracemalloc): {peak / 1024 / 1024:.0f} MB")
            print(f"Peak RSS: {read_bench.peak_rss_mb():.0f} MB")
            verdict = "OK" if min(previews) <= 1.5 and commit <= 3 and commit <= 2 * bare else "over target"
            print(f"Targets (PostgreSQL): preview ≤ 1.5 s, commit ≤ 3 s and ≤ 2× bare: {verdict}")
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)


class _Timed:
    """A function, timed: the audit trail's share of the commit."""

    def __init__(self, function):
        self.function = function
        self.seconds = 0.0

    def __call__(self, *args, **kwargs):
        if self.function is None:
            return None
        start = time.perf_counter()
        try:
            return self.function(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - start


if __name__ == "__main__":
    try:
        main()
    finally:
        _MEDIA.cleanup()
