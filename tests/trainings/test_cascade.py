"""Cascades: workshops follow a core course, led by its core trainees, within the programme's limits."""

import datetime

import pytest
from django.urls import reverse

from tests.trainings.factories import CourseFactory, EnrolmentFactory, PersonFactory
from trainings import services
from trainings.models import Course, Enrolment
from trainings.selectors import cascade_reach
from trainings.services import TrainingRuleError

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def make_core_trainees(core_course, count, alumnae=0):
    return [
        EnrolmentFactory(
            course=core_course,
            role=Enrolment.Role.CORE_TRAINEE,
            alumna_of="WILJ" if i < alumnae else "",
            person__given_name=f"Cốt{i}",
        )
        for i in range(count)
    ]


def make_workshop(core_course, leaders=(), status=Course.Status.HELD, day=1, **extra):
    workshop = CourseFactory(
        title=f"Hội thảo AWIL {day}",
        kind=Course.Kind.WORKSHOP,
        core_course=core_course,
        programme=core_course.programme,
        province=None,
        start_date=datetime.date(2024, 5, 20) + datetime.timedelta(days=day),
        duration_unit=Course.DurationUnit.HALF_DAYS,
        capacity=100,
        status=status,
        **extra,
    )
    workshop.led_by.set(leaders)
    return workshop


def attend(workshop, people, status=Enrolment.Status.ATTENDED):
    Enrolment.objects.bulk_create(
        Enrolment(course=workshop, person=person, role=Enrolment.Role.TRAINEE, status=status)
        for person in people
    )


def workshop_data(core_course, leaders=(), **overrides) -> dict:
    data = {
        "title": "Hội thảo AWIL tại Văn phòng Chính phủ",
        "kind": "workshop",
        "core_course": core_course.pk,
        "led_by": [leader.pk for leader in leaders],
        "status": "planned",
        "start_date": "03/06/2024",
        "end_date": "03/06/2024",
        "duration": "1",
        "duration_unit": "half_days",
        "format": "in_person",
        "capacity": "100",
        "completion_rule": "all",
    }
    data.update(overrides)
    return data


class TestWorkshops:
    def test_a_workshop_follows_a_core_course_and_is_led_by_its_core_trainees(
        self, ministry_client, core_course, awil
    ):
        leaders = make_core_trainees(core_course, 2)
        response = ministry_client.post(
            reverse("trainings:course_create"), workshop_data(core_course, leaders)
        )
        workshop = Course.objects.get(kind=Course.Kind.WORKSHOP)
        assert response.status_code == 302
        assert workshop.core_course == core_course
        assert workshop.programme == awil  # a cascade is one programme
        assert set(workshop.led_by.all()) == set(leaders)
        assert workshop.sessions.count() == 1

    def test_a_workshop_without_a_core_course_is_refused(self, ministry_client, core_course):
        data = workshop_data(core_course)
        data["core_course"] = ""
        response = ministry_client.post(reverse("trainings:course_create"), data)
        assert response.context["form"].errors["core_course"] == [
            "A cascade workshop or wrap-up follows a core course: choose it."
        ]
        assert not Course.objects.filter(kind=Course.Kind.WORKSHOP).exists()

    def test_a_leader_must_be_a_core_trainee_of_that_core_course(self, ministry, core_course, awil):
        other_core = CourseFactory(kind=Course.Kind.CORE, programme=awil, province=None)
        stranger = EnrolmentFactory(course=other_core, role=Enrolment.Role.CORE_TRAINEE)
        workshop = Course(
            title="Hội thảo",
            kind=Course.Kind.WORKSHOP,
            core_course=core_course,
            start_date=datetime.date(2024, 6, 3),
            end_date=datetime.date(2024, 6, 3),
            duration=1,
            duration_unit=Course.DurationUnit.HALF_DAYS,
        )
        with pytest.raises(TrainingRuleError, match="is not a core trainee of the core course"):
            services.course_save(course=workshop, leaders=[stranger], actor=ministry)
        assert not Course.objects.filter(kind=Course.Kind.WORKSHOP).exists()

    def test_the_sixteenth_workshop_is_refused_with_a_message(self, ministry_client, core_course):
        for day in range(15):
            make_workshop(core_course, day=day, status=Course.Status.PLANNED)
        response = ministry_client.post(reverse("trainings:course_create"), workshop_data(core_course))
        assert response.status_code == 200
        assert response.context["form"].non_field_errors() == [
            "Thúc đẩy vai trò của phụ nữ trong công tác lãnh đạo (AWIL) allows at most 15 cascade workshops "
            "and 15 are already recorded. Cancel one first, or raise the limit on the programme."
        ]
        assert Course.objects.filter(kind=Course.Kind.WORKSHOP).count() == 15

    def test_a_cancelled_workshop_frees_its_place(self, ministry, core_course):
        for day in range(14):
            make_workshop(core_course, day=day)
        make_workshop(core_course, day=14, status=Course.Status.CANCELLED)
        workshop = Course(
            title="Hội thảo thay thế",
            kind=Course.Kind.WORKSHOP,
            core_course=core_course,
            start_date=datetime.date(2024, 6, 20),
            end_date=datetime.date(2024, 6, 20),
            duration=1,
            duration_unit=Course.DurationUnit.HALF_DAYS,
        )
        services.course_save(course=workshop, actor=ministry)
        assert workshop.pk

    def test_reopening_a_cancelled_workshop_beyond_the_limit_is_refused(self, ministry, core_course):
        for day in range(15):
            make_workshop(core_course, day=day)
        cancelled = make_workshop(core_course, day=20, status=Course.Status.CANCELLED)
        cancelled.status = Course.Status.PLANNED
        with pytest.raises(TrainingRuleError, match="at most 15 cascade workshops"):
            services.course_save(course=cancelled, actor=ministry)

    def test_a_workshop_larger_than_the_programme_allows_is_refused(self, ministry_client, core_course):
        response = ministry_client.post(
            reverse("trainings:course_create"), workshop_data(core_course, capacity="120")
        )
        assert response.context["form"].errors["capacity"] == [
            "Thúc đẩy vai trò của phụ nữ trong công tác lãnh đạo (AWIL) allows at most 100 participants per "
            "workshop."
        ]

    def test_a_workshop_without_capacity_gets_the_programmes_limit(self, ministry_client, core_course):
        ministry_client.post(reverse("trainings:course_create"), workshop_data(core_course, capacity=""))
        assert Course.objects.get(kind=Course.Kind.WORKSHOP).capacity == 100

    def test_the_hundred_and_first_participant_is_refused(self, ministry, core_course):
        workshop = make_workshop(core_course)
        attend(workshop, PersonFactory.create_batch(100), status=Enrolment.Status.REGISTERED)
        with pytest.raises(TrainingRuleError, match="The course is full: 100 of 100 places are taken"):
            services.enrolment_create(course=workshop, person=PersonFactory(), actor=ministry)
        assert workshop.enrolments.count() == 100

    def test_the_limit_cannot_be_set_below_the_workshops_recorded(self, ministry_client, core_course, awil):
        for day in range(3):
            make_workshop(core_course, day=day)
        response = ministry_client.post(
            reverse("trainings:programme_edit", args=[awil.pk]),
            {"name": awil.name, "code": awil.code, "max_workshops": "2"},
        )
        assert response.context["form"].errors["max_workshops"] == [
            "3 cascade workshops are already recorded; the limit cannot be lower than that."
        ]
        awil.refresh_from_db()
        assert awil.max_workshops == 15


class TestReach:
    def test_a_person_at_two_workshops_counts_once(self, core_course):
        people = PersonFactory.create_batch(5)
        attend(make_workshop(core_course, day=1), people[:3])
        attend(make_workshop(core_course, day=2), people[2:])
        assert cascade_reach(core_course) == {"reached": 6, "unique_people": 5}

    def test_registered_withdrawn_and_cancelled_do_not_count_as_reached(self, core_course):
        workshop = make_workshop(core_course, day=1)
        attend(workshop, PersonFactory.create_batch(2))
        attend(workshop, PersonFactory.create_batch(2), status=Enrolment.Status.REGISTERED)
        attend(workshop, PersonFactory.create_batch(1), status=Enrolment.Status.WITHDRAWN)
        attend(
            make_workshop(core_course, day=2, status=Course.Status.CANCELLED), PersonFactory.create_batch(3)
        )
        assert cascade_reach(core_course) == {"reached": 2, "unique_people": 2}

    def test_another_cascades_workshops_are_not_counted(self, core_course, awil):
        other_core = CourseFactory(kind=Course.Kind.CORE, programme=awil, province=None)
        attend(make_workshop(other_core), PersonFactory.create_batch(4))
        attend(make_workshop(core_course), PersonFactory.create_batch(1))
        assert cascade_reach(core_course)["unique_people"] == 1


class TestCascadePage:
    def test_the_page_shows_the_tree_and_the_totals_against_the_targets(self, ministry_client, core_course):
        trainees = make_core_trainees(core_course, 3, alumnae=2)
        people = PersonFactory.create_batch(150)
        attend(make_workshop(core_course, leaders=trainees[:2], day=1), people[:100])
        attend(make_workshop(core_course, leaders=[trainees[0]], day=2), people[50:150])
        make_workshop(core_course, leaders=[trainees[2]], day=3, status=Course.Status.PLANNED)

        response = ministry_client.get(reverse("trainings:cascade", args=[core_course.pk]))
        cascade = response.context["cascade"]
        totals = cascade.totals
        assert (totals.workshops_held, totals.workshops_planned, totals.workshops_recorded) == (2, 15, 3)
        assert (totals.reached, totals.unique_people, totals.target_reach) == (200, 150, 1500)
        assert totals.reach_percent == 10
        assert (totals.core_trainees, totals.alumnae) == (3, 2)
        by_name = {trainee.person.given_name: trainee for trainee in cascade.core_trainees}
        assert by_name["Cốt0"].people_reached == 150  # led both workshops: the overlap counts once
        assert len(by_name["Cốt0"].workshops) == 2
        assert by_name["Cốt1"].people_reached == 100
        assert by_name["Cốt2"].people_reached == 0
        page = response.content.decode()
        assert "150 / 1,500" in page or "150 / 1.500" in page

    def test_a_workshop_url_leads_to_its_cascade(self, ministry_client, core_course):
        workshop = make_workshop(core_course)
        response = ministry_client.get(reverse("trainings:cascade", args=[workshop.pk]))
        assert response.url == reverse("trainings:cascade", args=[core_course.pk])

    def test_an_officer_cannot_see_a_national_cascade(self, officer_client, core_course):
        response = officer_client.get(reverse("trainings:cascade", args=[core_course.pk]))
        assert response.status_code == 404

    def test_the_page_runs_a_fixed_number_of_queries(
        self, ministry_client, core_course, django_assert_num_queries
    ):
        trainees = make_core_trainees(core_course, 5)
        for day in range(6):
            attend(
                make_workshop(core_course, leaders=trainees[day % 5 :][:2], day=day),
                PersonFactory.create_batch(3),
            )
        # Expect 8 queries: session, user, the core course, follow-ups with counts, their leaders with
        # people, core trainees with reach, the cascade reach, the workshop counts.
        with django_assert_num_queries(8):
            response = ministry_client.get(reverse("trainings:cascade", args=[core_course.pk]))
        assert len(response.context["cascade"].workshops) == 6


class TestWrapUp:
    @pytest.fixture
    def wrap_up(self, core_course):
        return CourseFactory(
            title="Hội thảo tổng kết AWIL",
            kind=Course.Kind.WRAP_UP,
            core_course=core_course,
            programme=core_course.programme,
            province=None,
            start_date=datetime.date(2024, 6, 5),
        )

    def test_the_core_trainees_are_enrolled_in_one_go(self, ministry_client, core_course, wrap_up):
        make_core_trainees(core_course, 4, alumnae=1)
        ministry_client.post(reverse("trainings:wrap_up_invite", args=[wrap_up.pk]), {"core_trainees": "1"})
        assert wrap_up.enrolments.filter(role=Enrolment.Role.CORE_TRAINEE).count() == 4
        assert wrap_up.enrolments.filter(alumna_of="WILJ").count() == 1
        # Twice is harmless.
        ministry_client.post(reverse("trainings:wrap_up_invite", args=[wrap_up.pk]), {"core_trainees": "1"})
        assert wrap_up.enrolments.count() == 4

    def test_the_best_participants_are_offered_best_score_first_and_invited(
        self, ministry_client, core_course, wrap_up
    ):
        workshop = make_workshop(core_course)
        attend(workshop, PersonFactory.create_batch(10))
        for score, enrolment in enumerate(workshop.enrolments.order_by("pk"), start=50):
            enrolment.post_test_score = score
            enrolment.save()
        url = reverse("trainings:wrap_up_invite", args=[wrap_up.pk])
        candidates = list(ministry_client.get(url).context["candidates"])
        assert [c.post_test_score for c in candidates[:2]] == [59, 58]
        best = candidates[:8]
        response = ministry_client.post(url, {"enrolments": [c.pk for c in best]})
        assert response.status_code == 302
        invited = wrap_up.enrolments.all()
        assert {e.person_id for e in invited} == {c.person_id for c in best}
        assert all(e.invited_from_id for e in invited)

    def test_a_ninth_invitation_is_refused(self, ministry_client, core_course, wrap_up):
        workshop = make_workshop(core_course)
        attend(workshop, PersonFactory.create_batch(9))
        url = reverse("trainings:wrap_up_invite", args=[wrap_up.pk])
        response = ministry_client.post(
            url, {"enrolments": list(workshop.enrolments.values_list("pk", flat=True))}
        )
        assert response.status_code == 200
        assert (
            "invites at most 8 workshop participants to the wrap-up"
            in response.context["form"].non_field_errors()[0]
        )
        assert not wrap_up.enrolments.exists()

    def test_a_participant_of_another_cascade_cannot_be_invited(self, ministry, core_course, wrap_up, awil):
        other_core = CourseFactory(kind=Course.Kind.CORE, programme=awil, province=None)
        other_workshop = make_workshop(other_core)
        attend(other_workshop, PersonFactory.create_batch(1))
        with pytest.raises(TrainingRuleError, match="did not take part in a workshop of this cascade"):
            services.wrap_up_invite_participants(
                wrap_up=wrap_up, enrolments=list(other_workshop.enrolments.all()), actor=ministry
            )
