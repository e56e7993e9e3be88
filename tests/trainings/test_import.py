"""The attendee import of a course: upload → preview → mapping → commit → history → error report.

Lists are built in each test with openpyxl (tests/importing/builders.py), messy the way offices send them.
"""

import io
import json
import unicodedata
from datetime import datetime

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from directory.models import Person
from tests.importing.builders import (
    SIGNATURE_BLOCK,
    TITLE_LINES,
    csv_bytes,
    encrypted_workbook,
    xlsx_bytes,
    zip_bomb,
)
from tests.trainings.factories import CourseFactory, EnrolmentFactory, PersonFactory
from trainings.imports.commit import ImportRefused, import_commit, import_upload
from trainings.imports.preview import RowOutcome, build_preview
from trainings.models import Course, Enrolment, ImportBatch

pytestmark = pytest.mark.usefixtures("english")

HEADER = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số CCCD",
    "Số điện thoại",
    "Tỉnh/Thành phố",
    "Vai trò",
]


def attendee_list(rows, *, header=HEADER, titles=True) -> bytes:
    lines = [*(TITLE_LINES if titles else []), header, *rows, *(SIGNATURE_BLOCK if titles else [])]
    return xlsx_bytes(lines)


# Women of Hà Tĩnh: ID numbers that lost their leading zero, an NFD name, a date typed as text.
GOOD_ROWS = [
    [1, "Nguyễn Thị Hoà", datetime(1985, 5, 16), "Nữ", 42185000123, 912345678, "Hà Tĩnh", "Học viên"],
    [
        2,
        unicodedata.normalize("NFD", "Trần Thị Bích"),
        "02/03/1990",
        "nữ",
        "042190000456",
        "0987654321",
        "Hà Tĩnh",
        "",
    ],
    [3, "LÊ THỊ MAI", "1979", "Nữ", None, None, None, "Giảng viên"],
]


def upload(client, course, content: bytes, name: str = "danh-sach.xlsx"):
    return client.post(
        reverse("trainings:import_list", args=[course.pk]), {"file": _named(content, name)}, follow=False
    )


def _named(content: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def batch_of(course) -> ImportBatch:
    return ImportBatch.objects.filter(course=course).latest("pk")


@pytest.fixture
def officer_course(ha_tinh):
    return CourseFactory(
        title="Lớp kỹ năng lãnh đạo", province=ha_tinh, unit=ha_tinh, capacity=40, code="HT-2026-1"
    )


# --- The good path ---------------------------------------------------------------------------------------


def test_an_officer_uploads_a_list_previews_it_and_commits_it(
    officer_client, officer_ha_tinh, officer_course, ha_tinh
):
    response = upload(officer_client, officer_course, attendee_list(GOOD_ROWS))
    batch = batch_of(officer_course)
    assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()
    assert batch.status == ImportBatch.Status.PREVIEWED and batch.uploaded_by == officer_ha_tinh
    assert batch.file and batch.sha256 and batch.counts["new"] == 3
    assert not Person.objects.exists()  # a preview writes nothing but the batch

    page = officer_client.get(batch.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "Leading zero" in html or "zero" in html  # repairs are shown
    assert 'data-outcome="new"' in html

    response = officer_client.post(reverse("trainings:import_commit", args=[officer_course.pk, batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert (
        batch.status == ImportBatch.Status.COMMITTED and batch.committed_at and batch.counts["enrolled"] == 3
    )
    people = {person.full_name: person for person in Person.objects.all()}
    assert set(people) == {"Nguyễn Thị Hoà", "Trần Thị Bích", "Lê Thị Mai"}
    assert people["Nguyễn Thị Hoà"].citizen_id == "042185000123"
    assert people["Nguyễn Thị Hoà"].phone == "0912345678"
    assert all(person.province == ha_tinh for person in people.values())
    roles = dict(Enrolment.objects.filter(course=officer_course).values_list("person__given_name", "role"))
    assert roles == {"Hoà": "trainee", "Bích": "trainee", "Mai": "trainer"}

    history = officer_client.get(reverse("trainings:import_list", args=[officer_course.pk]))
    assert f"import-batch-{batch.pk}" in history.content.decode()


def test_importing_the_same_file_twice_enrols_nobody_twice(officer_ha_tinh, officer_course):
    content = attendee_list(GOOD_ROWS)
    first = import_upload(course=officer_course, file=content, actor=officer_ha_tinh, filename="a.xlsx")
    import_commit(batch=first.batch, actor=officer_ha_tinh)
    second = import_upload(course=officer_course, file=content, actor=officer_ha_tinh, filename="a.xlsx")
    assert second.preview.counts["already_enrolled"] == 3 and second.preview.counts["new"] == 0
    import_commit(batch=second.batch, actor=officer_ha_tinh)
    assert Person.objects.count() == 3
    assert Enrolment.objects.filter(course=officer_course).count() == 3


def test_a_commit_is_refused_the_second_time(officer_ha_tinh, officer_course):
    result = import_upload(course=officer_course, file=attendee_list(GOOD_ROWS), actor=officer_ha_tinh)
    import_commit(batch=result.batch, actor=officer_ha_tinh)
    with pytest.raises(ImportRefused, match="already been imported"):
        import_commit(batch=result.batch, actor=officer_ha_tinh)
    assert Enrolment.objects.count() == 3


def test_an_interrupted_commit_leaves_nothing_behind(officer_ha_tinh, officer_course, monkeypatch):
    result = import_upload(course=officer_course, file=attendee_list(GOOD_ROWS), actor=officer_ha_tinh)

    def broken_bulk_create(*args, **kwargs):
        assert Person.objects.count() == 3  # the people were inserted
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Enrolment.objects, "bulk_create", broken_bulk_create)
    with pytest.raises(RuntimeError):
        import_commit(batch=result.batch, actor=officer_ha_tinh)
    assert not Person.objects.exists()
    assert not Enrolment.objects.exists()
    result.batch.refresh_from_db()
    assert result.batch.status == ImportBatch.Status.PREVIEWED and result.batch.committed_at is None


# --- Outcomes ------------------------------------------------------------------------------------------


def test_every_outcome_is_previewed(officer_ha_tinh, officer_course, ha_tinh, nghe_an):
    enrolled = PersonFactory(
        family_name="Phạm",
        middle_name="Thị",
        given_name="Lan",
        citizen_id="042188000001",
        gender="female",
        birth_date=datetime(1988, 1, 1).date(),
        province=ha_tinh,
    )
    EnrolmentFactory(course=officer_course, person=enrolled)
    PersonFactory(
        family_name="Võ",
        middle_name="Thị",
        given_name="Hạnh",
        citizen_id="042187000002",
        gender="female",
        birth_date=datetime(1987, 2, 2).date(),
        province=ha_tinh,
        phone="",
    )
    PersonFactory(
        family_name="Đỗ",
        middle_name="Thị",
        given_name="Yến",
        citizen_id="042186000003",
        gender="female",
        birth_date=datetime(1986, 3, 3).date(),
        province=ha_tinh,
        phone="0911111111",
    )
    rows = [
        [1, "Nguyễn Thị Hoà", datetime(1985, 5, 16), "Nữ", 42185000123, None, "Hà Tĩnh", ""],
        [2, "Phạm Thị Lan", datetime(1988, 1, 1), "Nữ", "042188000001", None, None, ""],
        [3, "Võ Thị Hạnh", datetime(1987, 2, 2), "Nữ", "042187000002", "0922222222", None, ""],
        [4, "Đỗ Thị Yến", datetime(1986, 3, 3), "Nữ", "042186000003", None, None, ""],
        [],
        [5, "Hoàng Thị Ngân", "31/02/1990", "Nữ", None, None, None, ""],
        [6, "Bùi Thị Thảo", datetime(1991, 4, 4), "Nữ", None, None, "Nghệ An", ""],
        [7, "Trần Văn Nam", datetime(1980, 1, 1), "Nam", "042186000003", None, None, ""],
        [8, "Lý Thị Dung", datetime(1992, 5, 5), "Nữ", None, None, None, "bí thư"],
    ]
    preview = build_preview(course=officer_course, actor=officer_ha_tinh, file=attendee_list(rows))
    outcomes = {row.sheet_row: row.outcome for row in preview.rows if row.outcome != RowOutcome.SKIPPED}
    first = min(outcomes)
    assert [outcomes[first + offset] for offset in (0, 1, 2, 3)] == [
        RowOutcome.NEW,
        RowOutcome.ALREADY_ENROLLED,
        RowOutcome.UPDATED,
        RowOutcome.MATCHED,
    ]
    assert RowOutcome.SKIPPED in {row.outcome for row in preview.rows}
    errors = {row.sheet_row: row for row in preview.error_rows}
    assert len(errors) == 4  # a bad date, another province, an ID of someone else, an unknown role
    messages = " ".join(issue.message for row in errors.values() for issue in row.problems)
    assert "Nghệ An" in messages and "own province" in messages
    assert "is not a role" in messages
    updated = next(row for row in preview.rows if row.outcome == RowOutcome.UPDATED)
    assert [change.field for change in updated.changes] == ["phone"]
    # Each problem names its column.
    bad_date = errors[first + 5]
    assert bad_date.problems[0].column == "C"
    assert not preview.importable and preview.can_commit(skip_errors=True)


def test_a_namesake_with_a_conflicting_birth_is_flagged_not_merged(officer_ha_tinh, officer_course, ha_tinh):
    PersonFactory(
        family_name="Nguyễn",
        middle_name="Thị",
        given_name="Hoà",
        citizen_id="042185000123",
        gender="female",
        birth_date=datetime(1984, 1, 1).date(),
        province=ha_tinh,
    )
    rows = [[1, "Nguyễn Thị Hoà", datetime(1985, 5, 16), "Nữ", "042185000123", None, None, ""]]
    preview = build_preview(course=officer_course, actor=officer_ha_tinh, file=attendee_list(rows))
    (row,) = preview.error_rows
    assert "recorded as born 01/01/1984" in row.problems[0].message
    with pytest.raises(ImportRefused):
        result = import_upload(course=officer_course, file=attendee_list(rows), actor=officer_ha_tinh)
        import_commit(batch=result.batch, actor=officer_ha_tinh)
    assert Person.objects.count() == 1 and not Enrolment.objects.exists()


def test_error_rows_block_the_commit_unless_skipped_and_are_then_listed(officer_client, officer_course):
    rows = [*GOOD_ROWS, [4, "Hoàng Thị Ngân", "31/02/1990", "Nữ", None, None, None, ""]]
    upload(officer_client, officer_course, attendee_list(rows))
    batch = batch_of(officer_course)
    commit_url = reverse("trainings:import_commit", args=[officer_course.pk, batch.pk])
    officer_client.post(commit_url)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEWED and not Enrolment.objects.exists()

    officer_client.post(commit_url, {"skip_errors": "on"})
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED
    assert Enrolment.objects.count() == 3
    (skipped,) = batch.skipped_rows
    assert skipped["row"] == len(TITLE_LINES) + 5
    assert set(skipped["problems"][0]["messages"]) == {"vi", "en"}
    result = officer_client.get(batch.get_absolute_url()).content.decode()
    assert ("import-skipped-rows" in result and "Hoàng" not in result) or "Row" in result


def test_a_full_course_refuses_the_whole_list(officer_ha_tinh, officer_course):
    officer_course.capacity = 1
    officer_course.save()
    result = import_upload(course=officer_course, file=attendee_list(GOOD_ROWS), actor=officer_ha_tinh)
    # Two learners: the trainer of row 3 takes no place.
    assert (
        "The course is full: 0 of 1 places are taken, and this list would enrol 2 more"
        in result.preview.course_messages[0]
    )
    with pytest.raises(ImportRefused, match="full"):
        import_commit(batch=result.batch, actor=officer_ha_tinh, skip_errors=True)
    assert not Person.objects.exists()


def test_a_cancelled_course_takes_no_list(officer_ha_tinh, officer_course):
    officer_course.status = Course.Status.CANCELLED
    officer_course.save()
    result = import_upload(course=officer_course, file=attendee_list(GOOD_ROWS), actor=officer_ha_tinh)
    with pytest.raises(ImportRefused, match="cancelled"):
        import_commit(batch=result.batch, actor=officer_ha_tinh)


# --- Mapping --------------------------------------------------------------------------------------------


def test_a_column_can_be_mapped_by_hand(officer_client, officer_course):
    header = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Mã định danh", "Tỉnh/Thành phố"]
    rows = [[1, "Nguyễn Thị Hoà", datetime(1985, 5, 16), "Nữ", "042185000123", "Hà Tĩnh"]]
    upload(officer_client, officer_course, attendee_list(rows, header=header))
    batch = batch_of(officer_course)
    page = officer_client.get(batch.get_absolute_url())
    form = page.context["mapping_form"]
    data = {name: field.initial for name, field in form.fields.items()}
    assert data["col_E"] == "ignore"
    data["col_E"] = "citizen_id"
    response = officer_client.post(batch.get_absolute_url(), data)
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.mapping["E"] == "citizen_id"
    officer_client.post(reverse("trainings:import_commit", args=[officer_course.pk, batch.pk]))
    assert Person.objects.get().citizen_id == "042185000123"


def test_two_columns_mapped_to_one_field_are_refused(officer_client, officer_course):
    upload(officer_client, officer_course, attendee_list(GOOD_ROWS))
    batch = batch_of(officer_course)
    form = officer_client.get(batch.get_absolute_url()).context["mapping_form"]
    data = {name: field.initial for name, field in form.fields.items()}
    data["col_F"] = "citizen_id"
    response = officer_client.post(batch.get_absolute_url(), data)
    assert response.status_code == 200 and "both mapped" in response.content.decode()


# --- Bad files ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"%PDF-1.4 not a list", "not a spreadsheet"),
        (encrypted_workbook(), "password"),
        (zip_bomb(inflated_mb=300), ""),
        (xlsx_bytes([]), "empty"),
        (xlsx_bytes([["Báo cáo quý"], ["Số lượng", 3]]), "No row of column titles"),
        (xlsx_bytes([HEADER]), "no rows of people"),
    ],
    ids=["not-a-spreadsheet", "encrypted", "zip-bomb", "empty", "no-header", "header-only"],
)
def test_a_bad_file_is_refused_with_a_message_and_nothing_is_written(
    officer_client, officer_course, content, expected
):
    response = upload(officer_client, officer_course, content, name="list.xlsx")
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert errors and expected.lower() in errors[0].lower()
    batch = batch_of(officer_course)
    assert batch.status == ImportBatch.Status.FAILED and not batch.file
    assert not Person.objects.exists() and not Enrolment.objects.exists()


def test_a_file_over_the_size_limit_is_refused(officer_client, officer_course, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1000
    response = upload(officer_client, officer_course, attendee_list(GOOD_ROWS))
    assert "too large" in response.context["form"].errors["file"][0].lower() or "MB" in str(
        response.context["form"].errors
    )
    assert not Person.objects.exists()


def test_a_list_with_too_many_rows_is_refused(officer_client, officer_course, settings):
    settings.IMPORT_MAX_ROWS = 2
    response = upload(officer_client, officer_course, attendee_list(GOOD_ROWS))
    assert "rows" in response.context["form"].errors["file"][0]
    assert batch_of(officer_course).status == ImportBatch.Status.FAILED


def test_a_csv_list_is_imported_too(officer_ha_tinh, officer_course):
    content = csv_bytes(
        [HEADER, [1, "Nguyễn Thị Hoà", "16/05/1985", "Nữ", "042185000123", "", "Hà Tĩnh", ""]], bom=True
    )
    result = import_upload(course=officer_course, file=content, actor=officer_ha_tinh, filename="list.csv")
    assert result.error is None and result.preview.counts["new"] == 1


# --- Error report, file, template, export ---------------------------------------------------------------


def test_the_error_report_holds_the_rows_with_a_problems_column(officer_client, officer_course):
    rows = [*GOOD_ROWS, [4, "Hoàng Thị Ngân", "31/02/1990", "Nữ", 42190000789, None, None, ""]]
    upload(officer_client, officer_course, attendee_list(rows))
    batch = batch_of(officer_course)
    response = officer_client.get(
        reverse("trainings:import_error_report", args=[officer_course.pk, batch.pk])
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    table = list(sheet.values)
    assert table[0][0] == "Row in the file" and table[0][-1] == "Problems"
    assert len(table) == 1 + 4
    bad = table[-1]
    assert "Column C" in bad[-1]
    assert bad[5] == "042190000789"  # the ID as text, its zero restored
    assert all(not row[-1] for row in table[1:4])


def test_the_error_report_of_an_imported_batch_lists_the_skipped_rows(
    officer_ha_tinh, officer_client, officer_course
):
    rows = [*GOOD_ROWS, [4, "Hoàng Thị Ngân", "31/02/1990", "Nữ", None, None, None, ""]]
    result = import_upload(course=officer_course, file=attendee_list(rows), actor=officer_ha_tinh)
    import_commit(batch=result.batch, actor=officer_ha_tinh, skip_errors=True)
    response = officer_client.get(
        reverse("trainings:import_error_report", args=[officer_course.pk, result.batch.pk])
    )
    table = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert "Column C" in table[-1][-1]


def test_the_original_file_is_kept_and_downloadable(officer_client, officer_course):
    content = attendee_list(GOOD_ROWS)
    upload(officer_client, officer_course, content)
    batch = batch_of(officer_course)
    response = officer_client.get(reverse("trainings:import_file", args=[officer_course.pk, batch.pk]))
    assert b"".join(response.streaming_content) == content


def test_the_template_has_text_id_columns_and_drop_down_lists(officer_client, officer_course, ha_tinh):
    response = officer_client.get(reverse("trainings:import_template", args=[officer_course.pk]))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook["Danh sách"]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:3] == ["STT", "Họ và tên", "Ngày sinh"]
    assert sheet["F5"].number_format == "@" and sheet["G5"].number_format == "@"
    lists = {
        str(validation.sqref): validation.formula1 for validation in sheet.data_validations.dataValidation
    }
    assert {"D2:D1001", "E2:E1001", "K2:K1001", "L2:L1001"} <= set(lists)
    assert workbook["Danh mục"].sheet_state == "hidden"
    # The template comes back through the import as it is.
    preview = build_preview(course=officer_course, actor=None, file=response.content)
    assert {column.field for column in preview.sheet.header.columns} >= {"full_name", "citizen_id", "role"}


def test_the_participants_export_keeps_ids_as_text_and_defuses_formulas(
    officer_client, officer_course, ha_tinh
):
    person = PersonFactory(
        family_name="Nguyễn",
        middle_name="Thị",
        given_name="Hoà",
        citizen_id="042185000123",
        province=ha_tinh,
        position='=HYPERLINK("http://evil")',
    )
    EnrolmentFactory(course=officer_course, person=person)
    xlsx = officer_client.get(reverse("trainings:participants_export", args=[officer_course.pk, "xlsx"]))
    table = list(openpyxl.load_workbook(io.BytesIO(xlsx.content)).active.values)
    assert table[0][0] == "Full name"
    assert table[1][4] == "042185000123"
    assert table[1][7].startswith("'=")
    csv = officer_client.get(reverse("trainings:participants_export", args=[officer_course.pk, "csv"]))
    assert csv.content.startswith(b"\xef\xbb\xbf") and "Nguyễn Thị Hoà" in csv.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv.content.decode("utf-8-sig")


# --- Scope ----------------------------------------------------------------------------------------------


def test_another_province_s_course_and_batches_are_404_everywhere(
    other_officer_client, officer_ha_tinh, officer_course
):
    result = import_upload(course=officer_course, file=attendee_list(GOOD_ROWS), actor=officer_ha_tinh)
    course, batch = officer_course.pk, result.batch.pk
    urls = [
        reverse("trainings:import_list", args=[course]),
        reverse("trainings:import_preview", args=[course, batch]),
        reverse("trainings:import_file", args=[course, batch]),
        reverse("trainings:import_error_report", args=[course, batch]),
        reverse("trainings:import_template", args=[course]),
        reverse("trainings:participants_export", args=[course, "xlsx"]),
    ]
    for url in urls:
        assert other_officer_client.get(url).status_code == 404, url
    assert (
        other_officer_client.post(reverse("trainings:import_commit", args=[course, batch])).status_code == 404
    )
    response = other_officer_client.post(
        reverse("trainings:import_list", args=[course]), {"file": _named(attendee_list(GOOD_ROWS), "a.xlsx")}
    )
    assert response.status_code == 404
    assert not Enrolment.objects.exists()


def test_an_officer_cannot_import_into_a_national_course(officer_client, national_course):
    response = officer_client.post(
        reverse("trainings:import_list", args=[national_course.pk]),
        {"file": _named(attendee_list(GOOD_ROWS), "a.xlsx")},
    )
    assert response.status_code == 404


def test_ministry_staff_import_into_any_course(ministry_client, officer_course):
    upload(ministry_client, officer_course, attendee_list(GOOD_ROWS))
    batch = batch_of(officer_course)
    ministry_client.post(reverse("trainings:import_commit", args=[officer_course.pk, batch.pk]))
    assert Enrolment.objects.filter(course=officer_course).count() == 3


def test_the_preview_page_makes_a_fixed_number_of_queries(
    officer_client, officer_course, django_assert_max_num_queries
):
    upload(officer_client, officer_course, attendee_list(GOOD_ROWS * 1))
    batch = batch_of(officer_course)
    # Session, user, batch with its course, enrolled people, matching (IDs recorded, namesakes), provinces
    # and ethnic groups (once per process or test), capacity count.
    with django_assert_max_num_queries(12):
        response = officer_client.get(batch.get_absolute_url())
    assert response.status_code == 200


# --- Command line -----------------------------------------------------------------------------------------


def test_the_command_previews_without_writing_and_commits_with_commit(officer_course, tmp_path, capsys):
    path = tmp_path / "list.xlsx"
    path.write_bytes(attendee_list(GOOD_ROWS))
    with pytest.raises(SystemExit) as exit_status:
        call_command("import_attendees", str(path), "--course", "HT-2026-1", "--json")
    assert exit_status.value.code == 0
    document = json.loads(capsys.readouterr().out)
    assert document["importable"] and document["counts"]["new"] == 3
    assert [row["outcome"] for row in document["rows"] if row["outcome"] != "skipped"] == ["new"] * 3
    assert not Person.objects.exists()

    with pytest.raises(SystemExit) as exit_status:
        call_command("import_attendees", str(path), "--course", str(officer_course.pk), "--commit")
    assert exit_status.value.code == 0
    assert Enrolment.objects.filter(course=officer_course).count() == 3
    assert ImportBatch.objects.get(status=ImportBatch.Status.COMMITTED).course == officer_course


def test_the_command_exits_1_for_errors_and_2_for_an_unreadable_file_or_course(
    officer_course, tmp_path, capsys
):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(attendee_list([[1, "Hoàng Thị Ngân", "31/02/1990", "Nữ", None, None, None, ""]]))
    with pytest.raises(SystemExit) as exit_status:
        call_command("import_attendees", str(bad), "--course", "HT-2026-1", "--commit")
    assert exit_status.value.code == 1
    assert not Person.objects.exists()
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"%PDF-1.4")
    with pytest.raises(SystemExit) as exit_status:
        call_command("import_attendees", str(junk), "--course", "HT-2026-1")
    assert exit_status.value.code == 2
    with pytest.raises(SystemExit) as exit_status:
        call_command("import_attendees", str(bad), "--course", "NO-SUCH")
    assert exit_status.value.code == 2


@pytest.mark.parametrize(
    ("written", "role"),
    [("Học viên cốt cán", "core_trainee"), ("học viên nòng cốt", "core_trainee"), ("HV", "trainee")],
)
def test_the_role_column_reads_the_apps_own_words_and_the_usual_ones(written, role):
    from trainings.imports.fields import clean_role

    assert clean_role(written).value == role


def test_an_oversized_upload_is_refused_before_it_is_read(officer_client, officer_course, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1000
    upload(officer_client, officer_course, attendee_list(GOOD_ROWS))
    batch = batch_of(officer_course)
    # Refused on the upload's size: nothing read, nothing stored, the reason kept in the history.
    assert batch.status == ImportBatch.Status.FAILED and batch.size == 0 and not batch.file
    assert batch.error["code"] == "too_large"


def test_an_alumna_of_cell_too_long_for_its_column_is_an_error_not_cut_short(officer_ha_tinh, officer_course):
    header = [*HEADER, "Cựu học viên"]
    long_text = "Chương trình " + "Phụ nữ lãnh đạo " * 10  # 173 characters, the column takes 120
    rows = [
        [*GOOD_ROWS[0], long_text],
        [2, "Phạm Thị Lan", datetime(1988, 1, 1), "Nữ", "042188000001", None, None, "", "WILJ"],
    ]
    content = attendee_list(rows, header=header)
    preview = build_preview(course=officer_course, actor=officer_ha_tinh, file=content)
    (error,) = preview.error_rows
    (problem,) = error.problems
    assert problem.column == "I" and "too long" in problem.message and "at most 120" in problem.message
    result = import_upload(course=officer_course, file=content, actor=officer_ha_tinh)
    import_commit(batch=result.batch, actor=officer_ha_tinh, skip_errors=True)
    # The row that fits is enrolled as written; the other is left out and listed, never shortened.
    assert list(Enrolment.objects.values_list("alumna_of", flat=True)) == ["WILJ"]
    result.batch.refresh_from_db()
    assert [row["row"] for row in result.batch.skipped_rows] == [error.sheet_row]


def test_a_preview_leaves_the_cycle_collector_running_even_when_the_file_is_refused(
    officer_ha_tinh, officer_course
):
    import gc

    from directory.importing.issues import SpreadsheetError

    assert gc.isenabled()
    build_preview(course=officer_course, actor=officer_ha_tinh, file=attendee_list(GOOD_ROWS))
    assert gc.isenabled()
    with pytest.raises(SpreadsheetError):
        build_preview(course=officer_course, actor=officer_ha_tinh, file=b"%PDF-1.4 not a list")
    assert gc.isenabled()
