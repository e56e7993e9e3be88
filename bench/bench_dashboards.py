"""Server time and query count of the dashboards at national scale (DESIGN.md §6: ≤ 150 ms median).

Run from the project folder, on a scratch database built here (seed_scale takes a minute or two):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/womenlead .venv/bin/python bench/bench_dashboards.py
        [--scale 1.0] [--runs 20] [--seed 6]

or on a database already seeded with `manage.py seed_scale` (and nothing else), which it leaves as found
but for its two users (the enrolment it toggles ends as it was, the tasks it queued are deleted):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wl_dash \\
        .venv/bin/python bench/bench_dashboards.py --existing

Each page is requested through Django's test client, as ministry staff and as a provincial officer:
- **warm**: nothing changed since the last request (the dashboards' snapshots are fresh);
- **cold**: right after a data change made as the app makes it (an enrolment saved in the officer's
  province: the signal refreshes the province's summaries on commit, marks the snapshots of that province
  and the national ones stale and queues their refresh). The page is drawn at once from the summaries and
  the previous snapshot, saying that it is being updated; the time of the write itself is printed too.
Then the work left to the task: the refresh of the stale snapshots, and the first computation of a
dashboard never shown before. There is no other cache: every request runs its queries.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")  # the test client speaks plain HTTP

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402


def create_scratch_database() -> str:
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = f"bench_dashboards_{os.getpid()}"
    return connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)


def timed_get(client: Client, url: str) -> tuple[float, float, int, int, float]:
    """Wall time and this process's CPU time of one request (ms), its queries, status and time in SQL (ms).

    On a machine shared with other work the wall time grows with the load; the CPU time much less.
    """
    with CaptureQueriesContext(connection) as queries:
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        elapsed, cpu = (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000
    sql = sum(float(query["time"]) for query in queries.captured_queries) * 1000
    return elapsed, cpu, len(queries), response.status_code, sql


def vacuum() -> None:
    """Clear the dead rows that the refreshes leave in the summary tables (each province refresh rewrites its
    rows), as autovacuum does on a default server: where it is off, they pile up and slow every read."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            tables = "reports_provincequartersummary, reports_dashboardsnapshot, reports_summarystate"
            cursor.execute(f"VACUUM ANALYZE {tables}")


def report(label: str, results: list[tuple[float, float, int, int, float]]) -> None:
    times = sorted(result[0] for result in results)
    cpu = statistics.median(result[1] for result in results)
    queries = [result[2] for result in results]
    statuses = {result[3] for result in results}
    sql = statistics.median(result[4] for result in results)
    flag = "" if statuses == {200} else f"  (status {sorted(statuses)})"
    counts = f"{min(queries)}" if min(queries) == max(queries) else f"{min(queries)}–{max(queries)}"
    print(
        f"{label:<40} {statistics.median(times):7.1f} ms {times[0]:7.1f} ms {times[-1]:7.1f} ms "
        f"{cpu:7.1f} ms {sql:7.1f} ms {counts:>8}{flag}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--existing", action="store_true", help="Use the seeded database DATABASE_URL names.")
    options = parser.parse_args()

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    old_name = connection.settings_dict["NAME"]
    if not options.existing:
        create_scratch_database()
    try:
        run(options)
    finally:
        if not options.existing:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def run(options) -> None:
    from django_tasks_db.models import DBTaskResult

    from accounts.models import User
    from directory.models import AdministrativeUnit
    from reports.demo import load_reports_demo
    from reports.models import DashboardSnapshot
    from reports.snapshots import snapshots_refresh
    from trainings.models import Course, Enrolment

    print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}")
    if not options.existing:
        started = time.perf_counter()
        call_command("seed_scale", "--seed", str(options.seed), "--scale", str(options.scale))
        print(f"seed_scale: {time.perf_counter() - started:.1f} s")
        load_reports_demo()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
    print(f"Rows: {Course.objects.count():,} courses, {Enrolment.objects.count():,} enrolments")

    province = AdministrativeUnit.objects.current_provinces().get(code="42")
    ministry, _created = User.objects.get_or_create(
        username="bench.ministry", defaults={"role": User.Role.MINISTRY}
    )
    officer, _created = User.objects.get_or_create(
        username="bench.officer", defaults={"role": User.Role.OFFICER, "province": province}
    )
    ministry_client, officer_client = Client(), Client()
    ministry_client.force_login(ministry)
    officer_client.force_login(officer)
    tasks_before = DBTaskResult.objects.order_by("-enqueued_at").values_list("pk", flat=True).first()

    national = reverse("reports:national")
    provincial = reverse("reports:province", args=[province.pk])
    pages = [
        ("national, whole programme", ministry_client, national),
        ("national, 2025", ministry_client, f"{national}?period=2025"),
        ("national, 2025Q3, class", ministry_client, f"{national}?period=2025Q3&kind=class"),
        ("national, historical names", ministry_client, f"{national}?names=historical"),
        ("province (ministry), whole programme", ministry_client, provincial),
        ("province (officer), 2025", officer_client, f"{provincial}?period=2025"),
        ("national export (xlsx)", ministry_client, reverse("reports:national_export")),
        (
            "province export (xlsx, officer)",
            officer_client,
            reverse("reports:province_export", args=[province.pk]),
        ),
    ]
    # First request of each: computes the snapshots of dashboards never shown (timed below separately).
    for _label, client, url in pages:
        client.get(url)
    snapshots_refresh()

    enrolment = (
        Enrolment.objects.filter(
            course__province=province, course__status=Course.Status.HELD, status="completed"
        )
        .order_by("pk")
        .first()
    )
    writes: list[float] = []

    def change_data() -> None:
        """Toggle an enrolment between completed and attended, saved as the attendance page saves it."""
        enrolment.status = "attended" if enrolment.status == "completed" else "completed"
        started = time.perf_counter()
        enrolment.save()  # autocommit: the on-commit refresh of the province's summaries runs here
        writes.append((time.perf_counter() - started) * 1000)

    trivial = [timed_get(Client(), reverse("login")) for _run in range(options.runs)]
    print(f"\nLoad average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW autovacuum")
            print(f"autovacuum: {cursor.fetchone()[0]} (the summary tables are vacuumed before each page)")
    print(
        f"\n{'page':<40} {'median':>10} {'min':>10} {'max':>10} {'CPU med.':>10} {'SQL med.':>10} "
        f"{'queries':>8}"
    )
    report("trivial view (login page, anonymous)", trivial)
    for cold in (False, True):
        print(
            "\ncold: right after a data change" if cold else "\nwarm: data unchanged since the last request"
        )
        for label, client, url in pages:
            vacuum()
            results = []
            for _run in range(options.runs):
                if cold:
                    change_data()
                results.append(timed_get(client, url))
            report(label, results)
    print(
        f"\nthe write itself (enrolment save, summaries of its province refreshed on commit): "
        f"median {statistics.median(writes):.1f} ms over {len(writes)}"
    )

    stale = DashboardSnapshot.objects.filter(stale=True).count()
    started = time.perf_counter()
    refreshed = snapshots_refresh()
    print(
        f"snapshot refresh (the queued task's work): {refreshed} stale of "
        f"{DashboardSnapshot.objects.count()} snapshots ({stale} marked) in "
        f"{(time.perf_counter() - started) * 1000:.0f} ms"
    )
    for label, client, url in pages[:1] + pages[4:5]:
        DashboardSnapshot.objects.all().delete()
        elapsed, _cpu, queries, _status, _sql = timed_get(client, url)
        print(
            f"first request ever of '{label}' (snapshot computed in the request): "
            f"{elapsed:.0f} ms, {queries} queries"
        )
    started = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("refresh_summaries", stdout=quiet)
    print(f"refresh_summaries (full): {(time.perf_counter() - started) * 1000:.0f} ms")

    # Leave an existing database as found: the enrolment's status, no queued task, fresh snapshots.
    if enrolment.status != "completed":
        change_data()
    tasks = DBTaskResult.objects.all()
    if tasks_before is not None:
        tasks = tasks.filter(enqueued_at__gt=DBTaskResult.objects.get(pk=tasks_before).enqueued_at)
    tasks.delete()
    snapshots_refresh()
    print(f"\nLoad average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
