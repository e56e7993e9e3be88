"""The cast shared by the test modules (STYLE.md §7).

- `officer_ha_tinh`: a provincial officer of Hà Tĩnh, who must see only Hà Tĩnh's data;
- `officer_nghe_an`: a provincial officer of Nghệ An, the outsider for Hà Tĩnh's data;
- `ministry`: ministry staff, national scope, reads everything;
- `administrator`: users, reference data and reports.
"""

import pytest
from django.test import Client
from django.utils import translation

from accounts.models import User
from directory.models import AdministrativeUnit

PASSWORD = "correct-horse-battery-staple"


def pytest_collection_modifyitems(items):
    # Browser journeys run against a live server whose transactional tests empty the database after
    # each test: running them last keeps the reference data in place for every other test.
    items.sort(key=lambda item: "/e2e/" in str(item.fspath))


@pytest.fixture
def english(settings):
    """Pages and services in English, the source language, for tests that read messages word for word.

    The product speaks Vietnamese by default: `translation.override` covers services and forms, and the
    default language covers the pages (the middleware falls back to it). The Vietnamese is checked by
    the browser journeys and by the catalogue tests.
    """
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def make_province(code: str, name: str, kind: str = AdministrativeUnit.Kind.PROVINCE) -> AdministrativeUnit:
    short_name = name.removeprefix("Tỉnh ").removeprefix("Thành phố ")
    unit, _created = AdministrativeUnit.objects.get_or_create(
        catalogue=AdministrativeUnit.Catalogue.CURRENT,
        code=code,
        defaults={"name": name, "short_name": short_name, "kind": kind},
    )
    return unit


@pytest.fixture
def ha_tinh(db) -> AdministrativeUnit:
    return make_province("42", "Tỉnh Hà Tĩnh")


@pytest.fixture
def nghe_an(db) -> AdministrativeUnit:
    return make_province("40", "Tỉnh Nghệ An")


def make_user(username: str, role: str, province: AdministrativeUnit | None = None, **extra) -> User:
    extra.setdefault("first_name", username.title())
    return User.objects.create_user(
        username=username, password=PASSWORD, role=role, province=province, **extra
    )


@pytest.fixture
def officer_ha_tinh(ha_tinh) -> User:
    return make_user("lan.hatinh", User.Role.OFFICER, ha_tinh)


@pytest.fixture
def officer_nghe_an(nghe_an) -> User:
    return make_user("mai.nghean", User.Role.OFFICER, nghe_an)


@pytest.fixture
def ministry(db) -> User:
    return make_user("hoa.ministry", User.Role.MINISTRY)


@pytest.fixture
def administrator(db) -> User:
    return make_user("admin.root", User.Role.ADMIN)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def officer_client(officer_ha_tinh) -> Client:
    return client_for(officer_ha_tinh)


@pytest.fixture
def other_officer_client(officer_nghe_an) -> Client:
    return client_for(officer_nghe_an)


@pytest.fixture
def ministry_client(ministry) -> Client:
    return client_for(ministry)


@pytest.fixture
def admin_client_(administrator) -> Client:
    return client_for(administrator)
