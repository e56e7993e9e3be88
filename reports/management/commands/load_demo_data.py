import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.demo import create_demo_users
from accounts.models import User
from candidates.demo import DemoDataMissing, load_candidates_demo
from directory.models import AdministrativeUnit
from reports.demo import load_reports_demo
from trainings.demo import DemoDataError, load_trainings_demo

# Keys of the loaders' results that name rows rather than count what was created.
NOT_COUNTS = {"terms", "bodies", "class_3_course", "follow"}


class Command(BaseCommand):
    help = "Load the demo data set (idempotent) and print the demo users' names and passwords."

    def handle(self, *args, **options):
        if not AdministrativeUnit.objects.current_provinces().exists():
            call_command("load_reference_data", verbosity=options["verbosity"])
        if not AdministrativeUnit.objects.current_provinces().filter(code="42").exists():
            raise CommandError(_("Reference data is missing: run `manage.py load_reference_data` first."))
        with transaction.atomic():
            users = create_demo_users()
        # The demo administrator records the demo data (created by, certificates issued by).
        administrator = User.objects.get(
            username=next(u.username for u in users if u.role == User.Role.ADMIN)
        )

        # Trainings first: the candidates demo follows the women trained by the Hà Tĩnh plan's third class.
        steps = [
            (_("Trainings demo (AWIL 2024, Hà Tĩnh 2019)"), load_trainings_demo),
            (
                _("Candidates demo (People's Councils 2026–2031, Hà Tĩnh 2021–2026 pool)"),
                load_candidates_demo,
            ),
            (_("Reports demo (Project 8 indicators, targets and reported figures)"), load_reports_demo),
        ]
        for label, load in steps:
            started = time.perf_counter()
            try:
                created = load(actor=administrator)
            except (DemoDataError, DemoDataMissing) as error:
                raise CommandError(str(error)) from error
            summary = ", ".join(
                f"{count} {kind.replace('_', ' ')}"
                for kind, count in created.items()
                if isinstance(count, int) and count and kind not in NOT_COUNTS
            ) or _("nothing new")
            self.stdout.write(
                self.style.SUCCESS(f"{label}: {summary} ({time.perf_counter() - started:.1f} s).")
            )

            if "follow" in created:
                self.stdout.write(
                    _("To follow a candidacy from the pool to elected, open the candidacy of %(name)s.")
                    % {"name": created["follow"]["person"]}
                )

        self.stdout.write(self.style.SUCCESS(_("Demo users (user name / password / role):")))
        for user in users:
            self.stdout.write(f"  {user.username:<10} {user.password:<20} {User.Role(user.role).label}")
