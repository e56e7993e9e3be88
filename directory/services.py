from django.core.exceptions import PermissionDenied
from django.db import transaction

from directory.models import Person
from directory.scoping import user_has_national_scope


def person_can_be_changed_by(*, person: Person, actor) -> bool:
    """The write-side twin of Person.objects.visible_to: officers change their own province's people."""
    if user_has_national_scope(actor):
        return True
    return person.province_id is not None and person.province_id == actor.province_id


@transaction.atomic
def person_save(*, person: Person, actor) -> Person:
    if not person_can_be_changed_by(person=person, actor=actor):
        raise PermissionDenied
    if person.pk is None:
        person.created_by = actor
    person.full_clean()
    person.save()
    return person
