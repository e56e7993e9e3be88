"""Enrolments: once per course, within capacity, people of the officer's province only."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from directory.models import Person
from tests.trainings.factories import CourseFactory, EnrolmentFactory
from trainings import services
from trainings.models import Course, Enrolment
from trainings.services import TrainingRuleError

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def enrol_url(course) -> str:
    return reverse("trainings:enrolment_add", args=[course.pk])


class TestEnrolExisting:
    def test_an_officer_finds_and_enrols_someone_of_her_province(
        self, officer_client, ha_tinh_course, ha_tinh_person
    ):
        found = officer_client.get(enrol_url(ha_tinh_course), {"q": "tran thi binh"})
        assert list(found.context["people"]) == [ha_tinh_person]
        response = officer_client.post(
            enrol_url(ha_tinh_course), {"person": ha_tinh_person.pk, "role": "trainee", "alumna_of": "WILJ"}
        )
        assert response.status_code == 302
        enrolment = Enrolment.objects.get()
        assert (enrolment.person, enrolment.alumna_of, enrolment.status) == (
            ha_tinh_person,
            "WILJ",
            "registered",
        )

    def test_the_search_does_not_find_another_provinces_people(
        self, officer_client, ha_tinh_course, nghe_an_person
    ):
        found = officer_client.get(enrol_url(ha_tinh_course), {"q": "phan thi mai"})
        assert list(found.context["people"]) == []

    def test_another_provinces_person_cannot_be_enrolled_by_post(
        self, officer_client, ha_tinh_course, nghe_an_person
    ):
        response = officer_client.post(
            enrol_url(ha_tinh_course), {"person": nghe_an_person.pk, "role": "trainee"}
        )
        assert response.status_code == 200
        assert response.context["existing_form"].errors["person"] == [
            "Choose a person of your province from the search results."
        ]
        assert not Enrolment.objects.exists()

    def test_the_service_refuses_another_provinces_trainee(
        self, officer_ha_tinh, ha_tinh_course, nghe_an_person
    ):
        with pytest.raises(TrainingRuleError, match="you can enrol people of your own province only"):
            services.enrolment_create(course=ha_tinh_course, person=nghe_an_person, actor=officer_ha_tinh)

    def test_a_person_is_enrolled_at_most_once_per_course(
        self, officer_client, ha_tinh_course, ha_tinh_person
    ):
        EnrolmentFactory(course=ha_tinh_course, person=ha_tinh_person)
        response = officer_client.post(
            enrol_url(ha_tinh_course), {"person": ha_tinh_person.pk, "role": "trainee"}
        )
        assert response.context["existing_form"].errors["person"] == [
            "Trần Thị Bình is already enrolled in this course."
        ]
        assert Enrolment.objects.count() == 1

    def test_the_database_refuses_a_second_enrolment_too(self, ha_tinh_course, ha_tinh_person):
        EnrolmentFactory(course=ha_tinh_course, person=ha_tinh_person)
        with pytest.raises(IntegrityError):
            Enrolment.objects.create(course=ha_tinh_course, person=ha_tinh_person)

    def test_a_full_course_refuses_another_trainee(self, officer_ha_tinh, ha_tinh, ha_tinh_person):
        course = CourseFactory(province=ha_tinh, capacity=2)
        EnrolmentFactory.create_batch(2, course=course)
        with pytest.raises(TrainingRuleError, match="The course is full: 2 of 2 places are taken"):
            services.enrolment_create(course=course, person=ha_tinh_person, actor=officer_ha_tinh)

    def test_trainers_and_withdrawn_trainees_do_not_fill_the_course(
        self, officer_ha_tinh, ha_tinh, ha_tinh_person
    ):
        course = CourseFactory(province=ha_tinh, capacity=1)
        EnrolmentFactory(course=course, role=Enrolment.Role.TRAINER)
        EnrolmentFactory(course=course, status=Enrolment.Status.WITHDRAWN)
        enrolment = services.enrolment_create(course=course, person=ha_tinh_person, actor=officer_ha_tinh)
        assert enrolment.pk

    def test_no_one_is_enrolled_in_a_cancelled_course(self, officer_ha_tinh, ha_tinh, ha_tinh_person):
        course = CourseFactory(province=ha_tinh, status=Course.Status.CANCELLED)
        with pytest.raises(TrainingRuleError, match="cancelled"):
            services.enrolment_create(course=course, person=ha_tinh_person, actor=officer_ha_tinh)

    def test_the_enrol_page_of_another_province_is_not_found(
        self, other_officer_client, ha_tinh_course, ha_tinh_person
    ):
        response = other_officer_client.post(
            enrol_url(ha_tinh_course), {"person": ha_tinh_person.pk, "role": "trainee"}
        )
        assert response.status_code == 404
        assert not Enrolment.objects.exists()


class TestEnrolNewPerson:
    def new_person_data(self, **overrides) -> dict:
        data = {
            "form": "new",
            "new-family_name": "Lê",
            "new-middle_name": "Thị",
            "new-given_name": "Hạnh",
            "new-gender": "female",
            "new-leadership_level": "none",
            "new-position": "Phó trưởng phòng",
            "details-role": "trainee",
            "details-alumna_of": "",
        }
        data.update(overrides)
        return data

    def test_a_new_person_is_added_to_her_province_and_enrolled(
        self, officer_client, ha_tinh, ha_tinh_course
    ):
        response = officer_client.post(enrol_url(ha_tinh_course), self.new_person_data())
        assert response.status_code == 302
        person = Person.objects.get(given_name="Hạnh")
        assert person.province == ha_tinh
        assert Enrolment.objects.filter(course=ha_tinh_course, person=person).exists()

    def test_a_bad_citizen_id_redisplays_the_form_and_saves_nothing(self, officer_client, ha_tinh_course):
        response = officer_client.post(
            enrol_url(ha_tinh_course), self.new_person_data(**{"new-citizen_id": "12ab"})
        )
        assert response.status_code == 200
        assert response.context["new_form"].errors["citizen_id"]
        assert not Person.objects.filter(given_name="Hạnh").exists()
        assert not Enrolment.objects.exists()

    def test_a_full_course_keeps_the_new_person_out_too(self, officer_client, ha_tinh):
        course = CourseFactory(province=ha_tinh, capacity=1)
        EnrolmentFactory(course=course)
        response = officer_client.post(enrol_url(course), self.new_person_data())
        assert "The course is full" in response.context["new_form"].non_field_errors()[0]
        assert not Person.objects.filter(given_name="Hạnh").exists()  # the whole step is one transaction


class TestEditEnrolment:
    def edit(self, client, enrolment, **data):
        payload = {"role": enrolment.role, "alumna_of": "", "pre_test_score": "", "post_test_score": ""}
        payload.update(data)
        return client.post(reverse("trainings:enrolment_edit", args=[enrolment.pk]), payload)

    def test_scores_are_recorded(self, officer_client, ha_tinh_course):
        enrolment = EnrolmentFactory(course=ha_tinh_course)
        self.edit(officer_client, enrolment, pre_test_score="45", post_test_score="82.5")
        enrolment.refresh_from_db()
        assert (enrolment.pre_test_score, float(enrolment.post_test_score)) == (45, 82.5)

    def test_a_score_above_100_is_rejected(self, officer_client, ha_tinh_course):
        enrolment = EnrolmentFactory(course=ha_tinh_course)
        response = self.edit(officer_client, enrolment, post_test_score="120")
        assert response.context["form"].errors["post_test_score"]
        enrolment.refresh_from_db()
        assert enrolment.post_test_score is None

    def test_a_withdrawal_is_marked_and_undone(self, officer_client, ha_tinh_course):
        enrolment = EnrolmentFactory(course=ha_tinh_course)
        self.edit(officer_client, enrolment, withdrawn="on")
        enrolment.refresh_from_db()
        assert enrolment.status == Enrolment.Status.WITHDRAWN
        self.edit(officer_client, enrolment)
        enrolment.refresh_from_db()
        assert enrolment.status == Enrolment.Status.REGISTERED

    def test_completion_cannot_be_typed_unless_the_course_says_so(
        self, officer_client, ha_tinh_course, ha_tinh
    ):
        enrolment = EnrolmentFactory(course=ha_tinh_course)
        self.edit(officer_client, enrolment, completed="on")
        enrolment.refresh_from_db()
        assert enrolment.status == Enrolment.Status.REGISTERED
        manual = CourseFactory(province=ha_tinh, completion_rule=Course.CompletionRule.MANUAL)
        decided = EnrolmentFactory(course=manual)
        self.edit(officer_client, decided, completed="on")
        decided.refresh_from_db()
        assert decided.status == Enrolment.Status.COMPLETED

    def test_another_provinces_enrolment_is_not_found(self, other_officer_client, ha_tinh_course):
        enrolment = EnrolmentFactory(course=ha_tinh_course)
        for name in ["enrolment_edit", "feedback", "action_plan"]:
            assert (
                other_officer_client.get(reverse(f"trainings:{name}", args=[enrolment.pk])).status_code == 404
            )
        response = other_officer_client.post(reverse("trainings:enrolment_remove", args=[enrolment.pk]))
        assert response.status_code == 404
        assert Enrolment.objects.filter(pk=enrolment.pk).exists()

    def test_an_enrolment_made_by_mistake_is_removed(self, officer_client, ha_tinh_course):
        enrolment = EnrolmentFactory(course=ha_tinh_course)
        officer_client.post(reverse("trainings:enrolment_remove", args=[enrolment.pk]))
        assert not Enrolment.objects.exists()

    def test_an_enrolment_with_a_certificate_is_not_removed(self, officer_client, ha_tinh_course):
        enrolment = EnrolmentFactory(course=ha_tinh_course, certificate_number="AWIL-2024-001")
        officer_client.post(reverse("trainings:enrolment_remove", args=[enrolment.pk]))
        assert Enrolment.objects.filter(pk=enrolment.pk).exists()
