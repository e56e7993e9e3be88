"""Administrators browse and filter the audit trail; nobody can change it; other roles cannot see it."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from directory.models import Person
from tests.conftest import make_user
from tests.trainings.factories import CourseFactory, EnrolmentFactory, PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

URL = reverse("audit:log_list")


@pytest.fixture
def trail(officer_ha_tinh, ha_tinh):
    """A person created, then changed by the officer; an enrolment; users (the cast's own entries)."""
    person = PersonFactory(province=ha_tinh, given_name="Hoa", position="Chuyên viên")
    person.position = "Phó phòng"
    person.gender = Person.Gender.MALE
    person.save()
    EnrolmentFactory(course=CourseFactory(province=ha_tinh, unit=ha_tinh), person=person)
    return person


def ids(response):
    return [row["entry"].pk for row in response.context["rows"]]


@pytest.mark.parametrize("client_name", ["officer_client", "ministry_client"])
def test_officers_and_ministry_staff_cannot_see_the_trail(request, client_name, trail):
    client = request.getfixturevalue(client_name)
    assert client.get(URL).status_code == 403
    admin_list = client.get(reverse("admin:auditlog_logentry_changelist"))
    assert admin_list.status_code in (302, 403)  # the admin site sends non-staff to its login page


def test_the_trail_is_linked_from_the_administration_page(admin_client_):
    content = admin_client_.get(reverse("admin:index")).content.decode()
    assert f'href="{URL}"' in content


def test_an_administrator_reads_who_changed_what_before_and_after(admin_client_, trail):
    response = admin_client_.get(URL, {"model": ContentType.objects.get_for_model(Person).pk, "action": 1})
    assert response.status_code == 200
    (row,) = response.context["rows"]
    assert row["entry"].object_id == trail.pk
    labels = {change.label: (change.before, change.after) for change in row["changes"]}
    assert labels["position"] == ("Chuyên viên", "Phó phòng")
    # Choices read as their labels, not their codes.
    assert labels["gender"] == ("female", "male")
    content = response.content.decode()
    assert "Chuyên viên → Phó phòng" in content and "Hoa" in content


def test_the_filters_narrow_the_trail(admin_client_, trail, officer_ha_tinh, administrator):
    everything = admin_client_.get(URL).context["page"].paginator.count
    assert everything >= 5
    by_record = admin_client_.get(
        URL, {"record": str(trail.pk), "model": ContentType.objects.get_for_model(Person).pk}
    )
    assert {row["entry"].object_id for row in by_record.context["rows"]} == {trail.pk}
    by_name = admin_client_.get(URL, {"record": "Hoa"})
    assert by_name.context["rows"] and all(
        "Hoa" in row["entry"].object_repr for row in by_name.context["rows"]
    )
    users = admin_client_.get(URL, {"model": ContentType.objects.get_for_model(User).pk, "action": 0})
    assert {row["entry"].object_id for row in users.context["rows"]} >= {officer_ha_tinh.pk, administrator.pk}
    today = timezone.localdate()
    assert admin_client_.get(URL, {"since": today.isoformat()}).context["page"].paginator.count == everything
    tomorrow = today + datetime.timedelta(days=1)
    assert admin_client_.get(URL, {"since": tomorrow.isoformat()}).context["page"].paginator.count == 0
    yesterday = today - datetime.timedelta(days=1)
    assert admin_client_.get(URL, {"until": yesterday.isoformat()}).context["page"].paginator.count == 0


def test_filtering_by_user(admin_client_, officer_client, officer_ha_tinh, ha_tinh):
    person = PersonFactory(province=ha_tinh)
    officer_client.get(reverse("directory:person_edit", args=[person.pk]))
    officer_client.post(
        reverse("directory:person_edit", args=[person.pk]),
        {"family_name": "Lê", "given_name": "Mai", "gender": "female", "leadership_level": "none"},
    )
    response = admin_client_.get(URL, {"actor": officer_ha_tinh.pk})
    assert response.context["rows"]
    assert all(row["entry"].actor_id == officer_ha_tinh.pk for row in response.context["rows"])


def test_a_bad_filter_value_is_said_and_shows_nothing_wrong(admin_client_, trail):
    response = admin_client_.get(URL, {"since": "not-a-date", "action": "9"})
    assert response.status_code == 200
    assert response.context["filter"].errors
    assert "since" in response.context["filter"].errors and "action" in response.context["filter"].errors


def test_the_trail_is_paginated(admin_client_, settings, ha_tinh):
    settings.PAGINATE_BY = 3
    PersonFactory.create_batch(5, province=ha_tinh)
    first = admin_client_.get(URL)
    assert len(first.context["rows"]) == 3 and first.context["page"].has_next()
    second = admin_client_.get(URL, {"page": 2})
    assert not set(ids(first)) & set(ids(second))


def test_the_page_runs_a_fixed_number_of_queries(admin_client_, ha_tinh, django_assert_max_num_queries):
    PersonFactory.create_batch(12, province=ha_tinh)
    admin_client_.get(URL)
    # session, user, content types and users of the filter form, count, page with actors and types.
    with django_assert_max_num_queries(8):
        admin_client_.get(URL)


class TestNobodyCanEditIt:
    def test_the_admin_offers_no_add_change_or_delete(self, admin_client_, trail):
        entry = LogEntry.objects.filter(object_id=trail.pk).first()
        listing = admin_client_.get(reverse("admin:auditlog_logentry_changelist"))
        assert listing.status_code == 200
        assert "delete_selected" not in listing.content.decode()
        assert admin_client_.get(reverse("admin:auditlog_logentry_add")).status_code == 403
        delete_url = reverse("admin:auditlog_logentry_delete", args=[entry.pk])
        assert admin_client_.get(delete_url).status_code == 403
        assert admin_client_.post(delete_url, {"post": "yes"}).status_code == 403
        change_url = reverse("admin:auditlog_logentry_change", args=[entry.pk])
        page = admin_client_.get(change_url)
        assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
        admin_client_.post(change_url, {"object_repr": "forged"})
        entry.refresh_from_db()
        assert entry.object_repr != "forged"
        assert LogEntry.objects.filter(pk=entry.pk).exists()

    def test_the_app_has_no_page_that_writes_to_it(self, admin_client_, trail):
        before = LogEntry.objects.count()
        assert admin_client_.post(URL, {"action": "delete"}).status_code == 405
        assert LogEntry.objects.count() == before

    def test_a_superuser_cannot_delete_it_in_the_admin_either(self, client, trail):
        root = make_user("root", User.Role.MINISTRY, is_superuser=True, is_staff=True)
        client.force_login(root)
        entry = LogEntry.objects.first()
        assert (
            client.post(
                reverse("admin:auditlog_logentry_delete", args=[entry.pk]), {"post": "yes"}
            ).status_code
            == 403
        )
        assert LogEntry.objects.filter(pk=entry.pk).exists()


def test_the_page_speaks_vietnamese_by_default(admin_client_, settings, trail):
    settings.LANGUAGE_CODE = "vi"
    content = admin_client_.get(URL, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Nhật ký kiểm tra" in content and "Trước → sau" in content


def test_an_access_entry_says_in_words_what_was_shown_and_where(admin_client_, officer_client, ha_tinh):
    person = PersonFactory(province=ha_tinh, citizen_id="042185000123")
    officer_client.get(reverse("directory:person_detail", args=[person.pk]))
    response = admin_client_.get(URL, {"action": LogEntry.Action.ACCESS})
    (row,) = response.context["rows"]
    assert (row["access"], row["place"]) == ("full ID number shown", "person page")
    assert "full ID number shown <small>(person page)</small>" in response.content.decode()
    # In Vietnamese too, and never the code the entry stores.
    admin_client_.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    content = admin_client_.get(URL, {"action": LogEntry.Action.ACCESS}).content.decode()
    assert "(trang thông tin người)" in content and "person_detail" not in content
