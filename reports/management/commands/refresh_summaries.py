import time

from django.core.management.base import BaseCommand

from reports.snapshots import snapshots_refresh
from reports.summaries import summaries_refresh


class Command(BaseCommand):
    help = (
        "Rebuild the dashboards' summaries from the courses and enrolments, and recompute the dashboards' "
        "snapshots (after bulk loads)."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        rows = summaries_refresh()
        self.stdout.write(f"{rows} summary rows written in {time.perf_counter() - started:.2f} s.")
        started = time.perf_counter()
        snapshots = snapshots_refresh()
        self.stdout.write(
            f"{snapshots} dashboard snapshots recomputed in {time.perf_counter() - started:.2f} s."
        )
