from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.demo import create_demo_users
from directory.models import AdministrativeUnit


class Command(BaseCommand):
    help = "Load the demo data set (idempotent) and print the demo users' names and passwords."

    def handle(self, *args, **options):
        if not AdministrativeUnit.objects.current_provinces().exists():
            call_command("load_reference_data", verbosity=options["verbosity"])
        if not AdministrativeUnit.objects.current_provinces().filter(code="42").exists():
            raise CommandError("Reference data is missing: run `manage.py load_reference_data` first.")
        with transaction.atomic():
            users = create_demo_users()
        self.stdout.write(self.style.SUCCESS("Demo users (user name / password / role):"))
        for user in users:
            self.stdout.write(f"  {user.username:<10} {user.password:<20} {user.role}")
