"""List, and with --apply anonymise, the people with no activity within the retention period."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from audit.retention import anonymise_people, inactive_people, retention_cutoff


class Command(BaseCommand):
    help = (
        "Lists the people with no activity within PERSONAL_DATA_RETENTION_YEARS (a dry run); "
        "--apply anonymises them, each recorded in the audit trail."
    )

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="Anonymise them (default: only list them).")
        parser.add_argument(
            "--years",
            type=int,
            default=None,
            help="Retention period in years (default: the PERSONAL_DATA_RETENTION_YEARS setting, now "
            f"{settings.PERSONAL_DATA_RETENTION_YEARS}).",
        )

    def handle(self, *args, apply: bool, years: int | None, verbosity: int, **options):
        if years is not None and years < 1:
            raise CommandError("--years must be at least 1.")
        people = inactive_people(years=years)
        cutoff = retention_cutoff(years=years)
        count = people.count()
        if verbosity > 1 or not apply:
            for person in people.select_related("province"):
                province = person.province.name if person.province_id else "-"
                self.stdout.write(
                    f"{person.pk}\t{person.full_name}\t{province}\t{person.updated_at:%Y-%m-%d}"
                )
        if not apply:
            self.stdout.write(
                f"{count} people with no activity since {cutoff:%Y-%m-%d}. Dry run: nothing changed; "
                "run with --apply to anonymise them."
            )
            return
        done = anonymise_people(people, years=years)
        self.stdout.write(
            self.style.SUCCESS(f"{done} people with no activity since {cutoff:%Y-%m-%d} anonymised.")
        )
