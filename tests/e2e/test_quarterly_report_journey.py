"""Journey: an administrator goes from the dashboard to the report form (period and scope prefilled),
writes the narrative, asks for the report, follows it through the background task and downloads the PDF;
a provincial officer then finds her province's report in the archive, and not the national one.

The task runs at once here (ImmediateBackend), but through the real path: the form's POST queues it on
commit, the page shows its status, the download goes through the permission-checking view.
"""

import datetime
import io

import pytest
from pypdf import PdfReader

from accounts.models import User
from reports.models import ReportRun
from tests.conftest import make_province, make_user
from tests.e2e.conftest import PHONE, log_in, screenshot
from tests.trainings.factories import CourseFactory, EnrolmentFactory, PersonFactory
from trainings.models import Course, Enrolment

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def cast(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    ha_tinh = make_province("42", "Tỉnh Hà Tĩnh")
    for _number in range(3):
        course = CourseFactory(
            province=ha_tinh,
            kind=Course.Kind.CLASS,
            status=Course.Status.HELD,
            start_date=datetime.date(2026, 8, 3),
        )
        for _person in range(2):
            EnrolmentFactory(
                course=course, person=PersonFactory(province=ha_tinh), status=Enrolment.Status.COMPLETED
            )
    return {
        "ha_tinh": ha_tinh,
        "admin": make_user("admin.root", User.Role.ADMIN),
        "officer": make_user("lan.hatinh", User.Role.OFFICER, ha_tinh),
    }


def test_an_administrator_goes_from_the_dashboard_to_a_downloaded_pdf(new_page, live_server, cast):
    page = new_page()
    log_in(page, live_server, "admin.root")
    page.goto(f"{live_server.url}/reports/provinces/{cast['ha_tinh'].pk}/?period=2026Q3")
    page.get_by_test_id("quarterly-report-link").click()
    page.wait_for_url("**/reports/quarterly/new/**")
    assert page.get_by_label("Kỳ báo cáo").input_value() == "2026Q3"
    assert page.get_by_label("Phạm vi").locator("option:checked").inner_text() == str(cast["ha_tinh"])
    page.get_by_label("Kết quả").fill("Tỉnh đã tổ chức 3 lớp bồi dưỡng cho cán bộ nữ.")
    screenshot(page, "quarterly-form-vi-desktop")

    page.get_by_test_id("issue-report").click()
    page.wait_for_url("**/reports/quarterly/*/")
    status = page.get_by_test_id("report-status")
    assert status.get_attribute("data-status") == "done"
    screenshot(page, "quarterly-detail-vi-desktop")

    with page.expect_download() as download_info:
        page.get_by_test_id("download-pdf").click()
    content = open(download_info.value.path(), "rb").read()  # noqa: SIM115 - read at once
    text = " ".join(" ".join(page_.extract_text() for page_ in PdfReader(io.BytesIO(content)).pages).split())
    run = ReportRun.objects.get()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert f"Số: {run.number}/BC-UBND" in text
    assert "Tỉnh đã tổ chức 3 lớp bồi dưỡng cho cán bộ nữ." in text
    assert "quý III năm 2026" in text

    page.get_by_test_id("main-nav").get_by_role("link", name="Báo cáo").click()
    assert page.get_by_test_id(f"report-row-{run.pk}").is_visible()
    screenshot(page, "quarterly-list-vi-desktop")


def test_an_officer_finds_her_provinces_report_on_a_phone_in_english(new_page, live_server, cast):
    ReportRun.objects.create(
        period="2026Q3",
        province=None,
        language="vi",
        number=1,
        number_year=2026,
        issuer="BỘ NỘI VỤ",
        issuer_abbreviation="BNV",
        place="Hà Nội",
        signer_title="BỘ TRƯỞNG",
        requested_by=cast["admin"],
    )
    mine = ReportRun.objects.create(
        period="2026Q3",
        province=cast["ha_tinh"],
        language="en",
        number=2,
        number_year=2026,
        issuer="ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH",
        issuer_abbreviation="UBND",
        place="Hà Tĩnh",
        signer_title="CHỦ TỊCH",
        requested_by=cast["admin"],
        progress=40,
        status=ReportRun.Status.RUNNING,
    )
    page = new_page(viewport=PHONE)
    log_in(page, live_server, "lan.hatinh")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    page.get_by_test_id("main-nav").get_by_role("link", name="Reports").click()
    page.wait_for_url("**/reports/quarterly/")
    assert page.get_by_test_id("new-report").count() == 0
    rows = page.get_by_test_id("report-archive").locator("tbody tr")
    assert rows.count() == 1
    screenshot(page, "quarterly-list-en-phone")
    rows.first.get_by_role("link").click()
    assert page.get_by_test_id("report-progress").get_attribute("value") == "40"
    assert page.locator('meta[http-equiv="refresh"]').count() == 1
    screenshot(page, "quarterly-detail-en-phone")
    assert page.get_by_test_id("download-pdf").count() == 0
    response = page.goto(f"{live_server.url}/reports/quarterly/{mine.pk - 1}/")
    assert response.status == 404
