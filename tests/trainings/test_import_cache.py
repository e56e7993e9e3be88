"""The parsed sheet kept beside an uploaded list: used while it is the file's, re-parsed otherwise, and
never trusted when it was changed or signed with another key."""

import pickle

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from directory.bulk import COPY_THRESHOLD
from directory.models import Person
from tests.trainings.test_import import GOOD_ROWS, attendee_list, batch_of, upload
from trainings.imports import cache, commit, preview
from trainings.imports.commit import batch_preview, import_commit, import_discard, import_upload
from trainings.models import Enrolment, ImportBatch

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def officer_course(ha_tinh):
    from tests.trainings.factories import CourseFactory

    return CourseFactory(title="Lớp kỹ năng lãnh đạo", province=ha_tinh, unit=ha_tinh, capacity=40)


@pytest.fixture
def uploaded(officer_ha_tinh, officer_course):
    return import_upload(
        course=officer_course, file=attendee_list(GOOD_ROWS), actor=officer_ha_tinh, filename="list.xlsx"
    ).batch


@pytest.fixture
def file_reads(monkeypatch):
    """How many times the import reads a file."""
    calls = []
    read = preview.read_attendee_sheet

    def counted(*args, **kwargs):
        calls.append(1)
        return read(*args, **kwargs)

    monkeypatch.setattr(preview, "read_attendee_sheet", counted)
    return calls


def _stored(batch) -> bytes:
    with batch.file.storage.open(cache.cache_name(batch), "rb") as stored:
        return stored.read()


def _replace(batch, data: bytes) -> None:
    storage = batch.file.storage
    storage.delete(cache.cache_name(batch))
    storage.save(cache.cache_name(batch), _bytes_file(data))


def _bytes_file(data: bytes):
    from django.core.files.base import ContentFile

    return ContentFile(data)


def _full_names() -> set[str]:
    return set(Person.objects.values_list("full_name", flat=True))


def test_the_upload_keeps_the_parsed_sheet_and_the_commit_reads_no_file(
    uploaded, officer_ha_tinh, officer_course, file_reads, django_capture_on_commit_callbacks
):
    assert cache.load_parsed(uploaded) is not None
    with django_capture_on_commit_callbacks(execute=True):
        import_commit(batch=uploaded, actor=officer_ha_tinh)
    assert file_reads == []
    assert _full_names() == {"Nguyễn Thị Hoà", "Trần Thị Bích", "Lê Thị Mai"}
    assert Enrolment.objects.filter(course=officer_course).count() == 3
    # Only a batch in preview needs it: deleted once the commit is.
    assert not uploaded.file.storage.exists(cache.cache_name(uploaded))


def test_pages_of_the_preview_read_the_file_only_when_the_kept_sheet_is_missing(
    officer_client, officer_course, file_reads
):
    upload(officer_client, officer_course, attendee_list(GOOD_ROWS))
    batch = batch_of(officer_course)
    file_reads.clear()
    assert officer_client.get(batch.get_absolute_url() + "?page=1").status_code == 200
    assert file_reads == []
    batch.file.storage.delete(cache.cache_name(batch))
    assert officer_client.get(batch.get_absolute_url()).status_code == 200
    assert file_reads == [1]
    # … and keep it again for the next page.
    assert officer_client.get(batch.get_absolute_url() + "?page=2").status_code == 200
    assert file_reads == [1]


def test_a_missing_sheet_is_parsed_again_and_the_commit_writes_the_same(
    uploaded, officer_ha_tinh, file_reads
):
    uploaded.file.storage.delete(cache.cache_name(uploaded))
    import_commit(batch=uploaded, actor=officer_ha_tinh)
    assert file_reads == [1]
    assert _full_names() == {"Nguyễn Thị Hoà", "Trần Thị Bích", "Lê Thị Mai"}


def test_a_changed_sheet_is_not_trusted_and_the_file_is_parsed_again(uploaded, officer_ha_tinh, file_reads):
    raw, sheet = cache.load_parsed(uploaded)
    sheet.rows[-1].values["given_name"] = "Mallory"
    # The content changed, the signature and key kept.
    signature, key, _content = _stored(uploaded)[len(cache._MAGIC) :].split(b"\n", 2)
    _replace(uploaded, cache._MAGIC + signature + b"\n" + key + b"\n" + pickle.dumps((raw, sheet)))
    assert cache.load_parsed(uploaded) is None

    import_commit(batch=uploaded, actor=officer_ha_tinh)
    assert file_reads == [1]
    assert "Mallory" not in " ".join(_full_names())
    assert len(_full_names()) == 3


def test_a_sheet_that_would_run_code_is_never_unpickled(uploaded, monkeypatch):
    ran = []
    monkeypatch.setattr(cache.pickle, "loads", lambda *args, **kwargs: ran.append(1))
    data = _stored(uploaded)
    _replace(uploaded, data[:-10] + b"0123456789")
    assert cache.load_parsed(uploaded) is None
    assert ran == []


def test_a_sheet_signed_with_another_secret_key_is_not_trusted(uploaded, settings):
    assert cache.load_parsed(uploaded) is not None
    settings.SECRET_KEY = "another-site"
    assert cache.load_parsed(uploaded) is None


def test_another_batch_s_sheet_is_not_trusted_even_for_the_same_file(
    uploaded, officer_ha_tinh, officer_course
):
    # The very bytes uploaded (a workbook built again may carry another second in its properties).
    with uploaded.file.open("rb") as stored:
        same_file = stored.read()
    other = import_upload(
        course=officer_course, file=same_file, actor=officer_ha_tinh, filename="list.xlsx"
    ).batch
    assert other.sha256 == uploaded.sha256
    _replace(other, _stored(uploaded))
    assert cache.load_parsed(other) is None


def test_a_sheet_of_an_earlier_day_or_mapping_or_format_is_stale(uploaded, monkeypatch):
    assert cache.load_parsed(uploaded) is not None
    uploaded.mapping = {"H": "ignore"}
    assert cache.load_parsed(uploaded) is None
    uploaded.mapping = {}
    monkeypatch.setattr(cache, "FORMAT", cache.FORMAT + 1)
    assert cache.load_parsed(uploaded) is None
    monkeypatch.setattr(cache, "FORMAT", cache.FORMAT - 1)
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    monkeypatch.setattr(cache.timezone, "localdate", lambda: tomorrow)
    assert cache.load_parsed(uploaded) is None


def test_a_new_mapping_is_applied_and_kept(officer_client, officer_course, file_reads):
    upload(officer_client, officer_course, attendee_list(GOOD_ROWS))
    batch = batch_of(officer_course)
    form = officer_client.get(batch.get_absolute_url()).context["mapping_form"]
    data = {name: field.initial for name, field in form.fields.items()}
    assert data["col_H"] == "role"
    data["col_H"] = "ignore"
    file_reads.clear()
    assert officer_client.post(batch.get_absolute_url(), data).status_code == 302
    batch.refresh_from_db()
    kept = batch_preview(batch=batch, actor=None)
    assert file_reads == []  # the sheet kept at the upload, parsed with the new mapping, and kept
    assert {row.role for row in kept.rows if row.enrols} == {Enrolment.Role.TRAINEE}


def test_a_commit_that_fails_keeps_the_sheet_for_the_next_try(uploaded, officer_ha_tinh, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(commit, "insert_rows", broken)
    with pytest.raises(RuntimeError):
        import_commit(batch=uploaded, actor=officer_ha_tinh)
    uploaded.refresh_from_db()
    assert uploaded.status == ImportBatch.Status.PREVIEWED
    assert cache.load_parsed(uploaded) is not None


def test_discarding_a_list_deletes_its_sheet(uploaded, officer_ha_tinh):
    import_discard(batch=uploaded, actor=officer_ha_tinh)
    assert not uploaded.file.storage.exists(cache.cache_name(uploaded))


def test_the_error_report_of_a_list_in_preview_uses_the_kept_sheet(
    officer_client, officer_course, file_reads
):
    upload(officer_client, officer_course, attendee_list(GOOD_ROWS))
    batch = batch_of(officer_course)
    file_reads.clear()
    response = officer_client.get(
        reverse("trainings:import_error_report", args=[officer_course.pk, batch.pk])
    )
    assert response.status_code == 200 and file_reads == []


# --- The writes without model instances -------------------------------------------------------------------


def _many_rows(count: int) -> list[list]:
    """New women of Hà Tĩnh, enough for the writes to go through COPY on PostgreSQL."""
    rows = []
    for number in range(1, count + 1):
        name = f"Nguyễn Thị Hoà {chr(65 + number % 26)}{chr(97 + number // 26 % 26)}"
        birth = f"{1 + number % 28}/05/1985"
        rows.append([number, name, birth, "Nữ", f"0421850{number:05d}", "0912345678", "Hà Tĩnh", "Học viên"])
    return rows


def test_a_long_list_is_written_whole_with_its_values(officer_ha_tinh, officer_course, ha_tinh):
    officer_course.capacity = None
    officer_course.save()
    rows = _many_rows(COPY_THRESHOLD + 10)
    result = import_upload(course=officer_course, file=attendee_list(rows), actor=officer_ha_tinh)
    assert result.preview.counts["new"] == len(rows)
    import_commit(batch=result.batch, actor=officer_ha_tinh)
    people = Person.objects.filter(enrolments__course=officer_course)
    assert people.count() == len(rows) == Person.objects.count()
    first = people.get(citizen_id="042185000001")
    assert (first.full_name, first.search_key, first.province, first.created_by) == (
        "Nguyễn Thị Hoà Ba",
        "nguyen thi hoa ba",
        ha_tinh,
        officer_ha_tinh,
    )
    assert first.sort_key and first.birth_year == 1985 and first.phone == "0912345678"
    enrolment = first.enrolments.get()
    assert (enrolment.role, enrolment.status, enrolment.created_by) == (
        Enrolment.Role.TRAINEE,
        Enrolment.Status.REGISTERED,
        officer_ha_tinh,
    )


def test_an_interrupted_commit_of_a_long_list_leaves_nothing_behind(
    officer_ha_tinh, officer_course, monkeypatch
):
    officer_course.capacity = None
    officer_course.save()
    result = import_upload(
        course=officer_course, file=attendee_list(_many_rows(COPY_THRESHOLD + 10)), actor=officer_ha_tinh
    )
    write = commit.insert_rows

    def people_then_failure(model, *args, **kwargs):
        if model is Enrolment:
            assert Person.objects.count() == COPY_THRESHOLD + 10  # the people were written
            raise RuntimeError("the database went away")
        return write(model, *args, **kwargs)

    monkeypatch.setattr(commit, "insert_rows", people_then_failure)
    with pytest.raises(RuntimeError):
        import_commit(batch=result.batch, actor=officer_ha_tinh)
    assert not Person.objects.exists() and not Enrolment.objects.exists()
    result.batch.refresh_from_db()
    assert result.batch.status == ImportBatch.Status.PREVIEWED


def test_the_audit_trail_names_the_new_people_and_enrolments_without_a_query_each(
    uploaded, officer_ha_tinh, officer_course, monkeypatch, django_assert_max_num_queries
):
    given = {}
    log = commit.log_attendee_import

    def watched(**kwargs):
        given.update(kwargs)
        # The entries' inserts, whatever the number of rows: names come from the objects at hand.
        with django_assert_max_num_queries(4):
            log(**kwargs)

    monkeypatch.setattr(commit, "log_attendee_import", watched)
    import_commit(batch=uploaded, actor=officer_ha_tinh)
    new_people = [row.person for row in given["preview"].rows if row.outcome == "new"]
    assert {person.pk for person in new_people} == set(Person.objects.values_list("pk", flat=True))
    assert {enrolment.pk for enrolment in given["enrolments"]} == set(
        Enrolment.objects.values_list("pk", flat=True)
    )
    names = {
        model: set(
            LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model)).values_list(
                "object_repr", flat=True
            )
        )
        for model in (Person, Enrolment)
    }
    assert "Nguyễn Thị Hoà" in names[Person] and len(names[Person]) == len(new_people)
    assert f"Nguyễn Thị Hoà – {officer_course}" in names[Enrolment]
    assert all(name.endswith(f" – {officer_course}") for name in names[Enrolment])
