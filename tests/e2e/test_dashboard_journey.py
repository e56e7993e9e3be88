"""Journey: ministry staff read the national dashboard, filter it, open a province and follow a figure to
its list; a provincial officer lands on her province's dashboard and cannot open another's.

Translations of these pages come later, so elements are found by test id and by URL, not by label.
"""

import datetime

import pytest

from accounts.models import User
from directory.models import AdministrativeUnit
from tests.conftest import make_province, make_user
from tests.e2e.conftest import log_in, screenshot
from tests.trainings.factories import CourseFactory, EnrolmentFactory, PersonFactory
from trainings.models import Course, Enrolment

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def cast(transactional_db):
    ha_tinh = make_province("42", "Tỉnh Hà Tĩnh")
    nghe_an = make_province("40", "Tỉnh Nghệ An")
    make_province("79", "Thành phố Hồ Chí Minh", AdministrativeUnit.Kind.CITY)
    for province, count, start in (
        (ha_tinh, 3, datetime.date(2026, 2, 10)),
        (nghe_an, 2, datetime.date(2026, 5, 4)),
    ):
        for number in range(count):
            course = CourseFactory(
                province=province,
                kind=Course.Kind.CLASS if number else Course.Kind.WORKSHOP,
                status=Course.Status.HELD,
                start_date=start,
            )
            for _person in range(2):
                EnrolmentFactory(
                    course=course, person=PersonFactory(province=province), status=Enrolment.Status.COMPLETED
                )
    return {
        "ha_tinh": ha_tinh,
        "nghe_an": nghe_an,
        "ministry": make_user("hoa.ministry", User.Role.MINISTRY),
        "officer": make_user("lan.hatinh", User.Role.OFFICER, ha_tinh),
    }


def figure(page, name: str) -> str:
    return page.get_by_test_id(f"figure-{name}").locator("strong").inner_text()


def test_ministry_staff_filter_the_dashboards_and_follow_a_figure_to_its_list(page, live_server, cast):
    log_in(page, live_server, "hoa.ministry")
    page.get_by_test_id("main-nav").locator("a[href='/reports/']").click()
    page.wait_for_url(f"{live_server.url}/reports/")
    assert figure(page, "courses-held") == "5"
    assert figure(page, "people") == "10"
    assert page.locator("svg.pygal-chart").count() >= 2
    assert page.get_by_test_id("ranking-row").count() == 2
    screenshot(page, "dashboard-national")

    page.locator("#id_period").fill("2026Q1")
    page.get_by_test_id("filter-submit").click()
    page.wait_for_url("**/reports/?period=2026Q1*")
    assert figure(page, "courses-held") == "3"

    page.locator("#id_kind").select_option("class")
    page.get_by_test_id("filter-submit").click()
    page.wait_for_url("**kind=class*")
    assert figure(page, "courses-held") == "2"

    page.get_by_test_id(f"province-link-{cast['ha_tinh'].pk}").click()
    page.wait_for_url(f"**/reports/provinces/{cast['ha_tinh'].pk}/*")
    assert figure(page, "people") == "6"
    screenshot(page, "dashboard-province")

    page.get_by_test_id("figure-courses-held").click()
    page.wait_for_url("**/trainings/courses/?*")
    assert f"province={cast['ha_tinh'].pk}" in page.url and "status=held" in page.url
    assert page.locator("table tbody tr").count() == 3


def test_an_officer_lands_on_her_province_and_cannot_open_another(page, live_server, cast):
    log_in(page, live_server, "lan.hatinh")
    assert page.get_by_test_id("dashboard-title").is_visible()
    assert figure(page, "courses-held") == "3"
    assert page.get_by_test_id("ranking-row").count() == 0
    page.goto(f"{live_server.url}/reports/")
    page.wait_for_url(f"**/reports/provinces/{cast['ha_tinh'].pk}/*")
    response = page.goto(f"{live_server.url}/reports/provinces/{cast['nghe_an'].pk}/")
    assert response.status == 404
    with page.expect_download() as download:
        page.goto(f"{live_server.url}/reports/provinces/{cast['ha_tinh'].pk}/")
        page.get_by_test_id("export-link").click()
    assert download.value.suggested_filename.endswith(".xlsx")
