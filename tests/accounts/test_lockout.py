"""Lockout after repeated failed logins (django-axes), by user name and address."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def log_in(client, password, *, username="lan.hatinh", address="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def fail_until_locked(client):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "not-the-password")


def test_the_failure_limit_and_cool_off_are_configured():
    assert 3 <= settings.AXES_FAILURE_LIMIT <= 10
    assert settings.AXES_COOLOFF_TIME > 0
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_failures_below_the_limit_leave_the_login_form(client, officer_ha_tinh):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = log_in(client, "not-the-password")
        assert response.status_code == 200 and response.context["form"].errors
    assert log_in(client, PASSWORD).status_code == 302


def test_after_the_limit_even_the_right_password_is_refused_with_the_lockout_page(client, officer_ha_tinh):
    fail_until_locked(client)
    response = log_in(client, PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    # Vietnamese by default, with the cool-off in minutes.
    assert "Đăng nhập sai quá nhiều lần" in page and "15 phút" in page
    assert "_auth_user_id" not in client.session
    assert (
        AccessAttempt.objects.get(username="lan.hatinh").failures_since_start >= settings.AXES_FAILURE_LIMIT
    )


def test_the_lockout_page_speaks_english_when_chosen(client, officer_ha_tinh, english):
    fail_until_locked(client)
    page = log_in(client, PASSWORD).content.decode()
    assert "Too many failed logins" in page and "Try again in 15 minutes" in page


def test_a_lockout_holds_one_user_name_at_one_address_only(client, officer_ha_tinh, officer_nghe_an):
    fail_until_locked(client)
    # The same user from another computer, and a colleague from the same computer, still log in.
    assert log_in(client, PASSWORD, address="10.0.0.2").status_code == 302
    client.post(reverse("logout"))
    assert log_in(client, PASSWORD, username="mai.nghean").status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, officer_ha_tinh):
    fail_until_locked(client)
    assert log_in(client, PASSWORD).status_code == 429
    earlier = datetime.timedelta(hours=settings.AXES_COOLOFF_TIME, minutes=1)
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=attempt.attempt_time - earlier)
    assert log_in(client, PASSWORD).status_code == 302


def test_a_successful_login_resets_the_count(client, officer_ha_tinh):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "not-the-password")
    assert log_in(client, PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "not-the-password")
    assert log_in(client, PASSWORD).status_code == 302


def test_behind_a_proxy_the_address_is_read_from_the_header_it_sets(client, officer_ha_tinh, settings):
    settings.AXES_IP_HEADERS = ["HTTP_X_REAL_IP"]
    proxy = "127.0.0.1"
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": "lan.hatinh", "password": "wrong"},
            REMOTE_ADDR=proxy,
            HTTP_X_REAL_IP="203.0.113.7",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}
    # The same user behind the same proxy from another client address still logs in.
    response = client.post(
        reverse("login"),
        {"username": "lan.hatinh", "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_REAL_IP="203.0.113.8",
    )
    assert response.status_code == 302
