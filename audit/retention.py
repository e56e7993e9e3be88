"""The retention of personal data: people with no activity for PERSONAL_DATA_RETENTION_YEARS years.

A person is inactive when neither her record, nor any enrolment of hers (or its course's dates), nor
any candidacy of hers or its stage history has changed within the period. Anonymising keeps what the
statistics count (gender, year of birth, ethnic group, province, organisation, leadership level) and
erases what identifies her (names, date of birth, ID number, phone, email, workplace, position, notes).
Her enrolments and candidacies stay, so that past reports keep their numbers.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from audit.services import log_bulk_changes
from candidates.models import Candidacy, StageChange
from directory.models import Person
from reports.summaries import data_changed
from trainings.models import Enrolment

ANONYMISED_NAME = "(anonymised)"
ERASED = "(erased)"
ERASED_FIELDS = {
    "family_name": "",
    "middle_name": "",
    "given_name": ANONYMISED_NAME,
    "birth_date": None,
    "citizen_id": None,
    "phone": "",
    "email": "",
    "workplace": "",
    "position": "",
    "notes": "",
}


# What anonymising writes: the erased fields, the names derived from them, and the time of the change.
_WRITTEN_FIELDS = [*ERASED_FIELDS, "full_name", "search_key", "sort_key", "updated_at"]


def retention_cutoff(*, years: int | None = None, now: datetime.datetime | None = None) -> datetime.datetime:
    years = settings.PERSONAL_DATA_RETENTION_YEARS if years is None else years
    now = now or timezone.now()
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


def inactive_people(*, years: int | None = None) -> QuerySet[Person]:
    cutoff = retention_cutoff(years=years)
    recent_enrolment = Enrolment.objects.filter(person=OuterRef("pk")).filter(
        Q(updated_at__gte=cutoff)
        | Q(course__end_date__gte=cutoff.date())
        | Q(course__start_date__gte=cutoff.date())
    )
    recent_candidacy = Candidacy.objects.filter(person=OuterRef("pk"), updated_at__gte=cutoff)
    recent_stage = StageChange.objects.filter(candidacy__person=OuterRef("pk"), recorded_at__gte=cutoff)
    return (
        Person.objects.filter(updated_at__lt=cutoff)
        .exclude(given_name=ANONYMISED_NAME, family_name="")
        .exclude(Exists(recent_enrolment))
        .exclude(Exists(recent_candidacy))
        .exclude(Exists(recent_stage))
        .order_by("pk")
    )


@transaction.atomic
def anonymise_people(people: QuerySet[Person], *, actor=None, years: int | None = None) -> int:
    """Erase the identifying fields of `people`; one audit entry each, naming the fields, not the values.

    Written with bulk_update, 500 people a query, with the derived name fields recomputed as save()
    would: no signal is sent, so the library's own entry (which would copy the erased values into the
    trail) is not made; this function's says "(erased)". The dashboards are told once.
    """
    years = settings.PERSONAL_DATA_RETENTION_YEARS if years is None else years
    now = timezone.now()
    changed = []
    for person in people.select_for_update():
        changes = {
            name: (ERASED if getattr(person, name) not in (None, "") else None, value)
            for name, value in ERASED_FIELDS.items()
            if getattr(person, name) != value
        }
        for name, value in ERASED_FIELDS.items():
            setattr(person, name, value)
        person.normalise()
        person.updated_at = now
        changed.append((person, changes))
    Person.objects.bulk_update([person for person, _changes in changed], _WRITTEN_FIELDS, batch_size=500)
    log_bulk_changes(changed, actor=actor, additional_data={"what": "anonymised", "retention_years": years})
    if changed:
        data_changed()
    return len(changed)
