"""Journey 1, the attendee list: upload a messy list → preview → fix a column → commit → history →
error report."""

import datetime
import io

import openpyxl
import pytest

from accounts.models import User
from directory.models import Person
from tests.conftest import make_province, make_user
from tests.e2e.conftest import log_in, screenshot
from tests.importing.builders import SIGNATURE_BLOCK, TITLE_LINES, xlsx_bytes
from trainings.models import Course, Enrolment, ImportBatch

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def course(transactional_db):
    ha_tinh = make_province("42", "Tỉnh Hà Tĩnh")
    make_user("lan.hatinh", User.Role.OFFICER, ha_tinh, last_name="Nguyễn Thị", first_name="Lan")
    return Course.objects.create(
        title="Lớp kỹ năng lãnh đạo cho cán bộ nữ",
        start_date=datetime.date(2026, 7, 15),
        end_date=datetime.date(2026, 7, 15),
        duration=1,
        province=ha_tinh,
        unit=ha_tinh,
        capacity=40,
    )


def messy_list() -> bytes:
    # "Mã định danh" is not a header the import knows: the officer maps it to the ID number by hand.
    header = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Mã định danh", "Tỉnh/Thành phố"]
    rows = [
        [1, "Nguyễn Thị Hoà", datetime.datetime(1985, 5, 16), "Nữ", 42185000123, "Hà Tĩnh"],
        [2, "TRẦN THỊ BÍCH", "02/03/1990", "nữ", "042190000456", "Hà Tĩnh"],
        [3, "Lê Thị Mai", "31/02/1979", "Nữ", None, "Hà Tĩnh"],
    ]
    return xlsx_bytes([*TITLE_LINES, header, *rows, *SIGNATURE_BLOCK])


def test_an_officer_imports_an_attendee_list(page, live_server, course, tmp_path):
    log_in(page, live_server, "lan.hatinh")
    page.goto(f"{live_server.url}{course.get_absolute_url()}")
    page.get_by_test_id("course-import").click()
    page.wait_for_url(f"{live_server.url}/trainings/courses/{course.pk}/imports/")

    path = tmp_path / "danh-sach-hoc-vien.xlsx"
    path.write_bytes(messy_list())
    page.get_by_test_id("import-file").set_input_files(str(path))
    page.get_by_test_id("import-upload").click()
    page.wait_for_url(f"{live_server.url}/trainings/courses/{course.pk}/imports/*/")
    batch = ImportBatch.objects.get()
    screenshot(page, "import-preview-vi")
    assert page.get_by_test_id("count-new").inner_text() == "2"
    assert page.get_by_test_id("count-errors").inner_text() == "1"

    # Column E holds the ID numbers: map it and see the preview computed again.
    page.get_by_test_id("mapping-E").select_option("citizen_id")
    page.get_by_test_id("import-apply-mapping").click()
    page.wait_for_load_state()
    batch.refresh_from_db()
    assert batch.mapping["E"] == "citizen_id"

    # One row has an impossible date: import the other two and leave it out.
    page.get_by_test_id("import-skip-errors").check()
    page.get_by_test_id("import-commit").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("import-status").inner_text()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED
    assert Enrolment.objects.filter(course=course).count() == 2
    assert Person.objects.get(given_name="Hoà").citizen_id == "042185000123"
    page.get_by_test_id("import-skipped-rows").wait_for()

    # The history lists the import; its error report names the problem row.
    page.goto(f"{live_server.url}/trainings/courses/{course.pk}/imports/")
    history = page.get_by_test_id(f"import-batch-{batch.pk}")
    history.wait_for()
    with page.expect_download() as download_info:
        history.get_by_test_id("import-error-report").click()
    report = download_info.value.path()
    table = list(openpyxl.load_workbook(io.BytesIO(report.read_bytes())).active.values)
    problem_rows = [row for row in table[1:] if row[-1]]
    assert len(problem_rows) == 1 and "Lê Thị Mai" in problem_rows[0]
    screenshot(page, "import-history-vi")
