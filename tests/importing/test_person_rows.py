"""Writing new people without model instances: PersonRows gives what new_person_from_row gives, and
insert_rows writes it (COPY on PostgreSQL, bulk_create elsewhere) as bulk_insert writes the instances."""

import datetime
from decimal import Decimal

import pytest

from directory.bulk import COPY_THRESHOLD, bulk_insert, insert_rows
from directory.importing.people import PERSON_COLUMNS, PersonRows, new_person_from_row
from directory.importing.pipeline import parse_people
from directory.models import Person
from tests.importing import builders
from tests.importing.conftest import TODAY
from tests.importing.test_pipeline import MESSY_ROWS
from tests.trainings.factories import CourseFactory
from trainings.models import Enrolment

pytestmark = pytest.mark.django_db

AWKWARD = "tab\there, new\nline, back\\slash, \\N – Nguyễn"
# The fields a new person's row sets; the rest (notes, organisation, leadership level, times) are defaults.
COMPARED = [name for name in PERSON_COLUMNS if name != "created_by_id"]


def _values(person: Person) -> dict:
    return {name: getattr(person, name) for name in COMPARED}


def test_a_row_holds_what_new_person_from_row_would_give_the_person(ethnic_groups, provinces):
    sheet = parse_people(builders.xlsx_bytes(MESSY_ROWS), today=TODAY)
    rows = [row for row in sheet.people if row.values.get("given_name")]
    assert len(rows) >= 3
    person_rows = PersonRows()
    for row in rows:
        expected = new_person_from_row(row.values)
        got = dict(zip(PERSON_COLUMNS, person_rows.row(row.values), strict=True))
        assert {name: got[name] for name in COMPARED} == _values(expected), row.sheet_row


def test_the_default_province_is_used_only_when_the_row_names_none(provinces):
    ha_tinh, nghe_an = provinces["Hà Tĩnh"], provinces["Nghệ An"]
    values = {"family_name": "Lê", "given_name": "Mai"}
    rows = PersonRows()
    column = PERSON_COLUMNS.index("province_id")
    assert rows.row(values, default_province_id=ha_tinh.pk)[column] == ha_tinh.pk
    assert rows.row({**values, "province": nghe_an}, default_province_id=ha_tinh.pk)[column] == nghe_an.pk


def _many_values(count: int, province) -> list[dict]:
    return [
        {
            "family_name": "nguyễn",
            "middle_name": "thị  thu",
            "given_name": f"Hoà {chr(97 + number % 26)}{number}",
            "gender": "female",
            "birth_date": datetime.date(1980, 1, 1) + datetime.timedelta(days=number),
            "citizen_id": f"042180{number:06d}",
            "email": " Hoa@Example.VN ",
            "position": AWKWARD if number == 0 else "Chuyên viên",
            "province": province,
        }
        for number in range(count)
    ]


@pytest.mark.parametrize("count", [3, COPY_THRESHOLD + 5], ids=["bulk_create", "copy"])
def test_insert_rows_writes_what_bulk_insert_writes_and_returns_the_ids(provinces, count, ministry):
    ha_tinh = provinces["Hà Tĩnh"]
    values = _many_values(count, ha_tinh)
    person_rows = PersonRows(actor=ministry)
    inserted = insert_rows(Person, PERSON_COLUMNS, [person_rows.row(row) for row in values])
    assert len(inserted.ids) == count and len(set(inserted.ids)) == count
    written = Person.objects.in_bulk(inserted.ids)
    assert written[inserted.ids[0]].position == AWKWARD

    expected = [new_person_from_row(row) for row in values]
    for person in expected:
        person.citizen_id = "9" + person.citizen_id[1:]  # unique IDs: the same people once more
    bulk_insert(Person, expected)
    for new_id, person in zip(inserted.ids, expected, strict=True):
        got = _values(written[new_id])
        assert got == {**_values(Person.objects.get(pk=person.pk)), "citizen_id": got["citizen_id"]}
        assert written[new_id].created_by == ministry and written[new_id].created_at
        assert written[new_id].leadership_level == Person.LeadershipLevel.NONE and written[new_id].notes == ""


@pytest.mark.parametrize("count", [3, COPY_THRESHOLD + 5], ids=["bulk_create", "copy"])
def test_inserted_rows_rebuild_their_instances_as_saved_without_a_query(
    provinces, count, django_assert_num_queries
):
    person = new_person_from_row({"family_name": "Lê", "given_name": "Mai"}, province=provinces["Hà Tĩnh"])
    person.save()
    course = CourseFactory()
    rows = [
        (course.pk, person.pk, "trainee", "", None, Decimal("7.5"), None, "", None)
        if number == 0
        else (CourseFactory().pk, person.pk, "trainer", "", None, None, None, f"note {number}", None)
        for number in range(count)
    ]
    columns = ("course_id", "person_id", "role", "alumna_of", "nominated_by_id")
    columns += ("pre_test_score", "post_test_score", "notes", "created_by_id")
    inserted = insert_rows(Enrolment, columns, rows)
    with django_assert_num_queries(0):
        instances = inserted.instances()
    saved = Enrolment.objects.in_bulk(inserted.ids)
    assert [enrolment.pk for enrolment in instances] == inserted.ids
    for enrolment in instances:
        stored = saved[enrolment.pk]
        assert not enrolment._state.adding
        for field in Enrolment._meta.concrete_fields:
            assert getattr(enrolment, field.attname) == getattr(stored, field.attname), field.name
    assert instances[0].person == person and instances[0].course == course
    instances[0].notes = "changed"
    instances[0].save(update_fields=["notes"])
    assert Enrolment.objects.get(pk=instances[0].pk).notes == "changed"


def test_inserted_rows_are_rebuilt_through_init_when_a_receiver_listens(provinces):
    from django.db.models.signals import post_init

    rows = [PersonRows().row(values) for values in _many_values(COPY_THRESHOLD + 1, provinces["Hà Tĩnh"])]
    inserted = insert_rows(Person, PERSON_COLUMNS, rows)
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance)

    post_init.connect(receiver, sender=Person)
    try:
        instances = inserted.instances()
    finally:
        post_init.disconnect(receiver, sender=Person)
    assert [person.pk for person in instances] == inserted.ids
    if inserted.columns:  # PostgreSQL: rebuilt from the rows
        assert seen == instances


def test_insert_rows_refuses_an_unknown_column():
    with pytest.raises(ValueError, match="no column"):
        insert_rows(Person, ("family_name", "nickname"), [("Lê", "Mai")])


def test_insert_rows_writes_nothing_for_no_rows():
    assert insert_rows(Person, PERSON_COLUMNS, []).ids == []


def test_every_field_new_person_from_row_sets_is_a_column_of_the_rows(ethnic_groups, provinces):
    """The two builders cannot drift: a field the model path fills beyond its default must be a column."""
    sheet = parse_people(builders.xlsx_bytes(MESSY_ROWS), today=TODAY)
    for row in sheet.people:
        if not row.values.get("given_name"):
            continue
        person = new_person_from_row(row.values)
        for field in Person._meta.concrete_fields:
            if field.attname in PERSON_COLUMNS or field.primary_key or getattr(field, "auto_now_add", False):
                continue
            if getattr(field, "auto_now", False):
                continue
            assert getattr(person, field.attname) == field.get_default(), (field.attname, row.sheet_row)
