"""The imports write in bulk (COPY, bulk_create, bulk_update: no signals); each row still has its entry."""

import datetime
import io
from decimal import Decimal

import pytest
from auditlog.context import auditlog_value
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from audit import services
from candidates.importing import candidate_import_commit, candidate_import_create
from candidates.models import Body, Term
from directory.bulk import COPY_THRESHOLD, insert_rows
from directory.importing.people import PERSON_COLUMNS
from directory.models import EthnicGroup, Person
from directory.provinces import clear_province_cache
from tests.candidates.test_import import candidate_list
from tests.trainings.factories import CourseFactory, PersonFactory
from tests.trainings.test_import import GOOD_ROWS, attendee_list
from trainings.imports.commit import ENROLMENT_COLUMNS, import_commit, import_upload
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


# The PostgreSQL path: the database builds the entries of a long list from the rows just written. It must
# write, row for row, what the Python path (SQLite, short lists) writes for the same objects.
AWKWARD = "tab\there, new\nline, back\\slash, \\N, 'quoted' \"twice\" – Nguyễn 100%"
ENTRY_COLUMNS = [field.attname for field in LogEntry._meta.concrete_fields if field.attname != "id"]
in_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's path")


def _person_row(number: int, province, ethnic_group, actor) -> tuple:
    # Every kind of value: missing (None), blank, awkward text, dates, integers, foreign keys, and the
    # ID numbers the mask has to handle (full, short, blank, missing).
    citizen_id = {0: "", 1: None, 2: "12", 3: "None"}.get(number, f"0421800{number:05d}")
    values = {
        "family_name": "Nguyễn",
        "middle_name": "" if number % 2 else "Thị",
        "given_name": "Hoà\t'5'\\N 100%" if number == 5 else f"Hoà {number}",
        "gender": "female" if number % 3 else "",
        "birth_date": None
        if number % 4 == 0
        else datetime.date(1975, 1, 1) + datetime.timedelta(days=number),
        "birth_year": None if number % 5 == 0 else 1975 + number % 30,
        "citizen_id": citizen_id,
        "phone": "" if number % 2 else f"09{number:08d}",
        "email": AWKWARD if number == 6 else "",
        "position": "Chuyên viên",
        "workplace": AWKWARD if number == 7 else "",
        "ethnic_group_id": ethnic_group.pk if number % 2 else None,
        "province_id": province.pk,
        "created_by_id": actor.pk if number % 3 else None,
    }
    values["full_name"] = " ".join(
        part for part in (values["family_name"], values["middle_name"], values["given_name"]) if part
    )
    values["search_key"] = values["sort_key"] = values["full_name"].lower()
    return tuple(values[name] for name in PERSON_COLUMNS)


def _entry_rows(entries) -> list[dict]:
    return list(entries.order_by("pk").values(*ENTRY_COLUMNS))


@in_postgresql
# 4: the fields' JSON joined in parts, as for a model with more fields than one SQL call takes.
@pytest.mark.parametrize("members_per_call", [90, 4])
def test_the_database_writes_the_entries_the_python_path_writes_for_the_same_rows(
    officer_ha_tinh, ha_tinh, members_per_call, monkeypatch
):
    monkeypatch.setattr(services, "_MEMBERS_PER_CALL", members_per_call)
    ethnic_group = EthnicGroup.objects.create(name="Kinh", code="01")
    course = CourseFactory(province=ha_tinh, unit=ha_tinh, title=AWKWARD)
    count = COPY_THRESHOLD + 10
    people = insert_rows(
        Person,
        PERSON_COLUMNS,
        [_person_row(number, ha_tinh, ethnic_group, officer_ha_tinh) for number in range(count)],
    ).instances()
    enrolments = insert_rows(
        Enrolment,
        ENROLMENT_COLUMNS,
        [
            (
                course.pk,
                person.pk,
                "trainee" if number % 2 else "facilitator",
                AWKWARD if number == 3 else "",
                None,
                None if number % 3 == 0 else Decimal(number % 100).quantize(Decimal("0.01")),
                Decimal("7.50") if number % 2 else None,
                AWKWARD if number == 4 else "",
                officer_ha_tinh.pk if number % 2 else None,
            )
            for number, person in enumerate(people)
        ],
    ).instances()
    for enrolment, person in zip(enrolments, people, strict=True):
        enrolment.person, enrolment.course = person, course
    # Both models are described in SQL: the comparison below is between the two paths.
    quote = connection.ops.quote_name
    assert services._sql_creation_changes(Person, quote) is not None
    assert services._sql_creation_changes(Enrolment, quote) is not None

    now = timezone.now()
    source = {"import": "attendees", "batch": 7, "file": AWKWARD}
    token = auditlog_value.set({"actor": officer_ha_tinh, "remote_addr": "203.0.113.9", "remote_port": 443})
    try:
        for objects in (people, enrolments):
            entries = LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(type(objects[0]))
            )
            first = LogEntry.objects.aggregate(last=Max("pk"))["last"] or 0
            services._log_creations(objects, actor=None, additional_data=source, now=now, in_sql=True)
            middle = LogEntry.objects.aggregate(last=Max("pk"))["last"]
            services._log_creations(objects, actor=None, additional_data=source, now=now, in_sql=False)
            in_sql = _entry_rows(entries.filter(pk__gt=first, pk__lte=middle))
            in_python = _entry_rows(entries.filter(pk__gt=middle))
            assert len(in_sql) == len(in_python) == count
            assert in_sql == in_python
    finally:
        auditlog_value.reset(token)

    by_id = {entry["object_id"]: entry for entry in in_sql}  # the enrolments'
    person_entries = _entry_rows(entries_of(Person).filter(object_id=people[2].pk))
    assert person_entries[0]["changes"]["citizen_id"] == [None, "12"]
    assert entries_of(Person).filter(object_id=people[0].pk).first().changes["citizen_id"] == [None, None]
    assert "citizen_id" not in entries_of(Person).filter(object_id=people[1].pk).first().changes
    assert entries_of(Person).filter(object_id=people[9].pk).first().changes["citizen_id"] == [
        None,
        "•••••••••009",
    ]
    assert by_id[enrolments[1].pk]["changes"]["post_test_score"] == [None, "7.50"]
    assert by_id[enrolments[1].pk]["object_repr"] == f"Nguyễn Hoà 1 – {AWKWARD}"
    assert by_id[enrolments[1].pk]["actor_id"] == officer_ha_tinh.pk
    assert by_id[enrolments[1].pk]["remote_addr"] == "203.0.113.9"
    assert by_id[enrolments[1].pk]["timestamp"] == now


def entries_of(model):
    return LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model))


@in_postgresql
def test_a_long_attendee_list_is_recorded_by_the_database_as_the_python_path_would(officer_ha_tinh, ha_tinh):
    course = CourseFactory(province=ha_tinh, unit=ha_tinh, capacity=COPY_THRESHOLD + 50)
    rows = [
        [
            *(
                number + 1,
                f"Nguyễn Thị Hoà {chr(97 + number % 26)}{chr(97 + number // 26)}",
                "16/05/1985",
                "Nữ",
            ),
            *(f"0421850{number:05d}", f"09{number:08d}", "Hà Tĩnh", "Học viên"),
        ]
        for number in range(COPY_THRESHOLD + 10)
    ]
    result = import_upload(course=course, file=attendee_list(rows), actor=officer_ha_tinh, filename="ds.xlsx")
    assert not result.preview.has_errors, result.preview.problems_json()
    import_commit(batch=result.batch, actor=officer_ha_tinh)

    people = list(Person.objects.filter(enrolments__course=course).order_by("pk"))
    enrolments = list(
        Enrolment.objects.filter(course=course).select_related("person", "course").order_by("pk")
    )
    assert len(people) == len(enrolments) == COPY_THRESHOLD + 10
    for model, objects in ((Person, people), (Enrolment, enrolments)):
        written = _entry_rows(entries_of(model).filter(action=LogEntry.Action.CREATE))
        (now,) = {entry["timestamp"] for entry in written}
        last = LogEntry.objects.aggregate(last=Max("pk"))["last"]
        services._log_creations(
            objects,
            actor=officer_ha_tinh,
            additional_data=written[0]["additional_data"],
            now=now,
            in_sql=False,
        )
        assert written == _entry_rows(entries_of(model).filter(pk__gt=last))
        assert written[0]["additional_data"] == {
            "import": "attendees",
            "batch": result.batch.pk,
            "file": "ds.xlsx",
        }


def test_an_import_command_run_after_a_request_in_the_same_thread_records_no_actor(
    officer_client, officer_ha_tinh, ha_tinh, tmp_path
):
    # A request by the officer, then the command line in the same thread, as in a test run or a worker: the
    # request's actor and address (AuditMiddleware) must not reach the command's entries. When they did,
    # the entries pointed at a user of an earlier test (issue: teardown errors of the command tests).
    assert officer_client.get(reverse("audit:log_list")).status_code in (200, 403)
    assert (auditlog_value.get(None) or {}).get("actor") is None
    course = CourseFactory(province=ha_tinh, unit=ha_tinh, capacity=40)
    path = tmp_path / "list.xlsx"
    path.write_bytes(attendee_list(GOOD_ROWS))
    with pytest.raises(SystemExit) as exit_status:
        call_command(
            "import_attendees", str(path), "--course", str(course.pk), "--commit", stdout=io.StringIO()
        )
    assert exit_status.value.code == 0
    created = [*entries(Person, LogEntry.Action.CREATE), *entries(Enrolment, LogEntry.Action.CREATE)]
    assert len(created) == 2 * len(GOOD_ROWS)
    assert {(entry.actor_id, entry.actor_email, entry.remote_addr) for entry in created} == {
        (None, None, None)
    }
