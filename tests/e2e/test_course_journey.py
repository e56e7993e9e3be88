"""Journey 1 (the officer's course): create a class, enrol people, take attendance, print a certificate."""

import datetime

import pytest

from accounts.models import User
from directory.models import Person
from tests.conftest import make_province, make_user
from tests.e2e.conftest import PHONE, log_in, screenshot
from trainings.models import Course, Enrolment

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def cast(transactional_db):
    ha_tinh = make_province("42", "Tỉnh Hà Tĩnh")
    make_user("lan.hatinh", User.Role.OFFICER, ha_tinh, last_name="Nguyễn Thị", first_name="Lan")
    people = [
        Person.objects.create(
            family_name="Nguyễn", middle_name="Thị", given_name="Hoà", gender="female", birth_year=1984,
            province=ha_tinh,
        ),
        Person.objects.create(
            family_name="Trần", middle_name="Thị", given_name="Bích", gender="female", birth_year=1990,
            province=ha_tinh,
        ),
    ]  # fmt: skip
    return {"province": ha_tinh, "people": people}


def test_an_officer_creates_a_class_enrols_takes_attendance_and_prints_a_certificate(page, live_server, cast):
    log_in(page, live_server, "lan.hatinh")

    # Create the class: a two-day provincial class that completes when every session is attended.
    page.goto(f"{live_server.url}/trainings/courses/new/")
    page.fill("#id_title", "Lớp tập huấn bình đẳng giới cho cán bộ nữ dự nguồn")
    page.select_option("#id_kind", Course.Kind.CLASS)
    page.fill("#id_start_date", "15/07/2026")
    page.fill("#id_end_date", "16/07/2026")
    page.fill("#id_capacity", "40")
    page.select_option("#id_completion_rule", Course.CompletionRule.ALL_SESSIONS)
    screenshot(page, "course-form-vi-desktop")
    page.locator("form.grid-form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/trainings/courses/*/")
    course = Course.objects.get(title__startswith="Lớp tập huấn bình đẳng giới")
    assert course.province == cast["province"] and course.sessions.count() == 2

    # Enrol both women, found by a search typed without diacritics.
    for query in ["nguyen thi hoa", "tran bich"]:
        page.goto(f"{live_server.url}/trainings/courses/{course.pk}/enrol/?q={query}")
        page.locator("ul.results li").first.locator("button[type=submit]").click()
        page.wait_for_load_state()
    assert Enrolment.objects.filter(course=course).count() == 2

    # Attendance: everyone came to both sessions, so both complete the course.
    page.goto(f"{live_server.url}/trainings/courses/{course.pk}/attendance/")
    screenshot(page, "attendance-vi-desktop")
    page.locator("button[name=everyone]").click()
    page.wait_for_load_state()
    enrolment = Enrolment.objects.get(course=course, person=cast["people"][0])
    assert enrolment.status == Enrolment.Status.COMPLETED

    # The certificate downloads from the course page as a PDF.
    page.goto(f"{live_server.url}/trainings/courses/{course.pk}/")
    with page.expect_download() as download_info:
        page.get_by_test_id(f"certificate-{enrolment.pk}").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    enrolment.refresh_from_db()
    assert enrolment.certificate_number.startswith("WL-2026-")


def test_the_course_page_reads_well_on_a_phone(new_page, live_server, cast):
    course = Course.objects.create(
        title="Lớp 3: Bình đẳng giới cho cán bộ nữ dự nguồn",
        kind=Course.Kind.CLASS,
        start_date=datetime.date(2026, 7, 15),
        end_date=datetime.date(2026, 7, 16),
        duration=2,
        unit=cast["province"],
        province=cast["province"],
    )
    page = new_page(viewport=PHONE)
    log_in(page, live_server, "lan.hatinh")
    page.goto(f"{live_server.url}/trainings/courses/{course.pk}/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Lớp 3")
    # Nothing wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "course-vi-phone")
