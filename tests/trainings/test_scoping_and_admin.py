"""Every scoped manager has one `visible_to`; the admin pages of every model open."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.conftest import client_for, make_user
from tests.trainings.factories import (
    ActionPlanFactory,
    EnrolmentFactory,
    MilestoneFactory,
    OrganisationFactory,
    PlanFactory,
)
from trainings.models import (
    ActionPlan,
    Assignment,
    Attendance,
    Course,
    CourseTrainer,
    Enrolment,
    Feedback,
    Milestone,
    Plan,
    Session,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def one_of_each(ha_tinh, nghe_an):
    """A full set of rows in each province and one national set: {province or None: {model: row}}."""
    rows = {}
    for province in (ha_tinh, nghe_an, None):
        enrolment = EnrolmentFactory(course__province=province, role=Enrolment.Role.CORE_TRAINEE)
        course = enrolment.course
        plan = PlanFactory(province=province)
        milestone = MilestoneFactory(action_plan=ActionPlanFactory(enrolment=enrolment))
        rows[province] = {
            Course: course,
            Plan: plan,
            Assignment: Assignment.objects.create(
                plan=plan, organisation=OrganisationFactory(), task="Báo cáo"
            ),
            CourseTrainer: CourseTrainer.objects.create(course=course, name="Giảng viên"),
            Session: course.sessions.get(),
            Enrolment: enrolment,
            Attendance: Attendance.objects.create(
                session=course.sessions.get(), enrolment=enrolment, present=True
            ),
            Feedback: Feedback.objects.create(enrolment=enrolment, overall=5),
            ActionPlan: milestone.action_plan,
            Milestone: milestone,
        }
    return rows


MODELS = [
    Course,
    Plan,
    Assignment,
    CourseTrainer,
    Session,
    Enrolment,
    Attendance,
    Feedback,
    ActionPlan,
    Milestone,
]


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_an_officer_sees_only_her_provinces_rows(model, one_of_each, ha_tinh, officer_ha_tinh):
    assert list(model.objects.visible_to(officer_ha_tinh)) == [one_of_each[ha_tinh][model]]


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_national_roles_see_every_row(model, one_of_each, ministry, administrator):
    assert model.objects.visible_to(ministry).count() == 3
    assert model.objects.visible_to(administrator).count() == 3


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_someone_without_a_scope_sees_nothing(model, one_of_each, django_user_model):
    anonymous = django_user_model(role=User.Role.OFFICER, is_active=False)
    assert not model.objects.visible_to(anonymous).exists()


@pytest.fixture
def superuser_client(db) -> Client:
    return client_for(make_user("root", User.Role.ADMIN, is_superuser=True))


@pytest.mark.parametrize("model", [*MODELS, "programme"], ids=str)
def test_the_admin_list_and_change_pages_open(model, one_of_each, superuser_client, ha_tinh):
    from trainings.models import Programme

    if model == "programme":
        model = Programme
        row = Programme.objects.create(name="AWIL", code="AWIL-2024")
    else:
        row = one_of_each[ha_tinh][model]
    name = model._meta.model_name
    assert superuser_client.get(reverse(f"admin:trainings_{name}_changelist")).status_code == 200
    assert superuser_client.get(reverse(f"admin:trainings_{name}_change", args=[row.pk])).status_code == 200


def test_the_navigation_offers_programmes_plans_and_courses(officer_client):
    urls = [item["url"] for item in officer_client.get(reverse("home")).context["nav_items"]]
    for name in ["programme_list", "plan_list", "course_list"]:
        assert reverse(f"trainings:{name}") in urls


def test_anonymous_visitors_are_sent_to_the_login_page(client, ha_tinh_course):
    response = client.get(reverse("trainings:course_detail", args=[ha_tinh_course.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url
