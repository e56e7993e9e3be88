"""Attendee import of a 10,000-row list: preview, commit, and a bare bulk_create (DESIGN.md §6).

Run from the project folder:

    DEBUG=1 .venv/bin/python bench/bench_import_commit.py [--rows 10000] [--people 60000]
        [--actor officer|ministry|cli]
    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/womenlead \\
        .venv/bin/python bench/bench_import_commit.py

It builds the messy workbook of new people of bench_import_read.py, creates a scratch database (in memory
for SQLite; a throw-away `bench_import_<pid>` database on PostgreSQL, dropped at the end), loads the
reference data, N people already recorded, a course in Hà Tĩnh and the one who imports (by default an
officer of Hà Tĩnh, as on the upload page; `--actor cli` as `import_attendees`), then times:
- the preview (`build_preview`: read, clean, match, outcomes) of the list for the course;
- the upload (`import_upload`: the preview, plus keeping the file and its parsed sheet), not a target;
- the commit (`import_commit`: the preview again from the kept parsed sheet — matching and checks
  afresh — then the batched writes, in one transaction), and the part of it the audit trail takes, three
  times, each of a list of other new people into a course of its own (median and best: a shared virtual
  machine's timings vary by a third from one run to the next);
- a bare `bulk_create` of the same 10,000 people and 10,000 enrolments (the floor the commit is held to;
  rolled back, so without the foreign-key checks a COMMIT makes, which the commit's time includes),
and prints the ratio and the peak memory. Targets: preview ≤ 1.5 s, commit ≤ 3 s and within 2× of the bare
bulk_create, on PostgreSQL. Uploaded files go to a temporary MEDIA_ROOT, removed at the end.
"""

import argparse
import os
import statistics
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

COMMIT_ROUNDS = 3
HA_TINH = "42"
# How the province cells of an officer's list read: hers, spelt as lists spell it.
OWN_PROVINCE = ["Hà Tĩnh", "Tỉnh Hà Tĩnh", "HÀ TĨNH", "Ha Tinh"]


def make_actor(kind: str, province):
    """Who commits: an officer of the course's province through the upload page (the main journey: her
    scope, her name on the people, enrolments and audit entries), ministry staff, or the command line."""
    from accounts.models import User

    if kind == "cli":
        return None
    role = User.Role.OFFICER if kind == "officer" else User.Role.MINISTRY
    return User.objects.create_user(
        username=f"bench.{kind}", password=None, role=role, province=province if kind == "officer" else None
    )


def make_course(code: str = "BENCH-1"):
    from directory.models import AdministrativeUnit
    from trainings.models import Course

    province = AdministrativeUnit.objects.current_provinces().get(code=HA_TINH)
    # bulk_create: no save signals, so that the bench depends on the import and the models only.
    (course,) = Course.objects.bulk_create(
        [
            Course(
                title="Lớp tập huấn kỹ năng lãnh đạo (bench)",
                code=code,
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
    parser.add_argument(
        "--actor",
        choices=["officer", "ministry", "cli"],
        default="officer",
        help="who previews and commits (default: a provincial officer of the course's province)",
    )
    options = parser.parse_args()

    from directory.models import Person
    from trainings.imports import commit as commit_module
    from trainings.imports.commit import import_commit, import_upload
    from trainings.imports.preview import build_preview
    from trainings.models import Enrolment

    print(f"Database: {connection.vendor}")
    with tempfile.TemporaryDirectory() as folder:
        lists = []
        for round_number in range(COMMIT_ROUNDS):
            # Each commit gets a list of its own new people: the same case each time, never a re-import.
            path = Path(folder) / f"danh-sach-{round_number + 1}.xlsx"
            read_bench.build_workbook(
                path,
                options.rows,
                seed=7 + round_number,
                first=1 + round_number * options.rows,
                provinces=OWN_PROVINCE if options.actor == "officer" else read_bench.PROVINCES,
            )
            lists.append(path)
        path = lists[0]
        data = path.read_bytes()
        old_name = read_bench.create_scratch_database()
        try:
            read_bench.load_people(options.people)
            course = make_course()
            actor = make_actor(options.actor, course.province)
            print(
                f"  file: {len(data) / 1024:.0f} KB, {options.rows:,} rows; {options.people:,} people; "
                f"as {options.actor}"
            )

            previews = []
            for _attempt in range(3):
                start = time.perf_counter()
                preview = build_preview(course=course, actor=actor, file=data, filename=path.name)
                previews.append(time.perf_counter() - start)
            print(f"Preview: {min(previews):.3f} s (runs: {_runs(previews)})")
            print(f"  outcomes: {preview.counts}")

            bare = min(bare_bulk_create(preview, course) for _attempt in range(2))
            print(f"Bare bulk_create of {preview.counts['to_enrol']:,} people + enrolments: {bare:.3f} s")

            uploads, commits, audits, cpus = [], [], [], []
            audit = _Timed(getattr(commit_module, "log_attendee_import", None))
            for round_number, list_path in enumerate(lists):
                round_course = course if round_number == 0 else make_course(f"BENCH-{round_number + 1}")
                start = time.perf_counter()
                result = import_upload(
                    course=round_course, file=list_path.read_bytes(), actor=actor, filename=list_path.name
                )
                uploads.append(time.perf_counter() - start)
                assert result.preview.counts["new"] == preview.counts["new"], result.preview.counts
                audit.seconds = 0.0
                with mock.patch.object(commit_module, "log_attendee_import", audit, create=True):
                    start, cpu = time.perf_counter(), time.process_time()
                    import_commit(batch=result.batch, actor=actor)
                    commits.append(time.perf_counter() - start)
                    cpus.append(time.process_time() - cpu)
                audits.append(audit.seconds)
            print(f"Upload (preview + keeping the file and its parsed sheet): {_runs(uploads)} s")
            # Memory is measured on a second preview (tracemalloc slows the code it watches several times).
            tracemalloc.start()
            build_preview(course=course, actor=actor, file=data, filename=path.name)
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            enrolled = Enrolment.objects.filter(course=course).count()
            commit = statistics.median(commits)
            print(
                f"Commit (preview again + writes, one transaction), {COMMIT_ROUNDS} lists of new people: "
                f"median {commit:.3f} s, best {min(commits):.3f} s (runs: {_runs(commits)}; cpu of this "
                f"process {_runs(cpus)} s, the rest is the database); {enrolled:,} enrolled by the first"
            )
            print(f"  commit / bare bulk_create = {commit / bare:.2f}× (median)")
            if audit.function is not None:
                audit_share = statistics.median(audits)
                print(
                    f"  of which the audit trail (log_attendee_import): median {audit_share:.3f} s; "
                    f"without it {commit - audit_share:.3f} s = {(commit - audit_share) / bare:.2f}× bare"
                )
            print(f"  people now recorded: {Person.objects.count():,}")
            print(f"Peak Python allocations during a preview (tracemalloc): {peak / 1024 / 1024:.0f} MB")
            print(f"Peak RSS: {read_bench.peak_rss_mb():.0f} MB")
            verdict = "OK" if min(previews) <= 1.5 and commit <= 3 and commit <= 2 * bare else "over target"
            print(f"Targets (PostgreSQL): preview ≤ 1.5 s, commit ≤ 3 s and ≤ 2× bare: {verdict}")
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def _runs(seconds: list[float]) -> str:
    return ", ".join(f"{value:.3f}" for value in seconds)


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
