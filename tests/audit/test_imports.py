"""The imports write in bulk (COPY, bulk_create, bulk_update: no signals); each row still has its entry."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from candidates.importing import candidate_import_commit, candidate_import_create
from candidates.models import Body, Term
from directory.models import Person
from directory.provinces import clear_province_cache
from tests.candidates.test_import import candidate_list
from tests.trainings.factories import CourseFactory, PersonFactory
from tests.trainings.test_import import GOOD_ROWS, attendee_list
from trainings.imports.commit import import_commit, import_upload
from trainings.models import Enrolment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def fresh_province_index():
    clear_province_cache()
    yield
    clear_province_cache()


def entries(model, action):
    return LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), action=action)


def test_an_attendee_list_leaves_one_entry_per_new_person_and_per_enrolment(officer_ha_tinh, ha_tinh):
    course = CourseFactory(province=ha_tinh, unit=ha_tinh, capacity=40)
    result = import_upload(
        course=course, file=attendee_list(GOOD_ROWS), actor=officer_ha_tinh, filename="ds.xlsx"
    )
    import_commit(batch=result.batch, actor=officer_ha_tinh)

    people = Person.objects.filter(enrolments__course=course)
    enrolments = Enrolment.objects.filter(course=course)
    assert enrolments.count() == len(GOOD_ROWS)
    created_people = entries(Person, LogEntry.Action.CREATE)
    assert sorted(created_people.values_list("object_id", flat=True)) == sorted(
        people.values_list("pk", flat=True)
    )
    created_enrolments = entries(Enrolment, LogEntry.Action.CREATE)
    assert sorted(created_enrolments.values_list("object_id", flat=True)) == sorted(
        enrolments.values_list("pk", flat=True)
    )
    for entry in [*created_people, *created_enrolments]:
        assert entry.actor == officer_ha_tinh
        assert entry.additional_data == {"import": "attendees", "batch": result.batch.pk, "file": "ds.xlsx"}
    hoa = created_people.get(object_repr="Nguyễn Thị Hoà")
    assert hoa.changes["family_name"] == [None, "Nguyễn"]
    assert hoa.changes["citizen_id"] == [None, "•••••••••123"]
    assert created_enrolments.filter(object_repr__startswith="Nguyễn Thị Hoà – ").count() == 1


def test_blanks_an_attendee_list_fills_in_are_recorded_as_changes(officer_ha_tinh, ha_tinh):
    known = PersonFactory(
        province=ha_tinh,
        family_name="Nguyễn",
        middle_name="Thị",
        given_name="Hoà",
        citizen_id="042185000123",
        birth_date=None,
        birth_year=1985,
        phone="",
    )
    course = CourseFactory(province=ha_tinh, unit=ha_tinh, capacity=40)
    result = import_upload(course=course, file=attendee_list(GOOD_ROWS[:1]), actor=officer_ha_tinh)
    import_commit(batch=result.batch, actor=officer_ha_tinh)

    known.refresh_from_db()
    assert known.phone == "0912345678"
    update = entries(Person, LogEntry.Action.UPDATE).get(object_id=known.pk)
    assert update.changes["phone"] == ["", "0912345678"]
    assert update.changes["birth_date"] == [None, "1985-05-16"]
    assert update.actor == officer_ha_tinh
    # Only the entry of her first recording: the import matched her, it did not add her again.
    assert entries(Person, LogEntry.Action.CREATE).filter(object_id=known.pk).count() == 1


def test_a_refused_commit_leaves_no_entry(officer_ha_tinh, ha_tinh):
    course = CourseFactory(province=ha_tinh, unit=ha_tinh, capacity=1)
    result = import_upload(course=course, file=attendee_list(GOOD_ROWS), actor=officer_ha_tinh)
    before = LogEntry.objects.count()
    with pytest.raises(Exception):  # noqa: B017 - the course is full: ImportRefused, nothing written
        import_commit(batch=result.batch, actor=officer_ha_tinh)
    assert LogEntry.objects.count() == before
    assert not Enrolment.objects.filter(course=course).exists()


def test_the_people_a_candidate_list_adds_are_recorded(officer_ha_tinh, ha_tinh):
    term = Term.objects.create(
        name="HĐND 2026–2031", kind=Term.Kind.PEOPLES_COUNCILS, start_year=2026, end_year=2031
    )
    body = Body.objects.create(
        name="Hội đồng nhân dân tỉnh Hà Tĩnh",
        kind=Body.Kind.PEOPLES_COUNCIL,
        level=Body.Level.PROVINCE,
        unit=ha_tinh,
        seats=50,
    )
    content = candidate_list(
        ["Nguyễn Thị Hoà", "16/05/1985", "Nữ", "042185000123", "Hà Tĩnh", "", "", "", ""],
        ["Trần Thị Bích", "02/03/1990", "Nữ", "042190000456", "Hà Tĩnh", "", "", "", ""],
    )
    batch = candidate_import_create(
        content=content, filename="uv.xlsx", term=term, body=body, actor=officer_ha_tinh
    )
    candidate_import_commit(batch=batch, actor=officer_ha_tinh)

    people = Person.objects.filter(candidacies__term=term)
    assert people.count() == 2
    created = entries(Person, LogEntry.Action.CREATE)
    assert sorted(created.values_list("object_id", flat=True)) == sorted(people.values_list("pk", flat=True))
    assert {entry.additional_data["import"] for entry in created} == {"candidates"}
    assert all(entry.actor == officer_ha_tinh for entry in created)
