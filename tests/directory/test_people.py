"""People: the list with search, the detail page and the form, within each user's scope."""

import datetime
import unicodedata

import pytest
from django.urls import reverse

from directory.models import Person
from tests.directory.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hoa(ha_tinh) -> Person:
    return PersonFactory(family_name="Nguyễn", middle_name="Thị", given_name="Hoà", province=ha_tinh)


@pytest.fixture
def nghe_an_person(nghe_an) -> Person:
    return PersonFactory(family_name="Phan", middle_name="Thị", given_name="Mai", province=nghe_an)


def valid_form_data(**overrides) -> dict:
    data = {
        "family_name": "Trần",
        "middle_name": "Thị",
        "given_name": "Bích",
        "gender": "female",
        "birth_date": "16/05/1985",
        "citizen_id": "042185000123",
        "leadership_level": "none",
        "email": "",
        "phone": "0912345678",
    }
    data.update(overrides)
    return data


class TestNames:
    def test_full_name_and_keys_are_derived_from_the_parts(self, ha_tinh):
        person = PersonFactory(
            family_name="NGUYỄN", middle_name="thị  minh", given_name="hoà", province=ha_tinh
        )
        assert person.full_name == "Nguyễn Thị Minh Hoà"
        assert person.search_key == "nguyen thi minh hoa"

    def test_nfd_input_is_stored_as_nfc(self, ha_tinh):
        person = PersonFactory(given_name=unicodedata.normalize("NFD", "Huệ"), province=ha_tinh)
        assert unicodedata.is_normalized("NFC", person.full_name)

    def test_people_are_listed_by_given_then_middle_then_family_name(self, ha_tinh):
        for family, middle, given in [("Đỗ", "Thị", "Anh"), ("Bùi", "Thị", "Bích"), ("Ân", "Văn", "Anh")]:
            PersonFactory(family_name=family, middle_name=middle, given_name=given, province=ha_tinh)
        assert list(Person.objects.values_list("full_name", flat=True)) == [
            "Đỗ Thị Anh", "Ân Văn Anh", "Bùi Thị Bích",
        ]  # fmt: skip

    def test_a_full_name_splits_into_family_middle_and_given(self):
        assert Person.split_full_name("nguyễn  thị minh hoà") == ("Nguyễn", "Thị Minh", "Hoà")
        assert Person.split_full_name("Lan") == ("", "", "Lan")


class TestSearch:
    @pytest.mark.parametrize("query", ["nguyen thi hoa", "Hòa", "Hoà", "NGUYỄN HOÀ", "hoa nguyen"])
    def test_search_finds_a_name_written_any_way(self, hoa, query):
        assert list(Person.objects.search(query)) == [hoa]

    def test_search_by_nfd_text_finds_the_person(self, hoa):
        assert list(Person.objects.search(unicodedata.normalize("NFD", "Hòa"))) == [hoa]

    def test_search_needs_every_word(self, hoa):
        assert not Person.objects.search("nguyen thi mai").exists()

    def test_the_list_page_searches(self, officer_client, hoa):
        response = officer_client.get(reverse("directory:person_list"), {"q": "nguyen thi hoa"})
        assert response.status_code == 200
        assert list(response.context["page"].object_list) == [hoa]
        assert "Nguyễn Thị Hoà" in response.content.decode()


class TestScope:
    def test_an_officer_lists_only_her_provinces_people(self, officer_client, hoa, nghe_an_person):
        response = officer_client.get(reverse("directory:person_list"))
        assert list(response.context["page"].object_list) == [hoa]

    def test_an_officer_cannot_find_another_provinces_person_by_search(self, officer_client, nghe_an_person):
        response = officer_client.get(reverse("directory:person_list"), {"q": "phan thi mai"})
        assert list(response.context["page"].object_list) == []
        assert "Phan Thị Mai" not in response.content.decode()

    def test_an_officer_cannot_filter_her_way_into_another_province(self, officer_client, nghe_an_person):
        response = officer_client.get(
            reverse("directory:person_list"), {"province": nghe_an_person.province_id}
        )
        assert list(response.context["page"].object_list) == []

    def test_another_provinces_person_is_not_found_by_url(self, officer_client, nghe_an_person):
        assert (
            officer_client.get(reverse("directory:person_detail", args=[nghe_an_person.pk])).status_code
            == 404
        )
        assert (
            officer_client.get(reverse("directory:person_edit", args=[nghe_an_person.pk])).status_code == 404
        )

    def test_another_provinces_person_cannot_be_changed_by_post(self, officer_client, nghe_an_person):
        url = reverse("directory:person_edit", args=[nghe_an_person.pk])
        response = officer_client.post(url, valid_form_data(given_name="Hacked"))
        assert response.status_code == 404
        nghe_an_person.refresh_from_db()
        assert nghe_an_person.given_name == "Mai"

    def test_an_officer_cannot_move_a_person_to_another_province(self, officer_client, hoa, nghe_an):
        url = reverse("directory:person_edit", args=[hoa.pk])
        officer_client.post(url, valid_form_data(province=nghe_an.pk, citizen_id=""))
        hoa.refresh_from_db()
        assert hoa.province.code == "42"

    def test_a_person_created_by_an_officer_belongs_to_her_province(self, officer_client, nghe_an):
        officer_client.post(reverse("directory:person_create"), valid_form_data(province=nghe_an.pk))
        person = Person.objects.get(given_name="Bích")
        assert person.province.code == "42"

    def test_ministry_staff_see_every_province(self, ministry_client, hoa, nghe_an_person):
        response = ministry_client.get(reverse("directory:person_list"))
        assert set(response.context["page"].object_list) == {hoa, nghe_an_person}
        assert ministry_client.get(nghe_an_person.get_absolute_url()).status_code == 200

    def test_ministry_staff_can_filter_by_province(self, ministry_client, hoa, nghe_an_person):
        response = ministry_client.get(reverse("directory:person_list"), {"province": hoa.province_id})
        assert list(response.context["page"].object_list) == [hoa]

    def test_anonymous_visitors_are_sent_to_the_login_page(self, client, hoa):
        response = client.get(hoa.get_absolute_url())
        assert response.status_code == 302 and response.url.startswith(reverse("login"))

    def test_a_user_without_province_or_national_role_sees_nobody(self, hoa):
        from accounts.models import User

        user = User(role=User.Role.OFFICER, province=None, is_active=True)
        assert not Person.objects.visible_to(user).exists()


class TestForm:
    def test_a_person_is_created_with_a_valid_form(self, officer_client):
        response = officer_client.post(reverse("directory:person_create"), valid_form_data())
        person = Person.objects.get()
        assert response.status_code == 302 and response.url == person.get_absolute_url()
        assert person.full_name == "Trần Thị Bích"
        assert person.birth_date.isoformat() == "1985-05-16" and person.birth_year == 1985

    def test_an_id_that_disagrees_with_the_gender_redisplays_the_form(self, officer_client):
        data = valid_form_data(citizen_id="042085000123")
        response = officer_client.post(reverse("directory:person_create"), data)
        assert response.status_code == 200
        assert "Chữ số thứ 4 của số định danh (0) dành cho nam" in response.content.decode()
        assert not Person.objects.exists()

    def test_an_id_that_disagrees_with_the_birth_year_is_rejected(self, officer_client):
        response = officer_client.post(
            reverse("directory:person_create"), valid_form_data(birth_date="16/05/1986")
        )
        assert "sinh năm 1985" in response.content.decode()
        assert not Person.objects.exists()

    def test_an_id_already_recorded_is_rejected(self, officer_client, hoa):
        hoa.citizen_id = "042185000123"
        hoa.save()
        response = officer_client.post(reverse("directory:person_create"), valid_form_data())
        assert response.status_code == 200
        assert Person.objects.count() == 1

    def test_a_date_in_another_format_is_rejected_with_a_message(self, officer_client):
        response = officer_client.post(
            reverse("directory:person_create"), valid_form_data(birth_date="May 16")
        )
        assert response.status_code == 200 and response.context["form"].errors["birth_date"]
        assert not Person.objects.exists()

    def test_the_given_name_is_required(self, officer_client):
        response = officer_client.post(reverse("directory:person_create"), valid_form_data(given_name=" "))
        assert "given_name" in response.context["form"].errors
        assert not Person.objects.exists()

    def test_the_year_must_agree_with_the_date(self, officer_client):
        data = valid_form_data(birth_year="1990", citizen_id="")
        response = officer_client.post(reverse("directory:person_create"), data)
        assert "birth_year" in response.context["form"].errors

    def test_an_eleven_digit_id_gets_its_zero_back(self, officer_client):
        officer_client.post(reverse("directory:person_create"), valid_form_data(citizen_id="42185000123"))
        assert Person.objects.get().citizen_id == "042185000123"

    def test_the_form_is_in_vietnamese_by_default(self, officer_client):
        response = officer_client.get(reverse("directory:person_create"))
        assert response.headers["Content-Language"] == "vi"


class TestQueries:
    def test_the_list_runs_a_fixed_number_of_queries(
        self, officer_client, ha_tinh, django_assert_num_queries
    ):
        PersonFactory.create_batch(30, province=ha_tinh)
        # Expect 6 queries: session, user, the user's province (header), count of people, ethnic groups
        # (filter choices), one page of people with province, organisation and ethnic group joined.
        with django_assert_num_queries(6):
            officer_client.get(reverse("directory:person_list"))


BORN = datetime.date(1985, 5, 16)


class TestPrivacy:
    def test_ministry_staff_see_the_id_number_masked_and_only_the_birth_year(self, ministry_client, ha_tinh):
        person = PersonFactory(citizen_id="042185000123", birth_date=BORN, province=ha_tinh)
        content = ministry_client.get(person.get_absolute_url()).content.decode()
        assert "042185000123" not in content and "•••••••••123" in content
        assert "16/05/1985" not in content and "1985" in content

    def test_the_provinces_officer_sees_the_full_id_and_the_view_is_logged(
        self, officer_client, ha_tinh, caplog
    ):
        person = PersonFactory(citizen_id="042185000123", birth_date=BORN, province=ha_tinh)
        with caplog.at_level("INFO", logger="directory.privacy"):
            content = officer_client.get(person.get_absolute_url()).content.decode()
        assert "042185000123" in content and "16/05/1985" in content
        assert f"person {person.pk}" in caplog.text
