"""Hardening: Content-Security-Policy without inline code, CSRF on every form, error pages that leak
nothing, uploads judged by their content, and the production settings."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import Client
from django.urls import path, reverse

from config import urls as project_urls
from reports import charts
from tests.conftest import PASSWORD
from tests.importing.builders import xlsx_bytes
from tests.trainings.factories import (
    ActionPlanFactory,
    CourseFactory,
    EnrolmentFactory,
    PlanFactory,
    ProgrammeFactory,
)
from trainings.models import Course, Enrolment, ImportBatch

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I)
STYLE_ELEMENT = re.compile(r"<style\b([^>]*)>", re.I)
NONCE = re.compile(r"'nonce-([^']+)'")
POST_FORM = re.compile(r"<form\b[^>]*method=\"post\"", re.I)
CSRF_INPUT = 'name="csrfmiddlewaretoken"'


@pytest.fixture
def world(ha_tinh, nghe_an):
    """A province's programme, plan, course with its cascade, people and enrolments: pages with content."""
    programme = ProgrammeFactory(name="AWIL")
    plan = PlanFactory()
    core = CourseFactory(
        province=ha_tinh, kind=Course.Kind.CORE, programme=programme, status=Course.Status.HELD
    )
    workshop = CourseFactory(
        province=ha_tinh,
        kind=Course.Kind.WORKSHOP,
        core_course=core,
        programme=programme,
        status=Course.Status.HELD,
    )
    trainee = EnrolmentFactory(
        course=core, role=Enrolment.Role.CORE_TRAINEE, status=Enrolment.Status.COMPLETED
    )
    ActionPlanFactory(enrolment=trainee)
    for _number in range(3):
        EnrolmentFactory(course=workshop, status=Enrolment.Status.ATTENDED)
    return {
        "programme": programme,
        "plan": plan,
        "course": core,
        "person": trainee.person,
        "province": ha_tinh,
    }


def main_pages(world) -> list[str]:
    course, province = world["course"].pk, world["province"].pk
    return [
        reverse("home"),
        reverse("account"),
        reverse("password_change"),
        reverse("two_factor"),
        reverse("directory:person_list"),
        reverse("directory:person_create"),
        reverse("directory:person_detail", args=[world["person"].pk]),
        reverse("trainings:programme_list"),
        reverse("trainings:programme_detail", args=[world["programme"].pk]),
        reverse("trainings:plan_list"),
        reverse("trainings:plan_detail", args=[world["plan"].pk]),
        reverse("trainings:assignment_list"),
        reverse("trainings:course_list"),
        reverse("trainings:course_create"),
        reverse("trainings:course_detail", args=[course]),
        reverse("trainings:attendance", args=[course]),
        reverse("trainings:feedback_summary", args=[course]),
        reverse("trainings:cascade", args=[course]),
        reverse("trainings:cascade_action_plans", args=[course]),
        reverse("trainings:import_list", args=[course]),
        reverse("candidates:pipeline"),
        reverse("candidates:candidacy_list"),
        reverse("candidates:quota_table"),
        reverse("candidates:import_list"),
        reverse("candidates:import_upload"),
        reverse("reports:national"),
        reverse("reports:province", args=[province]),
        reverse("reports:quarterly_list"),
        reverse("reports:quarterly_new"),
        reverse("audit:log_list"),
        reverse("certificates:verify_form"),
    ]


def assert_no_inline_code(response, url):
    policy = response.headers.get("Content-Security-Policy", "")
    assert "script-src 'self'" in policy and "default-src 'self'" in policy, url
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html), (url, INLINE_SCRIPT.search(html).group())
    assert not EVENT_HANDLER.search(html), (url, EVENT_HANDLER.search(html).group())
    assert not STYLE_ATTRIBUTE.search(html), (url, STYLE_ATTRIBUTE.search(html).group())
    # A <style> element (the charts') is applied only with this response's nonce.
    nonces = NONCE.findall(policy)
    for attributes in STYLE_ELEMENT.findall(html):
        assert nonces and f'nonce="{nonces[0]}"' in attributes, (url, attributes)
    return html


def test_every_main_page_has_the_policy_and_no_inline_script_or_style(admin_client_, world):
    for url in main_pages(world):
        response = admin_client_.get(url)
        assert response.status_code == 200, url
        html = assert_no_inline_code(response, url)
        # Every form that posts carries the CSRF token.
        assert html.count(CSRF_INPUT) >= len(POST_FORM.findall(html)), url


def test_an_officer_sees_the_same_policy_on_her_pages(officer_client, world):
    for url in [reverse("home"), reverse("trainings:course_detail", args=[world["course"].pk])]:
        response = officer_client.get(url)
        assert response.status_code == 200, url
        assert_no_inline_code(response, url)


def test_the_login_page_has_the_policy_without_a_session(client):
    response = client.get(reverse("login"))
    html = assert_no_inline_code(response, "login")
    assert CSRF_INPUT in html


def test_the_dashboard_charts_style_carries_the_request_nonce():
    svg = charts.trend_chart(
        quarters=["2026-Q1", "2026-Q2"], courses=[3, 4], people=[30, 41], title="Courses", labels=("a", "b")
    )
    assert "<style" in svg and not STYLE_ATTRIBUTE.search(str(svg))
    html = Template("{% load chart_tags %}{{ svg|with_nonce:csp_nonce }}").render(
        Context({"svg": svg, "csp_nonce": "abc123"})
    )
    assert '<style nonce="abc123"' in html
    # The cached chart itself is not changed: the PDF (no policy there) uses it as drawn.
    assert "nonce" not in str(svg)


def test_the_admin_site_has_the_policy_too(admin_client_):
    response = admin_client_.get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 200
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


# --- CSRF ----------------------------------------------------------------------------------------------


def test_a_post_without_the_token_is_refused_with_the_translated_page(officer_ha_tinh):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "lan.hatinh", "password": PASSWORD})
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_logged_in_post_without_the_token_changes_nothing(officer_ha_tinh):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer_ha_tinh)
    response = client.post(reverse("directory:person_create"), {"family_name": "Lê", "given_name": "Hoa"})
    assert response.status_code == 403
    assert client.post(reverse("logout")).status_code == 403
    assert client.get(reverse("home")).status_code == 200  # still logged in: the logout was refused


def test_the_same_post_with_the_token_goes_through(officer_ha_tinh):
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("login")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(
        reverse("login"), {"username": "lan.hatinh", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(officer_ha_tinh.pk)


# --- Error pages ---------------------------------------------------------------------------------------


def _explode(request):
    raise RuntimeError("database password is hunter2 in /srv/womenlead/config/settings.py")


urlpatterns = [path("explode/", _explode), *project_urls.urlpatterns]


@pytest.fixture
def leaky_settings(settings):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    return settings


LEAKS = ["Traceback", "hunter2", "settings.py", "SECRET_KEY", "DisallowedHost", "ALLOWED_HOSTS", "URLconf"]


def assert_leaks_nothing(response):
    html = response.content.decode()
    for leak in LEAKS:
        assert leak not in html, leak
    return html


def test_a_server_error_shows_a_minimal_page_and_nothing_of_the_error(leaky_settings, officer_ha_tinh):
    client = Client(raise_request_exception=False)
    client.force_login(officer_ha_tinh)
    response = client.get("/explode/")
    assert response.status_code == 500
    html = assert_leaks_nothing(response)
    assert "Lỗi máy chủ" in html and "<script" not in html


def test_a_missing_page_uses_the_layout_and_names_no_pattern(leaky_settings, officer_client):
    response = officer_client.get("/no-such-page/")
    assert response.status_code == 404
    html = assert_leaks_nothing(response)
    assert "Không tìm thấy trang" in html and 'class="site-header"' in html
    assert "explode" not in html


def test_a_refused_page_says_so_plainly(leaky_settings, officer_client):
    response = officer_client.get(reverse("two_factor"))
    assert response.status_code == 403
    assert "Không có quyền truy cập" in assert_leaks_nothing(response)


def test_a_bad_request_leaks_nothing(leaky_settings, officer_client):
    response = officer_client.get(reverse("home"), HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in assert_leaks_nothing(response)


# --- Uploads -------------------------------------------------------------------------------------------


def _upload(client, course, content: bytes, name: str):
    return client.post(
        reverse("trainings:import_list", args=[course.pk]), {"file": SimpleUploadedFile(name, content)}
    )


def test_an_upload_is_judged_by_its_content_not_its_name(officer_client, ha_tinh, english):
    course = CourseFactory(province=ha_tinh, unit=ha_tinh)
    # A picture named like a workbook is refused, and nothing of it is kept.
    response = _upload(officer_client, course, b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "danh-sach.xlsx")
    assert response.status_code == 200 and "not a spreadsheet" in response.context["form"].errors["file"][0]
    assert not ImportBatch.objects.filter(course=course).exclude(status=ImportBatch.Status.FAILED).exists()
    assert not any(batch.file for batch in ImportBatch.objects.filter(course=course))
    # A real workbook read by its content, whatever its name says.
    workbook = xlsx_bytes([["Họ và tên", "Ngày sinh", "Giới tính"], ["Nguyễn Thị Hoa", "1985", "Nữ"]])
    response = _upload(officer_client, course, workbook, "danh-sach.pdf")
    assert response.status_code == 302
    assert ImportBatch.objects.filter(course=course).latest("pk").status != ImportBatch.Status.FAILED
