"""Time and peak memory of the quarterly report at national scale (DESIGN.md §6, issue 7: the national PDF
≤ 10 s, a province's ≤ 3 s).

Run from the project folder, on a database that holds the `seed_scale` data set (built here if the
database has no course yet; it takes a few minutes):

    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/wl_report .venv/bin/python \
        bench/bench_quarterly_report.py [--period 2025Q3] [--province 42] [--runs 5]

Each run makes the whole report as the background task does — the dashboard's figures (with the dashboard
cache emptied first, so they are counted, not read from the cache), the HTML, the PDF laid out in a child
process, the Excel twin — and the script prints the median and minimum wall time, the page count, the peak
memory of the child that lays the PDF out, and the memory of this process after every run (it stays flat:
WeasyPrint's memory goes away with the child). Nothing is written to the database.
"""

import argparse
import os
import resource
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# Django is set up in main(), not at import: the PDF's child processes come from a forkserver that imports
# this module, and a forked copy of a process holding a set-up Django takes seconds to start and to end.


def rss_mb() -> float:
    """This process's resident memory now, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _lay_out_measured(html, base_url, roots):
    from reports.quarterly import rendering

    pdf, pages = rendering._lay_out(html, base_url, roots)
    return len(pdf), pages, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_peak_mb(html: str) -> tuple[float, int]:
    from reports.quarterly import rendering

    roots = rendering.static_roots()
    with ProcessPoolExecutor(max_workers=1, mp_context=rendering._CONTEXT, max_tasks_per_child=1) as pool:
        _size, pages, peak = pool.submit(
            _lay_out_measured, html, rendering.path2url(roots[0]), roots
        ).result()
    return peak, pages


def bench(label: str, period, province, runs: int, language: str) -> None:
    from django.core.cache import cache
    from django.utils import timezone, translation

    from reports.models import ReportRun
    from reports.quarterly.content import report_dashboard, report_html, system_reader
    from reports.quarterly.services import report_initial, report_render

    run = ReportRun(period=period.code, province=province, language=language, number=None)
    for name, value in report_initial(period=period, province=province, language=language).items():
        setattr(run, name, value)
    user, day = system_reader(), timezone.localdate()
    times, memory = [], []
    pages = 0
    for _run in range(runs):
        cache.clear()
        started = time.perf_counter()
        _pdf, pages, _xlsx = report_render(run=run, user=user, day=day)
        times.append(time.perf_counter() - started)
        memory.append(rss_mb())
    with translation.override(language):
        cache.clear()
        started = time.perf_counter()
        board = report_dashboard(user=user, period=period, province=province)
        figures_s = time.perf_counter() - started
        html = report_html(run=run, board=board, day=day)
    started = time.perf_counter()
    peak, _pages = child_peak_mb(html)
    layout_s = time.perf_counter() - started
    print(
        f"{label:<28} median {statistics.median(times):5.2f} s  min {min(times):5.2f} s  "
        f"pages {pages}  (figures {figures_s:.2f} s, layout in the child {layout_s:.2f} s)  "
        f"child peak {peak:.0f} MB  this process after each run: "
        + ", ".join(f"{value:.0f}" for value in memory)
        + " MB"
    )


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from directory.models import AdministrativeUnit
    from reports.periods import Period
    from trainings.models import Course

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--period", default="2025Q3")
    parser.add_argument("--province", default="42", help="The code of the province to time (42: Hà Tĩnh).")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lang", default="vi", choices=["vi", "en"])
    arguments = parser.parse_args()

    if not Course.objects.exists():
        started = time.perf_counter()
        call_command("seed_scale")
        print(f"seed_scale: {time.perf_counter() - started:.0f} s")
    period = Period.parse(arguments.period)
    province = AdministrativeUnit.objects.current_provinces().get(code=arguments.province)
    print(
        f"{Course.objects.count()} courses; period {period.code}; {arguments.runs} runs each; "
        f"this process {rss_mb():.0f} MB at the start"
    )
    bench("national", period, None, arguments.runs, arguments.lang)
    bench(f"province {province.short_name}", period, province, arguments.runs, arguments.lang)


if __name__ == "__main__":
    main()
