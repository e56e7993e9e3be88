"""Feedback per participant with a course summary; core trainees' action plans and their milestones."""

import datetime

import pytest
from django.urls import reverse

from tests.trainings.factories import ActionPlanFactory, EnrolmentFactory, MilestoneFactory
from trainings.models import ActionPlan, Enrolment, Feedback, Milestone

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

LONG_AGO = datetime.date(2024, 7, 1)
FAR_AHEAD = datetime.date(2999, 1, 1)


class TestFeedback:
    def test_a_participants_ratings_and_comments_are_recorded(self, officer_client, ha_tinh_course):
        enrolment = EnrolmentFactory(course=ha_tinh_course)
        response = officer_client.post(
            reverse("trainings:feedback", args=[enrolment.pk]),
            {
                "overall": "5",
                "content": "4",
                "trainers": "5",
                "logistics": "",
                "usefulness": "4",
                "comments": "Rất bổ ích",
            },
        )
        assert response.status_code == 302
        feedback = Feedback.objects.get()
        assert (feedback.overall, feedback.content, feedback.logistics, feedback.comments) == (
            5,
            4,
            None,
            "Rất bổ ích",
        )

    def test_a_rating_out_of_range_redisplays_the_form(self, officer_client, ha_tinh_course):
        enrolment = EnrolmentFactory(course=ha_tinh_course)
        response = officer_client.post(reverse("trainings:feedback", args=[enrolment.pk]), {"overall": "6"})
        assert response.status_code == 200
        assert "overall" in response.context["form"].errors
        assert not Feedback.objects.exists()

    def test_the_overall_rating_is_required(self, officer_client, ha_tinh_course):
        enrolment = EnrolmentFactory(course=ha_tinh_course)
        response = officer_client.post(
            reverse("trainings:feedback", args=[enrolment.pk]), {"comments": "Tốt"}
        )
        assert "overall" in response.context["form"].errors

    def test_a_second_form_updates_the_first(self, officer_client, ha_tinh_course):
        enrolment = EnrolmentFactory(course=ha_tinh_course)
        url = reverse("trainings:feedback", args=[enrolment.pk])
        officer_client.post(url, {"overall": "3"})
        officer_client.post(url, {"overall": "4"})
        assert list(Feedback.objects.values_list("overall", flat=True)) == [4]

    def test_no_feedback_from_someone_who_withdrew(self, officer_client, ha_tinh_course):
        enrolment = EnrolmentFactory(course=ha_tinh_course, status=Enrolment.Status.WITHDRAWN)
        response = officer_client.post(reverse("trainings:feedback", args=[enrolment.pk]), {"overall": "4"})
        assert response.context["form"].non_field_errors() == [
            "She withdrew from the course: there is no feedback to record."
        ]

    def test_another_provinces_feedback_cannot_be_posted(self, other_officer_client, ha_tinh_course):
        enrolment = EnrolmentFactory(course=ha_tinh_course)
        response = other_officer_client.post(
            reverse("trainings:feedback", args=[enrolment.pk]), {"overall": "1"}
        )
        assert response.status_code == 404
        assert not Feedback.objects.exists()

    def test_the_summary_averages_the_ratings(
        self, officer_client, ha_tinh_course, django_assert_num_queries
    ):
        for overall, content in [(5, 4), (4, None), (3, 2)]:
            Feedback.objects.create(
                enrolment=EnrolmentFactory(course=ha_tinh_course),
                overall=overall,
                content=content,
                comments="Ý kiến",
            )
        # Expect 6 queries: session, user, course, the aggregates, the comments with names, the
        # officer's province in the header.
        with django_assert_num_queries(6):
            response = officer_client.get(reverse("trainings:feedback_summary", args=[ha_tinh_course.pk]))
        summary = response.context["summary"]
        assert summary.responses == 3
        assert summary.averages["overall"] == 4
        assert summary.averages["content"] == 3  # blanks are left out, not counted as zero
        assert dict(summary.distribution) == {5: 1, 4: 1, 3: 1, 2: 0, 1: 0}


class TestActionPlans:
    def plan_data(self, **overrides) -> dict:
        data = {
            "short_term_goals": "Tổ chức 1 hội thảo AWIL tại Vụ trong tháng 6",
            "long_term_goals": "Xây dựng mạng lưới nữ lãnh đạo",
            "strategies": "Phối hợp với Ban Vì sự tiến bộ phụ nữ",
            "follow_up_notes": "",
            "milestones-TOTAL_FORMS": "2",
            "milestones-INITIAL_FORMS": "0",
            "milestones-MIN_NUM_FORMS": "0",
            "milestones-MAX_NUM_FORMS": "1000",
            "milestones-0-title": "Hội thảo đầu tiên",
            "milestones-0-due_date": "15/06/2024",
            "milestones-0-status": "planned",
            "milestones-1-title": "",
            "milestones-1-due_date": "",
            "milestones-1-status": "planned",
        }
        data.update(overrides)
        return data

    def test_a_core_trainee_plan_is_saved_with_its_milestones(self, ministry_client, core_course):
        enrolment = EnrolmentFactory(course=core_course, role=Enrolment.Role.CORE_TRAINEE)
        response = ministry_client.post(
            reverse("trainings:action_plan", args=[enrolment.pk]), self.plan_data()
        )
        assert response.status_code == 302
        plan = ActionPlan.objects.get()
        assert plan.enrolment == enrolment
        assert list(plan.milestones.values_list("title", "due_date")) == [
            ("Hội thảo đầu tiên", datetime.date(2024, 6, 15))
        ]

    def test_a_bad_milestone_date_saves_nothing(self, ministry_client, core_course):
        enrolment = EnrolmentFactory(course=core_course, role=Enrolment.Role.CORE_TRAINEE)
        response = ministry_client.post(
            reverse("trainings:action_plan", args=[enrolment.pk]),
            self.plan_data(**{"milestones-0-due_date": "2024/31/06"}),
        )
        assert response.status_code == 200
        assert response.context["formset"].errors[0]["due_date"]
        assert not ActionPlan.objects.exists()
        assert not Milestone.objects.exists()

    def test_a_trainee_has_no_action_plan_page(self, officer_client, ha_tinh_course):
        enrolment = EnrolmentFactory(course=ha_tinh_course)
        response = officer_client.get(reverse("trainings:action_plan", args=[enrolment.pk]))
        assert response.status_code == 302
        assert not ActionPlan.objects.exists()

    def test_the_cascade_plans_show_overdue_milestones_first(
        self, ministry_client, core_course, django_assert_num_queries
    ):
        on_track = ActionPlanFactory(
            enrolment=EnrolmentFactory(
                course=core_course, role=Enrolment.Role.CORE_TRAINEE, person__given_name="An"
            )
        )
        MilestoneFactory(action_plan=on_track, due_date=FAR_AHEAD)
        MilestoneFactory(action_plan=on_track, due_date=LONG_AGO, status=Milestone.Status.DONE)
        late = ActionPlanFactory(
            enrolment=EnrolmentFactory(
                course=core_course, role=Enrolment.Role.CORE_TRAINEE, person__given_name="Yến"
            )
        )
        MilestoneFactory.create_batch(2, action_plan=late, due_date=LONG_AGO)
        without_plan = EnrolmentFactory(
            course=core_course, role=Enrolment.Role.CORE_TRAINEE, person__given_name="Bích"
        )
        # Expect 5 queries: session, user, core course, core trainees with plans and overdue counts,
        # the plans' milestones.
        with django_assert_num_queries(5):
            response = ministry_client.get(reverse("trainings:cascade_action_plans", args=[core_course.pk]))
        trainees = list(response.context["core_trainees"])
        assert [(t.pk, t.overdue_milestones) for t in trainees] == [
            (late.enrolment_id, 2),
            (on_track.enrolment_id, 0),
            (without_plan.pk, 0),
        ]
        assert "2 milestones overdue" in response.content.decode()

    def test_another_provinces_action_plans_are_not_found(
        self, other_officer_client, ha_tinh, ha_tinh_course
    ):
        enrolment = EnrolmentFactory(course=ha_tinh_course, role=Enrolment.Role.CORE_TRAINEE)
        ActionPlanFactory(enrolment=enrolment)
        assert (
            other_officer_client.get(reverse("trainings:action_plan", args=[enrolment.pk])).status_code == 404
        )
        response = other_officer_client.post(
            reverse("trainings:action_plan", args=[enrolment.pk]), self.plan_data()
        )
        assert response.status_code == 404
        assert not Milestone.objects.exists()
