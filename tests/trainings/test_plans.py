"""Plans and their assignments: scoped to the issuing province, overdue tasks in plain sight."""

import datetime

import pytest
from django.urls import reverse

from tests.trainings.factories import CourseFactory, OrganisationFactory, PlanFactory
from trainings.models import Assignment, Plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

LONG_AGO = datetime.date(2019, 7, 5)


@pytest.fixture
def ha_tinh_plan(ha_tinh):
    return PlanFactory(province=ha_tinh, title="Tổ chức tập huấn bình đẳng giới")


@pytest.fixture
def nghe_an_plan(nghe_an):
    return PlanFactory(province=nghe_an, title="Kế hoạch Nghệ An")


@pytest.fixture
def labour_dept(ha_tinh):
    return OrganisationFactory(
        name="Sở Lao động - Thương binh và Xã hội", short_name="Sở LĐTBXH", unit=ha_tinh
    )


class TestPlans:
    def test_an_officer_records_a_plan_of_her_province(self, officer_client, ha_tinh, nghe_an):
        response = officer_client.post(
            reverse("trainings:plan_create"),
            {"number": "123/KH-UBND", "title": "Tập huấn", "issued_on": "20/06/2019", "province": nghe_an.pk},
        )
        plan = Plan.objects.get()
        assert response.status_code == 302
        assert plan.province == ha_tinh
        assert plan.issued_on == datetime.date(2019, 6, 20)

    def test_a_plan_needs_a_title(self, officer_client):
        response = officer_client.post(reverse("trainings:plan_create"), {"number": "1/KH", "title": ""})
        assert "title" in response.context["form"].errors
        assert not Plan.objects.exists()

    def test_an_officer_lists_only_her_provinces_plans(self, officer_client, ha_tinh_plan, nghe_an_plan):
        response = officer_client.get(reverse("trainings:plan_list"))
        assert list(response.context["page"].object_list) == [ha_tinh_plan]

    def test_a_national_plan_is_for_national_roles(self, officer_client, ministry_client):
        plan = PlanFactory(province=None)
        assert officer_client.get(reverse("trainings:plan_detail", args=[plan.pk])).status_code == 404
        assert ministry_client.get(reverse("trainings:plan_detail", args=[plan.pk])).status_code == 200

    @pytest.mark.parametrize("url_name", ["plan_detail", "plan_edit", "assignment_create"])
    def test_another_provinces_plan_is_not_found(self, other_officer_client, ha_tinh_plan, url_name):
        assert (
            other_officer_client.get(reverse(f"trainings:{url_name}", args=[ha_tinh_plan.pk])).status_code
            == 404
        )

    def test_the_list_runs_a_fixed_number_of_queries(
        self, officer_client, ha_tinh, labour_dept, django_assert_num_queries
    ):
        for _ in range(4):
            plan = PlanFactory(province=ha_tinh, issuer=labour_dept)
            CourseFactory(plan=plan, province=ha_tinh)
            Assignment.objects.create(plan=plan, organisation=labour_dept, task="Báo cáo", due_date=LONG_AGO)
        # Expect 5 queries: session, user, page count, plans with issuer, province, programme and their
        # counts, the officer's province in the header.
        with django_assert_num_queries(5):
            response = officer_client.get(reverse("trainings:plan_list"))
        assert [plan.overdue_count for plan in response.context["page"].object_list] == [1, 1, 1, 1]

    def test_the_detail_runs_a_fixed_number_of_queries(
        self, officer_client, ha_tinh_plan, ha_tinh, labour_dept, django_assert_num_queries
    ):
        for _ in range(4):
            CourseFactory(plan=ha_tinh_plan, province=ha_tinh)
            assignment = Assignment.objects.create(
                plan=ha_tinh_plan, organisation=labour_dept, task="Báo cáo"
            )
            assignment.partners.add(labour_dept)
        # Expect 8 queries: session, user, plan with issuer, province and programme, courses with counts,
        # their trainers, assignments with organisation and course, their partners, the header's province.
        with django_assert_num_queries(8):
            response = officer_client.get(reverse("trainings:plan_detail", args=[ha_tinh_plan.pk]))
        assert response.status_code == 200


class TestAssignments:
    def test_an_assignment_is_given_to_an_organisation(
        self, officer_client, ha_tinh_plan, labour_dept, ha_tinh
    ):
        home_affairs = OrganisationFactory(name="Sở Nội vụ", unit=ha_tinh)
        response = officer_client.post(
            reverse("trainings:assignment_create", args=[ha_tinh_plan.pk]),
            {
                "organisation": home_affairs.pk,
                "partners": [labour_dept.pk],
                "task": "Cung cấp danh sách cán bộ nữ dự kiến tham gia cấp ủy",
                "due_date": "05/07/2019",
                "status": "todo",
            },
        )
        assert response.status_code == 302
        assignment = Assignment.objects.get()
        assert assignment.organisation == home_affairs
        assert list(assignment.partners.all()) == [labour_dept]

    def test_a_task_is_required(self, officer_client, ha_tinh_plan, labour_dept):
        response = officer_client.post(
            reverse("trainings:assignment_create", args=[ha_tinh_plan.pk]),
            {"organisation": labour_dept.pk, "task": "", "status": "todo"},
        )
        assert "task" in response.context["form"].errors
        assert not Assignment.objects.exists()

    def test_an_assignment_marked_done_gets_its_date(self, officer_client, ha_tinh_plan, labour_dept):
        assignment = Assignment.objects.create(
            plan=ha_tinh_plan, organisation=labour_dept, task="Chuẩn bị hội trường"
        )
        officer_client.post(
            reverse("trainings:assignment_edit", args=[assignment.pk]),
            {"organisation": labour_dept.pk, "task": assignment.task, "status": "done"},
        )
        assignment.refresh_from_db()
        assert assignment.status == "done"
        assert assignment.completed_on is not None

    def test_overdue_assignments_are_listed_and_flagged(self, officer_client, ha_tinh_plan, labour_dept):
        late = Assignment.objects.create(
            plan=ha_tinh_plan, organisation=labour_dept, task="Trễ", due_date=LONG_AGO
        )
        Assignment.objects.create(
            plan=ha_tinh_plan, organisation=labour_dept, task="Đã xong", due_date=LONG_AGO, status="done"
        )
        Assignment.objects.create(
            plan=ha_tinh_plan,
            organisation=labour_dept,
            task="Chưa đến hạn",
            due_date=datetime.date(2999, 1, 1),
        )
        response = officer_client.get(reverse("trainings:assignment_list"), {"overdue": "on"})
        assert list(response.context["page"].object_list) == [late]
        assert late.is_overdue
        page = officer_client.get(reverse("trainings:plan_detail", args=[ha_tinh_plan.pk])).content.decode()
        assert page.count('<span class="badge err">overdue</span>') == 1

    def test_another_provinces_assignments_stay_hidden(self, other_officer_client, ha_tinh_plan, labour_dept):
        assignment = Assignment.objects.create(plan=ha_tinh_plan, organisation=labour_dept, task="Bí mật")
        assert (
            list(other_officer_client.get(reverse("trainings:assignment_list")).context["page"].object_list)
            == []
        )
        response = other_officer_client.get(reverse("trainings:assignment_edit", args=[assignment.pk]))
        assert response.status_code == 404

    def test_a_course_of_another_plan_cannot_be_attached(
        self, officer_ha_tinh, ha_tinh_plan, labour_dept, ha_tinh
    ):
        from trainings.services import TrainingRuleError, assignment_save

        other = CourseFactory(province=ha_tinh, plan=PlanFactory(province=ha_tinh))
        assignment = Assignment(
            plan=ha_tinh_plan, organisation=labour_dept, task="Gửi học viên", course=other
        )
        with pytest.raises(TrainingRuleError, match="not part of this plan"):
            assignment_save(assignment=assignment, actor=officer_ha_tinh)

    def test_the_assignment_list_runs_a_fixed_number_of_queries(
        self, officer_client, ha_tinh_plan, labour_dept, django_assert_num_queries
    ):
        for _ in range(5):
            Assignment.objects.create(plan=ha_tinh_plan, organisation=labour_dept, task="Báo cáo")
        # Expect 6 queries: session, user, page count, assignments with organisation, plan and course,
        # their partners, the officer's province in the header.
        with django_assert_num_queries(6):
            officer_client.get(reverse("trainings:assignment_list"))
