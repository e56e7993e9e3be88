import time

from django.core.management.base import BaseCommand

from reports.summaries import summaries_refresh


class Command(BaseCommand):
    help = "Rebuild the dashboards' summaries from the courses and enrolments (after bulk loads)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        rows = summaries_refresh()
        self.stdout.write(f"{rows} summary rows written in {time.perf_counter() - started:.2f} s.")
