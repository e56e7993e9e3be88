"""Two-factor authentication (TOTP, django-otp) for administrators: enrolment, login, switching off."""

import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now (or a step later: django-otp refuses a code twice)."""
    return str(
        totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=steps_ahead)
    ).zfill(device.digits)


@pytest.fixture
def enrolled(administrator) -> TOTPDevice:
    return TOTPDevice.objects.create(user=administrator, name="authenticator", confirmed=True)


def test_an_administrator_enrols_by_qr_code_and_a_code(admin_client_, administrator):
    page = admin_client_.get(reverse("two_factor"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="two-factor-qr"><svg' in html and "<path" in html
    device = TOTPDevice.objects.get(user=administrator, confirmed=False)
    # The key in clear is offered for typing in by hand; the QR code carries the same otpauth:// URL.
    assert page.context["secret"].replace(" ", "")
    response = admin_client_.post(reverse("two_factor"), {"token": code(device)})
    assert response.status_code == 302 and response.url == reverse("account")
    device.refresh_from_db()
    assert device.confirmed
    assert admin_client_.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_a_wrong_code_does_not_switch_it_on(admin_client_, administrator):
    admin_client_.get(reverse("two_factor"))
    device = TOTPDevice.objects.get(user=administrator)
    wrong = str((int(code(device)) + 1) % 1_000_000).zfill(6)
    response = admin_client_.post(reverse("two_factor"), {"token": wrong})
    assert response.status_code == 200 and response.context["form"].errors["token"]
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


@pytest.mark.parametrize("client_name", ["officer_client", "ministry_client"])
def test_it_is_for_administrators_only(request, client_name):
    client = request.getfixturevalue(client_name)
    assert client.get(reverse("two_factor")).status_code == 403
    assert client.post(reverse("two_factor"), {"token": "123456"}).status_code == 403
    assert not TOTPDevice.objects.exists()


def test_login_with_two_factor_asks_for_the_code_before_the_session_begins(client, enrolled):
    response = client.post(reverse("login"), {"username": "admin.root", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("login_verify")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302  # still anonymous
    response = client.post(reverse("login_verify"), {"token": code(enrolled)})
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.session["_auth_user_id"] == str(enrolled.user_id)
    assert client.session[DEVICE_ID_SESSION_KEY] == enrolled.persistent_id
    assert client.get(reverse("home")).status_code == 200


def test_login_with_a_wrong_code_is_refused(client, enrolled):
    client.post(reverse("login"), {"username": "admin.root", "password": PASSWORD})
    wrong = str((int(code(enrolled)) + 1) % 1_000_000).zfill(6)
    response = client.post(reverse("login_verify"), {"token": wrong})
    assert response.status_code == 200 and response.context["form"].errors["token"]
    assert "_auth_user_id" not in client.session


def test_the_code_step_expires(client, enrolled, monkeypatch):
    client.post(reverse("login"), {"username": "admin.root", "password": PASSWORD})
    later = time.time() + 301
    monkeypatch.setattr("accounts.views.time.time", lambda: later)
    response = client.post(reverse("login_verify"), {"token": code(enrolled)})
    assert response.status_code == 302 and response.url == reverse("login")
    assert "_auth_user_id" not in client.session


def test_the_code_page_without_a_password_first_sends_back_to_login(client, enrolled):
    response = client.post(reverse("login_verify"), {"token": code(enrolled)})
    assert response.status_code == 302 and response.url == reverse("login")
    assert "_auth_user_id" not in client.session


def test_users_without_two_factor_log_in_with_the_password_alone(client, administrator):
    response = client.post(reverse("login"), {"username": "admin.root", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("home")


def test_switching_it_off_needs_a_current_code(admin_client_, enrolled):
    wrong = str((int(code(enrolled)) + 1) % 1_000_000).zfill(6)
    response = admin_client_.post(reverse("two_factor"), {"token": wrong})
    assert response.status_code == 200 and TOTPDevice.objects.filter(confirmed=True).exists()
    response = admin_client_.post(reverse("two_factor"), {"token": code(enrolled)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.exists()


def test_the_account_page_offers_it_to_administrators_only(admin_client_, officer_client):
    assert reverse("two_factor") in admin_client_.get(reverse("account")).content.decode()
    page = officer_client.get(reverse("account"))
    assert page.status_code == 200 and reverse("two_factor") not in page.content.decode()


def test_an_administrator_switches_it_off_for_a_colleague_who_lost_her_telephone(
    admin_client_, administrator, enrolled
):
    colleague = enrolled.user
    enrolled.user = colleague.__class__.objects.create_user(
        username="admin.two", password=PASSWORD, role=colleague.Role.ADMIN
    )
    enrolled.save()
    response = admin_client_.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "switch_off_two_factor", "_selected_action": [enrolled.user.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.exists()
    client = Client()
    response = client.post(reverse("login"), {"username": "admin.two", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("home")


def test_the_device_admin_with_its_secret_keys_is_not_offered(admin_client_):
    assert "otp_totp" not in admin_client_.get(reverse("admin:index")).content.decode()


def test_the_admin_site_login_cannot_skip_the_code(client, enrolled):
    response = client.post("/admin/login/?next=/admin/", {"username": "admin.root", "password": PASSWORD})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert "next=/admin/" in response.url
    assert "_auth_user_id" not in client.session


def test_a_logged_in_non_administrator_is_refused_at_the_admin_login(officer_client):
    response = officer_client.get("/admin/login/?next=/admin/")
    assert response.status_code == 403


def test_a_logged_in_administrator_at_the_admin_login_goes_to_the_admin_site(admin_client_):
    response = admin_client_.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response.url == reverse("admin:index")
