"""bulk_insert: COPY on PostgreSQL (CI), bulk_create elsewhere; the same rows either way."""

import datetime
from decimal import Decimal

import pytest

from directory import bulk
from directory.bulk import COPY_THRESHOLD, bulk_insert, insert_rows
from directory.models import Person
from trainings.models import Course, Enrolment

pytestmark = pytest.mark.django_db

AWKWARD = "tab\there, new\nline, back\\slash, \\N and 'quotes' – Nguyễn Thị Hoà"


def people(count: int, province) -> list[Person]:
    result = []
    for number in range(count):
        person = Person(
            family_name="Nguyễn",
            middle_name="Thị",
            given_name=f"Hoà{number}",
            gender=Person.Gender.FEMALE,
            birth_date=datetime.date(1980, 1, 1) + datetime.timedelta(days=number),
            citizen_id=f"042180{number:06d}",
            province=province,
            notes=AWKWARD if number == 0 else "",
        )
        person.normalise()
        result.append(person)
    return result


def test_many_people_are_inserted_with_their_keys_and_every_value_intact(ha_tinh):
    batch = people(COPY_THRESHOLD + 5, ha_tinh)
    bulk_insert(Person, batch)
    assert all(person.pk for person in batch)
    assert Person.objects.count() == len(batch)
    first = Person.objects.get(pk=batch[0].pk)
    assert first.notes == AWKWARD
    assert first.full_name == "Nguyễn Thị Hoà0" and first.search_key == "nguyen thi hoa0"
    assert first.birth_date == datetime.date(1980, 1, 1) and first.province == ha_tinh
    assert first.created_at is not None and first.updated_at is not None
    assert Person.objects.filter(middle_name="").count() == 0 and Person.objects.filter(
        email=""
    ).count() == len(batch)


def test_rows_inserted_later_by_the_orm_get_fresh_keys(ha_tinh):
    batch = people(COPY_THRESHOLD, ha_tinh)
    bulk_insert(Person, batch)
    later = Person.objects.create(family_name="Trần", given_name="Mai", province=ha_tinh)
    assert later.pk not in {person.pk for person in batch}


def test_other_rows_can_point_at_the_new_keys(ha_tinh):
    course = Course.objects.create(
        title="Lớp 3", kind=Course.Kind.CLASS, start_date=datetime.date(2026, 7, 15),
        end_date=datetime.date(2026, 7, 16), duration=2, unit=ha_tinh, province=ha_tinh,
    )  # fmt: skip
    batch = people(COPY_THRESHOLD + 1, ha_tinh)
    bulk_insert(Person, batch)
    enrolments = [
        Enrolment(course=course, person_id=person.pk, pre_test_score=Decimal("72.5"), notes="")
        for person in batch
    ]
    bulk_insert(Enrolment, enrolments)
    assert Enrolment.objects.filter(course=course).count() == len(batch)
    assert Enrolment.objects.filter(pre_test_score=Decimal("72.5")).count() == len(batch)
    assert Enrolment.objects.get(pk=enrolments[0].pk).person_id == batch[0].pk


def test_a_unique_violation_fails_the_whole_insert(ha_tinh):
    from django.db import IntegrityError, transaction

    Person.objects.create(family_name="Lê", given_name="Lan", citizen_id="042180000007", province=ha_tinh)
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk_insert(Person, people(COPY_THRESHOLD, ha_tinh))
    assert Person.objects.count() == 1


def person_rows(count: int, province) -> list[tuple]:
    return [
        (person.family_name, person.middle_name, person.given_name, person.full_name, person.search_key,
         person.sort_key, person.citizen_id, person.province_id, person.notes)
        for person in people(count, province)
    ]  # fmt: skip


ROW_COLUMNS = (
    "family_name", "middle_name", "given_name", "full_name", "search_key", "sort_key", "citizen_id",
    "province_id", "notes",
)  # fmt: skip


def test_rows_streamed_from_a_generator_are_all_written_in_order_and_kept(ha_tinh):
    rows = person_rows(COPY_THRESHOLD * 3, ha_tinh)
    inserted = insert_rows(Person, ROW_COLUMNS, iter(rows), count=len(rows))
    assert len(inserted.ids) == len(rows) and inserted.ids == sorted(inserted.ids)
    given_names = [row[2] for row in rows]
    assert list(Person.objects.order_by("pk").values_list("given_name", flat=True)) == given_names
    assert Person.objects.get(pk=inserted.ids[0]).notes == AWKWARD
    # The rows a generator gave are kept: the instances are rebuilt from them without a query.
    assert [person.given_name for person in inserted.instances()] == [row[2] for row in rows]


def test_rows_longer_than_a_chunk_are_sent_whole(ha_tinh, monkeypatch):
    # copy_lines sends whole lines however small its chunks: a chunk size of one character still
    # writes every row once.
    monkeypatch.setattr(bulk, "COPY_CHUNK", 1)
    rows = person_rows(COPY_THRESHOLD, ha_tinh)
    insert_rows(Person, ROW_COLUMNS, rows)
    assert Person.objects.count() == len(rows)
    assert set(Person.objects.values_list("citizen_id", flat=True)) == {row[6] for row in rows}


def test_an_error_while_the_rows_are_made_writes_none_of_them(ha_tinh):
    from django.db import transaction

    rows = person_rows(COPY_THRESHOLD * 2, ha_tinh)

    def failing():
        for number, row in enumerate(rows):
            if number == COPY_THRESHOLD + 17:
                raise ValueError("a row could not be made")
            yield row

    with pytest.raises(ValueError, match="could not be made"), transaction.atomic():
        insert_rows(Person, ROW_COLUMNS, failing(), count=len(rows))
    assert Person.objects.count() == 0


def test_a_generator_that_gives_fewer_rows_than_its_count_is_refused(ha_tinh):
    from django.db import transaction

    rows = person_rows(COPY_THRESHOLD, ha_tinh)
    fewer = f"told of {len(rows)} rows and given {len(rows) - 1}"
    with pytest.raises(ValueError, match=fewer), transaction.atomic():
        insert_rows(Person, ROW_COLUMNS, iter(rows[:-1]), count=len(rows))
    with pytest.raises(ValueError, match=f"told of {len(rows) - 1} rows and given"), transaction.atomic():
        insert_rows(Person, ROW_COLUMNS, iter(rows), count=len(rows) - 1)
    assert Person.objects.count() == 0


def test_an_interrupt_while_the_rows_are_made_is_raised_as_it_was(ha_tinh):
    # Ctrl-C during a long command-line import: the interrupt itself, not a "COPY failed" error.
    from django.db import transaction

    rows = person_rows(COPY_THRESHOLD * 2, ha_tinh)

    def interrupted():
        yield from rows[: COPY_THRESHOLD + 3]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt), transaction.atomic():
        insert_rows(Person, ROW_COLUMNS, interrupted(), count=len(rows))
    assert Person.objects.count() == 0
