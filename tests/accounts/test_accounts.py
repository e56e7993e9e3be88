import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_login_page_is_served_without_a_session(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()


def test_every_other_page_requires_a_session(client):
    for url in [reverse("home"), reverse("directory:person_list"), reverse("directory:person_create")]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


def test_a_user_logs_in_and_lands_on_home(client, officer_ha_tinh):
    response = client.post(reverse("login"), {"username": "lan.hatinh", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("home")
    assert "Hà Tĩnh" in client.get(reverse("home")).content.decode()


def test_a_wrong_password_is_refused_with_a_message(client, officer_ha_tinh):
    response = client.post(reverse("login"), {"username": "lan.hatinh", "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].errors["__all__"]


def test_a_deactivated_user_cannot_log_in(client, officer_ha_tinh):
    officer_ha_tinh.is_active = False
    officer_ha_tinh.save()
    response = client.post(reverse("login"), {"username": "lan.hatinh", "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_logging_out_ends_the_session(officer_client):
    response = officer_client.post(reverse("logout"))
    assert response.status_code == 302
    assert officer_client.get(reverse("home")).status_code == 302


def test_an_officer_without_province_is_refused_by_validation(ha_tinh):
    user = User(username="x", role=User.Role.OFFICER)
    with pytest.raises(ValidationError) as error:
        user.full_clean()
    assert "province" in error.value.message_dict


def test_the_database_refuses_an_officer_without_province(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(username="x", password=PASSWORD, role=User.Role.OFFICER)


def test_national_roles_have_national_scope(ministry, administrator, officer_ha_tinh):
    assert ministry.has_national_scope and administrator.has_national_scope
    assert not officer_ha_tinh.has_national_scope


def test_administrators_may_use_the_admin_site(administrator, officer_ha_tinh):
    assert administrator.is_staff and not officer_ha_tinh.is_staff


def test_the_navigation_depends_on_the_role(officer_client, admin_client_):
    officer_nav = [item["url"] for item in officer_client.get(reverse("home")).context["nav_items"]]
    admin_nav = [item["url"] for item in admin_client_.get(reverse("home")).context["nav_items"]]
    assert reverse("admin:index") not in officer_nav
    assert reverse("admin:index") in admin_nav


def test_an_administrator_can_manage_users_and_reference_data_in_the_admin(admin_client_):
    for url_name in ["admin:accounts_user_changelist", "admin:directory_organisation_add"]:
        assert admin_client_.get(reverse(url_name)).status_code == 200, url_name


def test_ministry_staff_have_no_admin_permissions(ministry):
    assert not ministry.has_perm("directory.change_organisation")


def test_an_officer_is_refused_by_the_admin_site(officer_client):
    response = officer_client.get(reverse("admin:index"))
    assert response.status_code == 302 and "login" in response.url


class TestLanguage:
    def test_pages_are_vietnamese_by_default_whatever_the_browser_asks(self, client):
        response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        assert response.headers["Content-Language"] == "vi"
        assert "Đăng nhập" in response.content.decode()

    def test_the_switch_turns_the_pages_to_english(self, client):
        client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
        response = client.get(reverse("login"))
        assert response.headers["Content-Language"] == "en"
        assert "Log in" in response.content.decode()

    def test_an_unknown_language_falls_back_to_vietnamese(self, client):
        client.cookies["django_language"] = "fr"
        assert client.get(reverse("login")).headers["Content-Language"] == "vi"

    def test_dates_are_shown_day_first_in_both_languages(self):
        import datetime

        from django.utils import formats, translation

        for language in ("vi", "en"):
            with translation.override(language):
                assert formats.date_format(datetime.date(2024, 5, 16), "SHORT_DATE_FORMAT") == "16/05/2024"
