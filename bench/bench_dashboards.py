"""Server time and query count of the dashboards at national scale (DESIGN.md §6: ≤ 150 ms median).

Run from the project folder:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/womenlead .venv/bin/python bench/bench_dashboards.py
        [--scale 1.0] [--runs 30] [--seed 6]

It creates a throw-away `bench_dashboards_<pid>` database on the server DATABASE_URL names (in memory for
SQLite), migrates it, builds the data set with `seed_scale` (timed), then requests each dashboard through
Django's test client as ministry staff and as a provincial officer, and prints the median and 90th
percentile server time and the number of queries of each page, next to a trivial view for reference.
It also times a full `refresh_summaries` and the refresh of one province after a write. The scratch
database is dropped at the end.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

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


def measure(client: Client, url: str, runs: int, *, cold: bool = False) -> tuple[float, float, int, int]:
    """Median and p90 in ms, queries, status; `cold` empties the dashboards' cache before every request."""
    from django.core.cache import cache

    client.get(url)  # warm-up: template loading, summaries freshness
    times = []
    for _run in range(runs):
        if cold:
            cache.clear()
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9) - 1], len(queries), response.status_code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=6)
    options = parser.parse_args()

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    old_name = connection.settings_dict["NAME"]
    create_scratch_database()
    try:
        from accounts.models import User
        from directory.models import AdministrativeUnit
        from reports.demo import load_reports_demo
        from reports.summaries import summaries_refresh
        from trainings.models import Course, Enrolment

        print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}")
        started = time.perf_counter()
        call_command("seed_scale", "--seed", str(options.seed), "--scale", str(options.scale))
        print(f"seed_scale: {time.perf_counter() - started:.1f} s")
        load_reports_demo()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE") if connection.connection.autocommit else None
        print(
            f"Rows: {Course.objects.count():,} courses, {Enrolment.objects.count():,} enrolments; "
            f"attendance and candidacies as printed above"
        )

        province = AdministrativeUnit.objects.current_provinces().get(code="42")
        ministry = User.objects.create_user("bench.ministry", password="x", role=User.Role.MINISTRY)
        officer = User.objects.create_user(
            "bench.officer", password="x", role=User.Role.OFFICER, province=province
        )
        ministry_client, officer_client = Client(), Client()
        ministry_client.force_login(ministry)
        officer_client.force_login(officer)

        national = reverse("reports:national")
        provincial = reverse("reports:province", args=[province.pk])
        pages = [
            ("trivial view (login page, anonymous)", Client(), reverse("login")),
            ("national, whole programme", ministry_client, national),
            ("national, 2025", ministry_client, f"{national}?period=2025"),
            ("national, 2025Q3, class", ministry_client, f"{national}?period=2025Q3&kind=class"),
            ("national, historical names", ministry_client, f"{national}?names=historical"),
            ("province (ministry), whole programme", ministry_client, provincial),
            ("province (officer), 2025", officer_client, f"{provincial}?period=2025"),
            ("national export (xlsx)", ministry_client, reverse("reports:national_export")),
        ]
        for cold in (False, True):
            title = "computed (cache emptied before each request)" if cold else "served (data unchanged)"
            print(f"\n{title}\n{'page':<42} {'median':>9} {'p90':>9} {'queries':>8}")
            for label, client, url in pages:
                median, p90, queries, status = measure(client, url, 5 if cold else options.runs, cold=cold)
                flag = "" if status == 200 else f"  (status {status})"
                print(f"{label:<42} {median:7.1f} ms {p90:7.1f} ms {queries:>8}{flag}")

        started = time.perf_counter()
        rows = summaries_refresh()
        print(f"\nrefresh_summaries (full): {rows:,} rows in {(time.perf_counter() - started) * 1000:.0f} ms")
        started = time.perf_counter()
        summaries_refresh(provinces={province.pk})
        print(f"refresh of one province: {(time.perf_counter() - started) * 1000:.0f} ms")
        course = Course.objects.filter(province=province).first()
        Enrolment.objects.filter(course=course).update(status=Enrolment.Status.COMPLETED)
        course.save()  # a signal marks the province; in autocommit the refresh runs at once
        started = time.perf_counter()
        started = time.perf_counter()
        ministry_client.get(national)
        print(
            "national dashboard, first request after a course write: "
            f"{(time.perf_counter() - started) * 1000:.0f} ms"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
