"""Programmes: national ones read by officers through their courses, changed by national roles only."""

import pytest
from django.urls import reverse

from tests.trainings.factories import CourseFactory, EnrolmentFactory, PlanFactory, ProgrammeFactory
from trainings.models import Programme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def programme_data(**overrides) -> dict:
    data = {
        "name": "Thúc đẩy vai trò của phụ nữ trong công tác lãnh đạo",
        "code": "AWIL-2024",
        "start_date": "16/05/2024",
        "end_date": "30/06/2024",
        "target_reach": "1500",
        "target_workshops": "15",
        "max_workshops": "15",
        "max_workshop_participants": "100",
        "max_wrap_up_invitees": "8",
    }
    data.update(overrides)
    return data


class TestVisibility:
    def test_an_officer_sees_a_national_programme_through_a_course_of_her_province(
        self, officer_ha_tinh, ha_tinh, nghe_an
    ):
        through_course = ProgrammeFactory(name="Qua khoá học")
        CourseFactory(programme=through_course, province=ha_tinh)
        through_plan = ProgrammeFactory(name="Qua kế hoạch")
        PlanFactory(programme=through_plan, province=ha_tinh)
        own = ProgrammeFactory(name="Của tỉnh", province=ha_tinh)
        elsewhere = ProgrammeFactory(name="Nơi khác")
        CourseFactory(programme=elsewhere, province=nghe_an)
        national_only = ProgrammeFactory(name="Trung ương")
        CourseFactory(programme=national_only, province=None)
        visible = set(Programme.objects.visible_to(officer_ha_tinh))
        assert visible == {through_course, through_plan, own}

    def test_ministry_staff_see_every_programme(self, ministry):
        programmes = ProgrammeFactory.create_batch(3)
        assert set(Programme.objects.visible_to(ministry)) == set(programmes)

    def test_an_officer_reads_but_cannot_edit_a_national_programme(self, officer_client, ha_tinh):
        programme = ProgrammeFactory()
        CourseFactory(programme=programme, province=ha_tinh)
        assert (
            officer_client.get(reverse("trainings:programme_detail", args=[programme.pk])).status_code == 200
        )
        assert officer_client.get(reverse("trainings:programme_edit", args=[programme.pk])).status_code == 403
        response = officer_client.post(
            reverse("trainings:programme_edit", args=[programme.pk]), programme_data(name="Changed")
        )
        assert response.status_code == 403
        programme.refresh_from_db()
        assert programme.name != "Changed"

    def test_another_provinces_programme_is_not_found(self, other_officer_client, ha_tinh):
        programme = ProgrammeFactory(province=ha_tinh)
        response = other_officer_client.get(reverse("trainings:programme_detail", args=[programme.pk]))
        assert response.status_code == 404

    def test_the_detail_lists_only_the_officers_courses(self, officer_client, ha_tinh, nghe_an):
        programme = ProgrammeFactory()
        mine = CourseFactory(programme=programme, province=ha_tinh, title="Lớp Hà Tĩnh")
        CourseFactory(programme=programme, province=nghe_an, title="Lớp Nghệ An")
        response = officer_client.get(reverse("trainings:programme_detail", args=[programme.pk]))
        assert list(response.context["courses"]) == [mine]
        assert "Lớp Nghệ An" not in response.content.decode()


class TestForm:
    def test_ministry_staff_record_a_donor_programme_with_its_limits(self, ministry_client, donor):
        response = ministry_client.post(
            reverse("trainings:programme_create"), programme_data(funder=donor.pk)
        )
        programme = Programme.objects.get()
        assert response.status_code == 302
        assert (programme.max_workshops, programme.max_workshop_participants, programme.target_reach) == (
            15,
            100,
            1500,
        )
        assert programme.is_donor_funded
        assert programme.province is None

    def test_an_officers_programme_belongs_to_her_province(self, officer_client, ha_tinh, nghe_an):
        officer_client.post(reverse("trainings:programme_create"), programme_data(province=nghe_an.pk))
        assert Programme.objects.get().province == ha_tinh

    def test_an_end_before_the_start_is_refused(self, ministry_client):
        response = ministry_client.post(
            reverse("trainings:programme_create"), programme_data(end_date="01/05/2024")
        )
        assert response.context["form"].errors["end_date"] == ["The end date is before the start date."]
        assert not Programme.objects.exists()

    def test_the_code_is_unique(self, ministry_client):
        ProgrammeFactory(code="AWIL-2024")
        response = ministry_client.post(reverse("trainings:programme_create"), programme_data())
        assert "code" in response.context["form"].errors
        assert Programme.objects.count() == 1


class TestQueries:
    def test_the_list_runs_a_fixed_number_of_queries(self, ministry_client, django_assert_num_queries):
        for _ in range(4):
            programme = ProgrammeFactory()
            EnrolmentFactory(course=CourseFactory(programme=programme))
        # Expect 4 queries: session, user, page count, programmes with funder, implementer, province and
        # their course counts.
        with django_assert_num_queries(4):
            response = ministry_client.get(reverse("trainings:programme_list"))
        assert len(response.context["page"].object_list) == 4

    def test_the_search_finds_the_code_or_a_name_without_diacritics(self, ministry_client):
        awil = ProgrammeFactory(name="Thúc đẩy vai trò của phụ nữ", code="AWIL-2024")
        ProgrammeFactory(name="Chương trình khác")
        url = reverse("trainings:programme_list")
        assert list(ministry_client.get(url, {"q": "awil"}).context["page"].object_list) == [awil]
        assert list(ministry_client.get(url, {"q": "thuc day"}).context["page"].object_list) == [awil]

    def test_the_detail_runs_a_fixed_number_of_queries(self, ministry_client, django_assert_num_queries):
        programme = ProgrammeFactory()
        for _ in range(5):
            EnrolmentFactory(course=CourseFactory(programme=programme))
        PlanFactory.create_batch(2, programme=programme)
        # Expect 5 queries: session, user, programme with funder, implementer and province, its courses
        # with counts, its plans.
        with django_assert_num_queries(5):
            response = ministry_client.get(reverse("trainings:programme_detail", args=[programme.pk]))
        assert len(response.context["courses"]) == 5
