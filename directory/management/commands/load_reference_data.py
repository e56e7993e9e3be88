import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from directory.reference.loader import load_reference_data


class Command(BaseCommand):
    help = (
        "Load the administrative units (2025 and before), the 54 ethnic groups and the national "
        "organisations. Safe to run again: only missing or changed rows are written."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        result = load_reference_data()
        if options["verbosity"] < 1:
            return
        for count in result.counts:
            self.stdout.write(
                _("%(label)s: %(created)s created, %(updated)s updated")
                % {"label": count.label, "created": count.created, "updated": count.updated}
            )
        for note in result.notes:
            self.stdout.write(self.style.WARNING(note))
        self.stdout.write(
            self.style.SUCCESS(
                _("Reference data loaded in %(seconds).1f s.") % {"seconds": time.perf_counter() - started}
            )
        )
