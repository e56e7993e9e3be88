"""Demo data of trainings, from the seed documents: the AWIL 2024 cascade and Hà Tĩnh's 2019 plan.

`load_trainings_demo` is deterministic (each part draws from its own seeded `random.Random`) and idempotent
(every row is found by its natural key before it is created, see `writer`), so `load_demo_data` can be run
again. The many workshop participants, enrolments and attendance marks are written with `bulk_create`; the
enrolments' statuses are then computed by the same service as when a user saves an attendance grid.
Never load it into a production database: the people are invented.
"""

import random

from django.db import transaction

from directory.models import AdministrativeUnit
from directory.scoping import user_has_national_scope
from trainings.certificates import course_certificates_issue
from trainings.demo.awil import load_awil
from trainings.demo.ha_tinh import load_ha_tinh
from trainings.demo.writer import DemoWriter

AWIL_SEED = 2024
HA_TINH_SEED = 2019
# The current (2025) provinces the demo's people and courses belong to.
REQUIRED_PROVINCES = {"01": "Hà Nội", "42": "Hà Tĩnh"}


class DemoDataError(Exception):
    """The database lacks what the demo needs; the message says what to do."""


def _provinces() -> dict[str, AdministrativeUnit]:
    found = {
        unit.code: unit
        for unit in AdministrativeUnit.objects.current_provinces().filter(code__in=REQUIRED_PROVINCES)
    }
    missing = [f"{name} ({code})" for code, name in REQUIRED_PROVINCES.items() if code not in found]
    if missing:
        raise DemoDataError(
            f"The trainings demo needs the provinces {', '.join(missing)} of the 2025 catalogue: "
            "run `manage.py load_reference_data` first."
        )
    return found


def load_trainings_demo(*, actor=None) -> dict[str, int]:
    """Load what is missing of the demo; returns how many rows of each kind were created."""
    provinces = _provinces()
    with transaction.atomic():
        writer = DemoWriter(actor=actor)
        core_course = load_awil(writer, rng=random.Random(AWIL_SEED), hanoi=provinces["01"])
        load_ha_tinh(writer, rng=random.Random(HA_TINH_SEED), ha_tinh=provinces["42"])
        writer.update_completion()
        if user_has_national_scope(actor):
            # Numbers for the core trainees, so that the public verification page can be tried at once.
            numbered = core_course.enrolments.exclude(certificate_number="")
            before = numbered.count()
            course_certificates_issue(course=core_course, actor=actor)
            writer.created["certificates"] += numbered.count() - before
    return dict(writer.created)
