"""Journey 0: each role logs in and sees the navigation of its role."""

import pytest

from accounts.models import User
from tests.conftest import make_province, make_user
from tests.e2e.conftest import PHONE, log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def users(transactional_db):
    ha_tinh = make_province("42", "Tỉnh Hà Tĩnh")
    return {
        "officer": make_user(
            "lan.hatinh", User.Role.OFFICER, ha_tinh, last_name="Nguyễn Thị", first_name="Lan"
        ),
        "ministry": make_user("hoa.ministry", User.Role.MINISTRY),
        "admin": make_user("admin.root", User.Role.ADMIN),
    }


EVERYONE_VI = [
    "Trang chủ",
    "Nhân sự",
    "Chương trình",
    "Kế hoạch",
    "Khóa học",
    "Ứng cử viên",
    "Số liệu tổng hợp",
    "Báo cáo",
]
EVERYONE_EN = ["Home", "People", "Programmes", "Plans", "Courses", "Candidates", "Dashboards", "Reports"]


def nav_labels(page) -> list[str]:
    return [text.strip() for text in page.get_by_test_id("main-nav").get_by_role("link").all_inner_texts()]


def test_an_officer_sees_her_province_and_no_administration(page, live_server, users):
    log_in(page, live_server, "lan.hatinh")
    assert nav_labels(page) == EVERYONE_VI
    assert "Hà Tĩnh" in page.get_by_test_id("current-user").inner_text()
    screenshot(page, "home-officer-vi-desktop")


def test_ministry_staff_see_national_scope_and_no_administration(page, live_server, users):
    log_in(page, live_server, "hoa.ministry")
    assert "Quản trị" not in nav_labels(page)
    assert "Cán bộ Bộ, ngành" in page.get_by_test_id("current-user").inner_text()


def test_an_administrator_sees_the_administration_link(page, live_server, users):
    log_in(page, live_server, "admin.root")
    assert nav_labels(page) == [*EVERYONE_VI, "Quản trị"]
    page.get_by_test_id("main-nav").get_by_role("link", name="Quản trị").click()
    assert page.url.endswith("/admin/")


def test_a_wrong_password_keeps_the_user_on_the_login_page(page, live_server, users):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("lan.hatinh")
    page.get_by_label("Mật khẩu").fill("not-the-password")
    page.get_by_role("button", name="Đăng nhập").click()
    assert page.get_by_role("alert").is_visible()
    assert "/accounts/login/" in page.url


def test_the_language_switch_turns_the_navigation_to_english_on_a_phone(new_page, live_server, users):
    page = new_page(viewport=PHONE)
    log_in(page, live_server, "lan.hatinh")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert nav_labels(page) == EVERYONE_EN
    screenshot(page, "home-officer-en-phone")
    page.get_by_role("button", name="Tiếng Việt").click()
    page.wait_for_load_state()
    assert nav_labels(page) == EVERYONE_VI
