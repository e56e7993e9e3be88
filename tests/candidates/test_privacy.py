"""Privacy: ID numbers and birth dates in full for officers and administrators, masked for ministry staff."""

import datetime

import pytest
from django.urls import reverse

from candidates.models import Candidacy
from directory.privacy import mask_citizen_id, person_identity
from tests.candidates.conftest import candidacy_at, woman

pytestmark = pytest.mark.django_db

CITIZEN_ID = "042185000123"


@pytest.fixture
def candidacy(ha_tinh, ha_tinh_council, councils_2026) -> Candidacy:
    person = woman(ha_tinh, birth_date=datetime.date(1985, 5, 16), citizen_id=CITIZEN_ID)
    return candidacy_at(person, ha_tinh_council, councils_2026)


def test_a_masked_id_keeps_only_its_last_three_digits():
    assert mask_citizen_id(CITIZEN_ID) == "•••••••••123"
    assert mask_citizen_id("012345678") == "••••••678"
    assert mask_citizen_id(None) == ""


def test_the_one_helper_decides_per_role(candidacy, officer_ha_tinh, administrator, ministry):
    for user in (officer_ha_tinh, administrator):
        identity = person_identity(candidacy.person, user=user)
        assert (identity.citizen_id, identity.birth_date, identity.masked) == (
            CITIZEN_ID,
            datetime.date(1985, 5, 16),
            False,
        )
    identity = person_identity(candidacy.person, user=ministry)
    assert (identity.citizen_id, identity.birth_date, identity.birth_year, identity.masked) == (
        "•••••••••123",
        None,
        1985,
        True,
    )


@pytest.mark.parametrize("client_name", ["officer_client", "admin_client_"])
def test_officers_and_administrators_see_full_data_on_the_detail_and_the_list(
    request, candidacy, client_name
):
    client = request.getfixturevalue(client_name)
    for url in (candidacy.get_absolute_url(), reverse("candidates:candidacy_list")):
        content = client.get(url).content.decode()
        assert CITIZEN_ID in content and "16/05/1985" in content
        assert 'data-testid="privacy-note"' not in content


def test_ministry_staff_see_the_id_masked_and_the_year_of_birth_only(candidacy, ministry_client):
    for url in (candidacy.get_absolute_url(), reverse("candidates:candidacy_list")):
        content = ministry_client.get(url).content.decode()
        assert CITIZEN_ID not in content and "16/05/1985" not in content
        assert "•••••••••123" in content and "1985" in content
        assert 'data-testid="privacy-note"' in content


def test_ministry_staff_cannot_find_a_candidate_by_id_number(candidacy, ministry_client):
    response = ministry_client.get(reverse("candidates:candidacy_list"), {"q": CITIZEN_ID[:6]})
    assert response.context["page"].paginator.count == 0


def test_showing_full_data_is_logged(candidacy, officer_client, caplog):
    with caplog.at_level("INFO", logger="directory.privacy"):
        officer_client.get(candidacy.get_absolute_url())
    assert f"person {candidacy.person_id}" in caplog.text


def test_an_officer_is_told_why_a_candidate_recorded_in_no_province_of_hers_is_masked(
    ha_tinh, ha_tinh_council, councils_2026, officer_client
):
    # A candidacy for Hà Tĩnh's council, of a woman the directory records in no province: the officer
    # sees her masked, like any person not of her province, and the page says why.
    person = woman(None, birth_date=datetime.date(1985, 5, 16), citizen_id=CITIZEN_ID)
    candidacy = candidacy_at(person, ha_tinh_council, councils_2026)
    for url in (candidacy.get_absolute_url(), reverse("candidates:candidacy_list")):
        content = officer_client.get(url).content.decode()
        assert CITIZEN_ID not in content and "•••••••••123" in content
        assert 'data-testid="privacy-note"' in content
