"""The trainings demo: the AWIL 2024 cascade and Hà Tĩnh's 2019 plan as the seeds describe them, loaded fast,
the same every time, and only once however often it is run."""

import io
import time
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Q

from accounts.models import User
from directory.citizen_id import validate_citizen_id
from directory.models import AdministrativeUnit, Organisation, Person
from tests.conftest import make_province
from trainings import demo as trainings_demo
from trainings.demo import DemoDataError, load_trainings_demo
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
    Programme,
)
from trainings.selectors import cascade_reach

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

MODELS = (
    Organisation,
    Person,
    Programme,
    Plan,
    Course,
    CourseTrainer,
    Enrolment,
    Attendance,
    Feedback,
    ActionPlan,
    Milestone,
    Assignment,
)


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for this module, in a transaction rolled back after its last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        # The provinces the reference data would have created.
        make_province("01", "Thành phố Hà Nội", AdministrativeUnit.Kind.CITY)
        ha_tinh = make_province("42", "Tỉnh Hà Tĩnh")
        make_province("40", "Tỉnh Nghệ An")
        administrator = User.objects.create_user("demo.admin", role=User.Role.ADMIN)
        started = time.perf_counter()
        created = load_trainings_demo(actor=administrator)
        seconds = time.perf_counter() - started
        yield SimpleNamespace(created=created, seconds=seconds, administrator=administrator, ha_tinh=ha_tinh)
        transaction.set_rollback(True)


@pytest.fixture
def core_course(demo) -> Course:
    return Course.objects.get(programme__code="AWIL-2024", kind=Course.Kind.CORE)


@pytest.fixture
def plan(demo) -> Plan:
    return Plan.objects.get(province=demo.ha_tinh)


class TestLoading:
    def test_it_creates_the_awil_reach_and_the_ha_tinh_classes_people(self, demo):
        assert demo.created["people"] > 1_500

    def test_loading_again_creates_nothing(self, demo):
        before = row_counts()
        created = load_trainings_demo(actor=demo.administrator)
        assert row_counts() == before
        assert not any(created.values()), created

    def test_the_command_loads_it_with_the_demo_users_and_says_so(self, demo):
        # The candidates demo, which the command runs next, needs Nghệ An and Thanh Hóa too.
        make_province("40", "Tỉnh Nghệ An")
        make_province("38", "Tỉnh Thanh Hóa")
        out = io.StringIO()
        call_command("load_demo_data", stdout=out)
        assert "Trainings demo (AWIL 2024, Hà Tĩnh 2019): nothing new" in out.getvalue()
        assert "quantri" in out.getvalue()

    def test_without_its_provinces_it_says_what_to_do(self, demo, monkeypatch):
        monkeypatch.setitem(trainings_demo.REQUIRED_PROVINCES, "99", "Nowhere")
        with pytest.raises(DemoDataError, match=r"Nowhere \(99\).*load_reference_data"):
            load_trainings_demo()

    def test_every_person_passes_the_directorys_checks(self, demo):
        people = list(Person.objects.all())
        for person in people:
            validate_citizen_id(person.citizen_id, gender=person.gender, birth_year=person.birth_date.year)
            assert person.full_name == f"{person.family_name} {person.middle_name} {person.given_name}"
            assert person.sort_key and person.search_key
        for person in people[::50]:
            person.full_clean()
        # Women born in the 2000s (4th digit 3) and men born in the 1900s (0) are both among them.
        assert {person.citizen_id[3] for person in people} == {"0", "1", "3"}
        assert len({person.full_name for person in people}) > 1_000


class TestAwil:
    def test_the_programme_is_funded_by_a_donor_and_implemented_by_vac(self, demo):
        programme = Programme.objects.select_related("funder", "implementer").get(code="AWIL-2024")
        assert programme.is_donor_funded
        assert programme.implementer.short_name == "VAC"
        assert (programme.target_reach, programme.max_workshops, programme.max_wrap_up_invitees) == (
            1500,
            15,
            8,
        )

    def test_the_core_course_has_25_core_trainees_11_of_them_wilj_alumnae(self, core_course):
        assert (core_course.start_date.isoformat(), core_course.end_date.isoformat()) == (
            "2024-05-16",
            "2024-05-19",
        )
        assert core_course.venue == "Ninh Bình"
        assert core_course.province is None  # national: the four central offices
        trainees = core_course.enrolments.filter(role=Enrolment.Role.CORE_TRAINEE)
        assert trainees.count() == 25
        assert trainees.filter(alumna_of="WILJ").count() == 11
        assert trainees.filter(status=Enrolment.Status.COMPLETED).count() == 25
        offices = set(trainees.values_list("person__organisation__name", flat=True))
        assert offices == {
            "Văn phòng Trung ương Đảng",
            "Văn phòng Chính phủ",
            "Văn phòng Chủ tịch nước",
            "Văn phòng Quốc hội",
        }
        assert core_course.trainers.count() == 3
        assert Feedback.objects.filter(enrolment__course=core_course).count() == 25

    def test_every_core_trainee_has_a_certificate_number_and_an_action_plan(self, core_course):
        trainees = core_course.enrolments.filter(role=Enrolment.Role.CORE_TRAINEE)
        assert trainees.exclude(certificate_number="").count() == 25
        plans = ActionPlan.objects.filter(enrolment__in=trainees)
        assert plans.count() == 25
        milestones = Milestone.objects.filter(action_plan__in=plans)
        assert milestones.count() == 100
        assert 0 < milestones.overdue().count() < 100
        assert milestones.filter(due_date__year=2027).exists()  # and some are still ahead

    def test_15_half_day_workshops_each_led_by_one_or_two_core_trainees_of_at_most_100(self, core_course):
        workshops = Course.objects.filter(core_course=core_course, kind=Course.Kind.WORKSHOP).annotate(
            leaders=Count("led_by", distinct=True),
            learners=Count("enrolments", filter=Q(enrolments__role=Enrolment.Role.TRAINEE), distinct=True),
        )
        assert workshops.count() == 15
        for workshop in workshops:
            assert workshop.duration_unit == Course.DurationUnit.HALF_DAYS
            assert core_course.end_date < workshop.start_date
            assert workshop.leaders in (1, 2)
            assert 90 <= workshop.learners <= 100
        led = Enrolment.objects.filter(led_workshops__in=workshops.values("pk")).distinct()
        assert led.count() == 25  # every core trainee led a workshop

    def test_the_workshops_reach_about_1500_people_some_at_two_workshops(self, core_course):
        reach = cascade_reach(core_course)
        assert 1_400 <= reach["unique_people"] <= 1_500
        assert reach["unique_people"] < reach["reached"]
        absent = Enrolment.objects.filter(
            course__core_course=core_course,
            course__kind=Course.Kind.WORKSHOP,
            status=Enrolment.Status.REGISTERED,
        )
        assert 15 <= absent.count() <= 45  # most came, a few did not

    def test_the_wrap_up_has_the_25_core_trainees_and_the_8_best_participants(self, core_course):
        wrap_up = Course.objects.get(core_course=core_course, kind=Course.Kind.WRAP_UP)
        assert wrap_up.start_date.isoformat() == "2024-06-07"
        roles = dict(wrap_up.enrolments.values_list("role").annotate(count=Count("pk")))
        assert roles == {Enrolment.Role.CORE_TRAINEE: 25, Enrolment.Role.TRAINEE: 8}
        invited = wrap_up.enrolments.filter(role=Enrolment.Role.TRAINEE).select_related(
            "invited_from__course"
        )
        assert {e.invited_from.course.kind for e in invited} == {Course.Kind.WORKSHOP}
        assert len({e.invited_from.course_id for e in invited}) == 8
        best_elsewhere = (
            Enrolment.objects.filter(course__kind=Course.Kind.WORKSHOP, post_test_score__isnull=False)
            .exclude(invitations__course=wrap_up)
            .order_by("-post_test_score")
            .first()
        )
        assert all(e.invited_from.post_test_score > best_elsewhere.post_test_score for e in invited)

    def test_provincial_officers_do_not_see_the_national_cascade(self, demo, core_course):
        officer = User.objects.create_user("officer.42", role=User.Role.OFFICER, province=demo.ha_tinh)
        assert not Course.objects.visible_to(officer).filter(programme__code="AWIL-2024").exists()


class TestHaTinh:
    def test_the_plan_of_the_provincial_peoples_committee(self, plan):
        assert plan.issuer.name == "Ủy ban nhân dân tỉnh Hà Tĩnh"
        assert "08/CTr-UBQG" in plan.basis
        assert "607/LĐTBXH-BĐG" in plan.funding_source
        # The seed gives neither; the demo does not invent an official number.
        assert (plan.number, plan.issued_on) == ("", None)

    def test_it_has_four_classes_with_their_dates_audience_venue_and_trainer(self, plan):
        classes = list(plan.courses.order_by("start_date"))
        assert [(c.start_date.strftime("%d/%m"), c.end_date.strftime("%d/%m")) for c in classes] == [
            ("10/07", "10/07"),
            ("11/07", "12/07"),
            ("15/07", "16/07"),
            ("17/07", "19/07"),
        ]
        assert all(course.province.code == "42" and course.venue == "Thành phố Hà Tĩnh" for course in classes)
        assert all(course.trainers.filter(name="Đặng Ngọc Toàn").exists() for course in classes)
        assert "Bí thư Đảng ủy" in classes[3].audience
        candidates = classes[2].enrolments.select_related("person")
        assert candidates.count() >= 40
        assert {e.person.gender for e in candidates} == {Person.Gender.FEMALE}
        assert all("2020–2025" in e.person.notes or "2021–2026" in e.person.notes for e in candidates)
        assert all(course.enrolments.filter(status=Enrolment.Status.COMPLETED).exists() for course in classes)

    def test_the_tasks_of_the_agencies_with_due_dates_some_overdue(self, plan):
        assignments = plan.assignments.select_related("organisation")
        tasks = {(a.organisation.name, a.task[:20]) for a in assignments}
        assert ("Sở Lao động - Thương binh và Xã hội tỉnh Hà Tĩnh", "Tổng hợp, báo cáo kế") in tasks
        provide_lists = assignments.get(
            organisation__name="Sở Nội vụ tỉnh Hà Tĩnh", task__startswith="Cung cấp"
        )
        assert [p.name for p in provide_lists.partners.all()] == ["Hội Liên hiệp Phụ nữ tỉnh Hà Tĩnh"]
        districts = assignments.filter(organisation__name__startswith="Ủy ban nhân dân huyện")
        assert districts.filter(task__startswith="Cử cán bộ").count() == 10
        assert all(a.due_date for a in assignments)
        assert 3 <= Assignment.objects.filter(plan=plan).overdue().count() < assignments.count()

    def test_the_ha_tinh_officer_sees_the_plan_and_its_classes(self, demo, plan):
        officer = User.objects.create_user("officer.ht", role=User.Role.OFFICER, province=demo.ha_tinh)
        assert Plan.objects.visible_to(officer).get() == plan
        assert Course.objects.visible_to(officer).count() == 4
