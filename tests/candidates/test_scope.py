"""Scope: a provincial officer sees and changes only her province's candidacies; the rest is a 404."""

import pytest
from django.urls import reverse

from candidates.models import Candidacy, Stage
from tests.candidates.conftest import candidacy_at, woman

pytestmark = pytest.mark.django_db


@pytest.fixture
def ha_tinh_candidacy(ha_tinh, ha_tinh_council, councils_2026) -> Candidacy:
    return candidacy_at(woman(ha_tinh, given_name="Hoà"), ha_tinh_council, councils_2026, Stage.OFFICIAL)


@pytest.fixture
def nghe_an_candidacy(nghe_an, nghe_an_council, councils_2026) -> Candidacy:
    return candidacy_at(woman(nghe_an, given_name="Mai"), nghe_an_council, councils_2026, Stage.OFFICIAL)


def test_another_provinces_candidacy_is_a_404(other_officer_client, ha_tinh_candidacy):
    assert other_officer_client.get(ha_tinh_candidacy.get_absolute_url()).status_code == 404
    advance_url = reverse("candidates:candidacy_advance", args=[ha_tinh_candidacy.pk])
    assert other_officer_client.get(advance_url).status_code == 404
    response = other_officer_client.post(advance_url, {"to_stage": "elected", "on_date": "01/04/2026"})
    assert response.status_code == 404
    ha_tinh_candidacy.refresh_from_db()
    assert ha_tinh_candidacy.stage == Stage.OFFICIAL


def test_an_officer_opens_her_own_provinces_candidacy(officer_client, ha_tinh_candidacy):
    assert officer_client.get(ha_tinh_candidacy.get_absolute_url()).status_code == 200


def test_the_list_holds_only_the_officers_province(officer_client, ha_tinh_candidacy, nghe_an_candidacy):
    response = officer_client.get(reverse("candidates:candidacy_list"))
    assert list(response.context["page"].object_list) == [ha_tinh_candidacy]
    content = response.content.decode()
    assert ha_tinh_candidacy.person.full_name in content
    assert "Nguyễn Thị Mai" not in content


def test_the_filters_offer_only_the_officers_bodies_and_no_province(
    officer_client, ha_tinh_council, nghe_an_council, national_assembly
):
    form = officer_client.get(reverse("candidates:candidacy_list")).context["filter"].form
    assert "province" not in form.fields
    assert set(form.fields["body"].queryset) == {ha_tinh_council, national_assembly}


def test_filtering_by_another_provinces_body_shows_nothing(
    officer_client, nghe_an_council, nghe_an_candidacy
):
    response = officer_client.get(reverse("candidates:candidacy_list"), {"body": nghe_an_council.pk})
    assert list(response.context["page"].object_list) == []


def test_the_pipeline_counts_only_the_officers_province(
    officer_client, ministry_client, ha_tinh_candidacy, nghe_an_candidacy, councils_2026
):
    assert officer_client.get(reverse("candidates:pipeline")).context["funnel"].total == 1
    assert ministry_client.get(reverse("candidates:pipeline")).context["funnel"].total == 2


def test_an_officer_cannot_ask_the_pipeline_for_another_province(
    officer_client, nghe_an, ha_tinh_candidacy, nghe_an_candidacy
):
    response = officer_client.get(reverse("candidates:pipeline"), {"province": nghe_an.pk})
    assert response.context["funnel"].total == 1


def test_the_quota_table_of_an_officer_shows_her_province_only(
    officer_client, ha_tinh_candidacy, nghe_an_candidacy, women_official_target, nghe_an, councils_2026
):
    response = officer_client.get(
        reverse("candidates:quota_table"), {"term": councils_2026.pk, "province": nghe_an.pk}
    )
    assert [check.body for check in response.context["checks"]] == [ha_tinh_candidacy.body]
    assert "Nghệ An" not in response.content.decode().split('data-testid="quota-table"')[1]


def test_an_officer_cannot_record_a_candidacy_for_another_provinces_person(other_officer_client, ha_tinh):
    person = woman(ha_tinh)
    response = other_officer_client.get(reverse("candidates:candidacy_create"), {"person": person.pk})
    assert response.status_code == 404
    search = other_officer_client.get(reverse("candidates:candidacy_create"), {"q": person.full_name})
    assert list(search.context["found"]) == []


def test_national_roles_see_every_province(
    ministry_client, admin_client_, ha_tinh_candidacy, nghe_an_candidacy
):
    for client in (ministry_client, admin_client_):
        response = client.get(reverse("candidates:candidacy_list"))
        assert response.context["page"].paginator.count == 2
        assert client.get(nghe_an_candidacy.get_absolute_url()).status_code == 200


def test_ministry_staff_may_record_stage_changes_like_officers(ministry_client, ha_tinh_candidacy):
    response = ministry_client.post(
        reverse("candidates:candidacy_advance", args=[ha_tinh_candidacy.pk]),
        {"to_stage": "elected", "on_date": "16/03/2026", "reason": ""},
    )
    assert response.status_code == 302
