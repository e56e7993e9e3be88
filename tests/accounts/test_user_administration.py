"""Administrators deactivate users and reset passwords; password rules; session expiry; demo users."""

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.demo import DEMO_USERS, create_demo_users
from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:accounts_user_changelist")
NEW_PASSWORD = "Sen-hong-nam-2026"


def run_action(client, action, *users):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [user.pk for user in users]}, follow=True
    )


def test_an_administrator_deactivates_a_user_and_her_open_session_ends(admin_client_, officer_ha_tinh):
    officer = client_for(officer_ha_tinh)
    assert officer.get(reverse("home")).status_code == 200
    response = run_action(admin_client_, "deactivate_users", officer_ha_tinh)
    assert response.status_code == 200
    officer_ha_tinh.refresh_from_db()
    assert not officer_ha_tinh.is_active
    assert officer.get(reverse("home")).status_code == 302
    client = Client()
    response = client.post(reverse("login"), {"username": "lan.hatinh", "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_an_administrator_cannot_deactivate_herself(admin_client_, administrator, english):
    response = run_action(admin_client_, "deactivate_users", administrator)
    administrator.refresh_from_db()
    assert administrator.is_active
    assert "You cannot deactivate your own account." in [str(m) for m in get_messages(response.wsgi_request)]


def test_her_own_change_form_does_not_let_an_administrator_untick_active(
    admin_client_, administrator, officer_ha_tinh
):
    def readonly(user):
        response = admin_client_.get(reverse("admin:accounts_user_change", args=[user.pk]))
        assert response.status_code == 200
        return response.context["adminform"].readonly_fields

    assert "is_active" in readonly(administrator)
    assert "is_active" not in readonly(officer_ha_tinh)


def test_a_reset_gives_a_temporary_password_to_change_at_next_login(admin_client_, officer_ha_tinh):
    officer = client_for(officer_ha_tinh)
    response = run_action(admin_client_, "reset_passwords", officer_ha_tinh)
    officer_ha_tinh.refresh_from_db()
    assert officer_ha_tinh.must_change_password
    # The old password and the open session no longer work.
    assert officer.get(reverse("home")).status_code == 302
    assert not officer_ha_tinh.check_password(PASSWORD)
    (temporary,) = [
        word.rstrip(".")
        for message in get_messages(response.wsgi_request)
        for word in str(message).split()
        if officer_ha_tinh.check_password(word.rstrip("."))
    ]
    assert len(temporary) >= settings.AUTH_PASSWORD_VALIDATORS[1]["OPTIONS"]["min_length"]

    client = Client()
    assert client.post(reverse("login"), {"username": "lan.hatinh", "password": temporary}).status_code == 302
    # Every page leads to the password change until a new password is chosen.
    for url in [reverse("home"), reverse("directory:person_list")]:
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("password_change")
    response = client.post(
        reverse("password_change"),
        {"old_password": temporary, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    officer_ha_tinh.refresh_from_db()
    assert not officer_ha_tinh.must_change_password and officer_ha_tinh.check_password(NEW_PASSWORD)
    assert client.get(reverse("home")).status_code == 200


def test_only_administrators_reach_the_user_administration(officer_client, ministry_client, officer_nghe_an):
    for client in (officer_client, ministry_client):
        response = run_action(client, "deactivate_users", officer_nghe_an)
        assert response.redirect_chain and "/admin/login/" in response.redirect_chain[0][0]
        assert response.status_code == 403
    officer_nghe_an.refresh_from_db()
    assert officer_nghe_an.is_active


def test_the_services_refuse_acting_on_oneself(administrator):
    with pytest.raises(services.AccountRuleError):
        services.user_reset_password(user=administrator, actor=administrator)
    administrator.refresh_from_db()
    assert administrator.check_password(PASSWORD) and not administrator.must_change_password


@pytest.mark.parametrize(
    ("password", "complaint"),
    [
        ("Sen-2026", "too short"),
        ("4827391056", "entirely numeric"),
        ("password1234", "too common"),
        ("lan.hatinh.1", "too similar"),
    ],
)
def test_weak_passwords_are_refused(officer_client, officer_ha_tinh, english, password, complaint):
    response = officer_client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    assert complaint in " ".join(response.context["form"].errors["new_password2"])
    officer_ha_tinh.refresh_from_db()
    assert officer_ha_tinh.check_password(PASSWORD)


def test_a_session_lasts_a_working_day_and_ends_with_the_browser(client, officer_ha_tinh):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    client.post(reverse("login"), {"username": "lan.hatinh", "password": PASSWORD})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value and not cookie["max-age"] and not cookie["expires"]
    assert cookie["httponly"]
    assert 0 < client.session.get_expiry_age() <= 8 * 60 * 60


def test_the_demo_users_still_log_in_with_the_readme_passwords(ha_tinh, nghe_an):
    create_demo_users()
    for demo in DEMO_USERS:
        client = Client()
        response = client.post(reverse("login"), {"username": demo.username, "password": demo.password})
        assert response.status_code == 302 and response.url == reverse("home"), demo.username
