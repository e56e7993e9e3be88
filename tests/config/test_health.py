"""The health endpoint: public, a real database round trip, 503 when the database does not answer."""

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse


@pytest.fixture(
    params=[
        # A PostgreSQL server that is not there (nothing listens on port 1): the connection is refused.
        {
            "ENGINE": "django.db.backends.postgresql",
            "HOST": "127.0.0.1",
            "PORT": "1",
            "NAME": "gone",
            "USER": "nobody",
            "OPTIONS": {"connect_timeout": 2},
        },
        # An SQLite file in a folder that does not exist: it cannot be opened.
        {"ENGINE": "django.db.backends.sqlite3", "NAME": "/nonexistent-folder/womenlead.sqlite3"},
    ],
    ids=["postgresql-refused", "sqlite-unopenable"],
)
def unreachable_database(request, settings):
    """A second database alias whose server really cannot be reached, checked instead of the default."""
    alias = "unreachable"
    configured = connections.configure_settings({"default": {}, alias: dict(request.param)})
    connections.settings[alias] = configured[alias]
    settings.HEALTH_CHECK_DATABASE = alias
    yield alias
    connections[alias].close()
    del connections[alias]
    del connections.settings[alias]


@pytest.mark.django_db
def test_it_answers_ok_without_a_session(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response.headers["Cache-Control"]


def test_it_answers_503_when_the_database_does_not_answer(
    client, unreachable_database, django_db_blocker, caplog
):
    # Not a django_db test: its test-case wrapper would forbid the new alias. The default database is
    # not touched (no session, no user), only the unreachable one.
    with django_db_blocker.unblock():
        response = client.get(reverse("health"))
    assert response.status_code == 503
    # Nothing of the cause reaches the public: it goes to the log.
    assert response.json() == {"status": "error", "database": "unavailable"}
    assert "unreachable" in caplog.text


@pytest.mark.django_db
def test_it_only_answers_get(client):
    assert client.post(reverse("health")).status_code == 405


@pytest.mark.django_db
def test_it_is_not_redirected_to_https_where_every_other_page_is(settings):
    # A load balancer probes it over plain HTTP inside the network.
    settings.SECURE_SSL_REDIRECT = True
    client = Client()  # a new handler reads the setting
    assert client.get(reverse("health")).status_code == 200
    response = client.get(reverse("login"))
    assert response.status_code == 301 and response.url.startswith("https://")
