"""The permissions matrix, walked: every URL of the app, each role, own and other province.

tests/security/matrix.py says, for every named URL, what each role gets; this module
- fails when a URL of the app is not in the matrix (a new page needs a decision before it ships);
- opens every row as every role and compares the outcome (200 or a redirect, 403, 404, the login page);
- submits every action and import as every role: a refusal must leave the database exactly as it was;
- reads every response an officer gets (HTML, CSV, Excel cells, PDF text) and fails if a marker of the
  other province appears in it, also after searches and filters aimed at the other province's records;
- checks that the README's "Permissions" section is the matrix as rendered by `readme_table()`.
"""

import hashlib
import html
import io
import json
import re
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import django_filters
import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from pypdf import PdfReader

from directory.text import fold
from tests.security import matrix
from tests.security.matrix import FORM_ERROR, LOGIN, MATRIX, NOT_FOUND, OK, POST_ONLY, ROLES, Entry
from tests.security.world import ProvinceRecords, World, build_world

README = Path(settings.BASE_DIR) / "README.md"
README_START = "<!-- permissions-matrix:start -->"
README_END = "<!-- permissions-matrix:end -->"

# Tables a refused request may legitimately write to: sessions, and the security logs themselves.
UNCHECKED_APPS = {"sessions", "auditlog", "axes", "audit", "admin"}

# Filters that offer reference data every signed-in user reads (terms, ethnic groups): no probe needed.
REFERENCE_FILTERS = {"term", "ethnic_group"}

# Query parameters aimed at the other province's records, tried on every page an officer may open.
PROBES = {
    "search by name": lambda other: {"q": other.folded_marker},
    "search by ID number": lambda other: {"q": other.citizen_id},
    "province": lambda other: {"province": other.province.pk},
    "programme": lambda other: {"programme": other.programme.pk},
    "training_programme": lambda other: {"training_programme": other.programme.pk},
    "plan": lambda other: {"plan": other.plan.pk},
    "body": lambda other: {"body": other.body.pk, "province": other.province.pk},
    "person": lambda other: {"person": other.person.pk},
    "core_course": lambda other: {"core_course": other.core_course.pk},
}
PROBED_FILTERS = {"q", "province", "programme", "training_programme", "plan", "body", "person", "core_course"}


# --- The world, built once for the module and rolled back after it ----------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One world for every test here; each test runs in a savepoint inside it (the `db` fixture)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Dashboards are cached under a data version that the rollbacks between tests may hand out again.
    cache.clear()
    yield
    cache.clear()


def user_of(world: World, role: str):
    return {
        "anonymous": None,
        "officer_own": world.ha_tinh.officer,
        "officer_other": world.nghe_an.officer,
        "ministry": world.ministry,
        "admin": world.administrator,
    }[role]


def client_of(world: World, role: str) -> Client:
    client = Client()
    user = user_of(world, role)
    if user is not None:
        client.force_login(user)
    return client


def url_of(entry: Entry, world: World) -> str:
    return reverse(entry.name, kwargs=entry.args(world) if entry.args else None)


# --- Reading responses -------------------------------------------------------------------------------------


def outcome_of(response) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        login = reverse(settings.LOGIN_URL)
        return LOGIN if urlsplit(response["Location"]).path == login else OK
    return {200: OK, 204: OK, 403: matrix.FORBIDDEN, 404: NOT_FOUND, 405: POST_ONLY}.get(
        response.status_code, f"status {response.status_code}"
    )


def body_of(response) -> bytes:
    if getattr(response, "streaming", False):
        # The test client closes the response (and its file) at the end of the iteration, without the
        # request_finished signal that would close the database connection in the middle of the test.
        return b"".join(response.streaming_content)
    return response.content


def text_of(response) -> str:
    """Everything a person could read in the response: HTML/CSV/JSON text, Excel cells, PDF text."""
    # A file response streams once: keep what was read.
    if not hasattr(response, "matrix_text"):
        response.matrix_text = _read(response)
    return response.matrix_text


def _read(response) -> str:
    content = body_of(response)
    content_type = response.get("Content-Type", "")
    if content.startswith(b"%PDF"):
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
        return html.unescape("\n".join(parts))
    text = content.decode("utf-8", "replace")
    if "json" in content_type:
        text = json.dumps(json.loads(text), ensure_ascii=False)
    return html.unescape(text)


def folded_text(response, echoes=()) -> str:
    text = text_of(response)
    # What the user typed comes back in the search box and in links: only results count.
    for echo in echoes:
        text = text.replace(str(echo), "")
    return fold(text)


def assert_nothing_of(other: ProvinceRecords, response, context: str, echoes=()) -> None:
    folded = folded_text(response, echoes)
    for secret in other.secrets:
        assert secret not in folded, (
            f"LEAK: {context} shows {secret!r} of {other.province.short_name} "
            f"(status {response.status_code}): …{_around(folded, secret)}…"
        )


def _around(text: str, secret: str) -> str:
    at = text.find(secret)
    return re.sub(r"\s+", " ", text[max(0, at - 120) : at + 120])


def viewer_records(world: World, role: str) -> ProvinceRecords | None:
    return world.records_of(user_of(world, role))


def check_response(world: World, role: str, entry: Entry, response, context: str, echoes=()) -> None:
    """An officer's response holds nothing of the other province; a redirect is followed once."""
    viewer = viewer_records(world, role)
    if viewer is None or entry.public_content:
        return
    other = world.other_than(viewer)
    assert_nothing_of(other, response, context, echoes)
    if outcome_of(response) == OK and response.status_code in (301, 302, 303, 307, 308):
        followed = client_of(world, role).get(response["Location"])
        assert_nothing_of(other, followed, f"{context} → {response['Location']}", echoes)


# --- The database, before and after a refused submission -------------------------------------------------


def database_state() -> dict[str, str]:
    state = {}
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in UNCHECKED_APPS or meta.proxy or not meta.managed:
            continue
        rows = list(model._base_manager.order_by("pk").values_list())
        state[meta.label] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return state


def changed_tables(before: dict[str, str]) -> list[str]:
    after = database_state()
    return sorted(label for label, digest in after.items() if before.get(label) != digest)


# --- Every URL of the app is in the matrix ----------------------------------------------------------------


def app_url_names() -> set[str]:
    names = set()

    def walk(patterns, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue  # the Django admin: tested below, by role, as one area
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                if pattern.name is None:
                    # Only the media files served by DEBUG are unnamed; anything else needs a name.
                    assert "serve" in getattr(pattern.callback, "__name__", ""), (
                        f"unnamed URL {pattern.pattern}: name it and put it in tests/security/matrix.py"
                    )
                    continue
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return names


def test_every_url_of_the_app_is_in_the_matrix():
    in_matrix = {entry.name for entry in MATRIX}
    missing = sorted(app_url_names() - in_matrix)
    assert not missing, f"URLs with no decision in tests/security/matrix.py: {missing}"
    gone = sorted(in_matrix - app_url_names())
    assert not gone, f"rows of tests/security/matrix.py for URLs that no longer exist: {gone}"


def test_every_row_is_decided_for_every_role():
    ids = [entry.id for entry in MATRIX]
    assert len(ids) == len(set(ids)), "two rows of the matrix have the same name and variant"
    for entry in MATRIX:
        assert set(entry.get) == set(ROLES), entry.id
        assert (entry.post is None) == (entry.post_expect is None), entry.id
        if entry.post_expect:
            assert set(entry.post_expect) == set(ROLES), entry.id


def test_every_filter_of_another_provinces_records_is_probed():
    """A new filter that names scoped records must be probed here, or declared reference data."""
    import candidates.filters  # noqa: F401
    import directory.filters  # noqa: F401
    import reports.filters  # noqa: F401
    import trainings.filters  # noqa: F401

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    unprobed = []
    for filterset in subclasses(django_filters.FilterSet):
        if filterset.__module__.split(".")[0] not in {"directory", "trainings", "candidates", "reports"}:
            continue
        for name, filter_ in filterset.base_filters.items():
            chooses_records = isinstance(
                filter_, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter
            )
            if (chooses_records or name == "q") and name not in PROBED_FILTERS | REFERENCE_FILTERS:
                unprobed.append(f"{filterset.__module__}.{filterset.__name__}.{name}")
    assert not unprobed, f"filters no probe tries with another province's records: {unprobed}"


# --- Opening every page as every role ---------------------------------------------------------------------


def _cases(entries, roles=ROLES):
    return [pytest.param(entry, role, id=f"{entry.id}-{role}") for entry in entries for role in roles]


@pytest.mark.parametrize(("entry", "role"), _cases(MATRIX))
def test_get(db, world, entry, role):
    url = url_of(entry, world)
    response = client_of(world, role).get(url)
    expected = entry.get[role]
    assert outcome_of(response) == expected, (
        f"GET {url} as {role}: expected {expected}, got {outcome_of(response)} ({response.status_code})"
    )
    check_response(world, role, entry, response, f"GET {url} as {role}")
    if entry.args and entry.shows_record and expected == OK and role != "officer_other":
        assert world.ha_tinh.folded_marker in folded_text(response), (
            f"{url} as {role} does not show the record's text: "
            "the leak check of this page would prove nothing"
        )
    if entry.lists and expected == OK:
        folded = folded_text(response)
        viewer = viewer_records(world, role)
        for records in [viewer] if viewer else [world.ha_tinh, world.nghe_an]:
            assert records.folded_marker in folded, (
                f"{url} as {role} does not list {records.province.short_name}'s records: "
                "the leak check of this page would prove nothing"
            )


POSTED = [entry for entry in MATRIX if entry.post is not None]


@pytest.mark.parametrize(("entry", "role"), _cases(POSTED))
def test_post(db, world, entry, role):
    url = url_of(entry, world)
    client = client_of(world, role)
    before = database_state()
    response = client.post(url, entry.post(world))
    expected = entry.post_expect[role]
    got = outcome_of(response)
    if expected == FORM_ERROR:
        assert response.status_code == 200, f"POST {url} as {role}: expected the form again, got {got}"
    else:
        assert got == expected, (
            f"POST {url} as {role}: expected {expected}, got {got} ({response.status_code})"
        )
    changed = changed_tables(before)
    if expected != OK:
        assert not changed, f"POST {url} as {role} was refused ({got}) but changed {changed}"
    elif entry.post_writes and role != "anonymous":
        assert changed, f"POST {url} as {role} wrote nothing: its refusals would prove nothing"
    check_response(world, role, entry, response, f"POST {url} as {role}")


def _probe_cases():
    cases = []
    for entry in MATRIX:
        if not entry.probe:
            continue
        for role in ("officer_own", "officer_other"):
            if entry.get[role] == OK:
                cases.append(pytest.param(entry, role, id=f"{entry.id}-{role}"))
    return cases


@pytest.mark.parametrize(("entry", "role"), _probe_cases())
def test_searches_and_filters_aimed_at_the_other_province_show_nothing_of_it(db, world, entry, role):
    url = url_of(entry, world)
    client = client_of(world, role)
    other = world.other_than(viewer_records(world, role))
    for probe, parameters in PROBES.items():
        query = parameters(other)
        response = client.get(url, query)
        assert response.status_code in (200, 302, 400, 404), (
            f"GET {url} {query} as {role}: {response.status_code}"
        )
        check_response(
            world, role, entry, response, f"GET {url} with {probe} {query} as {role}", query.values()
        )


# --- The Django admin: administrators only --------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("anonymous", False), ("officer_own", False), ("ministry", False), ("admin", True)],
)
@pytest.mark.parametrize(
    "name", ["admin:index", "admin:directory_person_changelist", "admin:accounts_user_changelist"]
)
def test_only_administrators_open_the_admin_site(db, world, role, allowed, name):
    response = client_of(world, role).get(reverse(name))
    if allowed:
        assert response.status_code == 200
    else:
        login_pages = {reverse("admin:login"), reverse(settings.LOGIN_URL)}
        assert response.status_code == 302 and urlsplit(response["Location"]).path in login_pages


# --- The README shows this matrix -----------------------------------------------------------------------


def test_the_readme_permissions_section_is_the_matrix():
    text = README.read_text(encoding="utf-8")
    assert README_START in text and README_END in text, "README.md has no permissions matrix section"
    section = text.split(README_START, 1)[1].split(README_END, 1)[0].strip("\n") + "\n"
    assert section == matrix.readme_table(), (
        "README.md's permissions matrix differs from tests/security/matrix.py: "
        "paste the output of `.venv/bin/python -m tests.security.matrix` between the markers"
    )


# --- Writes land in the officer's own province ----------------------------------------------------------


def test_an_officer_who_posts_another_province_still_records_the_person_in_her_own(db, world):
    from directory.models import Person

    response = client_of(world, "officer_own").post(
        reverse("directory:person_create"),
        {
            "family_name": "Phạm",
            "given_name": "Lạc",
            "gender": "female",
            "leadership_level": "none",
            "province": world.nghe_an.province.pk,
        },
    )
    assert response.status_code == 302
    assert Person.objects.get(given_name="Lạc").province == world.ha_tinh.province
