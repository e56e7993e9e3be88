"""The retention of personal data: people with no activity within PERSONAL_DATA_RETENTION_YEARS are listed
(a dry run by default) and anonymised with --apply, each anonymisation recorded without the erased values."""

import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.utils import timezone

from audit.retention import ANONYMISED_NAME, inactive_people
from directory.models import Person
from tests.trainings.factories import CourseFactory, EnrolmentFactory, PersonFactory

pytestmark = pytest.mark.django_db


def aged(person: Person, years: int) -> Person:
    """Move a record's last change back in time (auto_now would refresh it on save)."""
    past = timezone.now() - datetime.timedelta(days=365 * years + 10)
    Person.objects.filter(pk=person.pk).update(updated_at=past, created_at=past)
    return person


@pytest.fixture
def people(ha_tinh, settings):
    settings.PERSONAL_DATA_RETENTION_YEARS = 5
    forgotten = aged(
        PersonFactory(
            province=ha_tinh,
            given_name="Quên",
            citizen_id="042185000123",
            phone="0912345678",
            email="quen@example.vn",
            birth_date=datetime.date(1985, 5, 16),
            notes="Ghi chú riêng",
        ),
        7,
    )
    recent = PersonFactory(province=ha_tinh, given_name="Mới")
    # An old record, but she took a course last year: active.
    trained = aged(PersonFactory(province=ha_tinh, given_name="Học"), 7)
    course = CourseFactory(
        province=ha_tinh, unit=ha_tinh, start_date=timezone.localdate() - datetime.timedelta(days=300)
    )
    EnrolmentFactory(course=course, person=trained)
    return forgotten, recent, trained


def test_only_people_with_no_activity_within_the_period_are_listed(people):
    forgotten, _recent, _trained = people
    assert list(inactive_people()) == [forgotten]
    assert set(inactive_people(years=10)) == set()


def test_the_command_is_a_dry_run_by_default(people):
    forgotten, *_ = people
    out = io.StringIO()
    call_command("anonymise_inactive_people", stdout=out)
    assert "1 people" in out.getvalue() and "Dry run" in out.getvalue()
    assert f"{forgotten.pk}\t" in out.getvalue()
    forgotten.refresh_from_db()
    assert forgotten.citizen_id == "042185000123"


def test_apply_anonymises_and_records_it_without_the_erased_values(people):
    forgotten, recent, trained = people
    person_type = ContentType.objects.get_for_model(Person)
    entries_before = LogEntry.objects.filter(content_type=person_type, object_id=forgotten.pk).count()
    out = io.StringIO()
    call_command("anonymise_inactive_people", "--apply", stdout=out)
    assert "1 people" in out.getvalue()
    forgotten.refresh_from_db()
    assert forgotten.full_name == ANONYMISED_NAME
    # The name's derived forms follow: she is not found by her old name any more.
    assert forgotten.search_key == "(anonymised)" and not Person.objects.search("Quên").exists()
    # One entry, this function's: none copying the erased values.
    assert (
        LogEntry.objects.filter(content_type=person_type, object_id=forgotten.pk).count()
        == entries_before + 1
    )
    assert (
        forgotten.citizen_id,
        forgotten.birth_date,
        forgotten.phone,
        forgotten.email,
        forgotten.notes,
    ) == (
        None,
        None,
        "",
        "",
        "",
    )
    # What the statistics count stays.
    assert (forgotten.gender, forgotten.birth_year, forgotten.province_id) == (
        Person.Gender.FEMALE,
        1985,
        recent.province_id,
    )
    recent.refresh_from_db()
    trained.refresh_from_db()
    assert recent.given_name == "Mới" and trained.given_name == "Học"

    (entry,) = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person),
        object_id=forgotten.pk,
        additional_data__what="anonymised",
    )
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.changes["citizen_id"] == ["(erased)", None]
    assert entry.changes["given_name"] == ["(erased)", ANONYMISED_NAME]
    text = str(entry.changes) + entry.object_repr
    for erased in ("042185000123", "0912345678", "quen@example.vn", "Quên", "Ghi chú riêng"):
        assert erased not in text
    # Done once: she is not listed again.
    assert not inactive_people().exists()


def test_a_period_below_one_year_is_refused(people):
    with pytest.raises(CommandError):
        call_command("anonymise_inactive_people", "--years", "0")
