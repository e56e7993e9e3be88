"""Attendance per session, entered as one grid, and completion computed by the course's rule."""

import datetime

import pytest
from django.urls import reverse

from tests.trainings.factories import CourseFactory, EnrolmentFactory
from trainings import services
from trainings.models import Attendance, Course, Enrolment, Session
from trainings.services import completion_status, session_slots

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

MAY_16 = datetime.date(2024, 5, 16)


class TestSessions:
    def test_a_four_day_course_has_four_daily_sessions(self):
        slots = session_slots(start=MAY_16, duration=4, unit="days")
        assert [day.day for day, _part in slots] == [16, 17, 18, 19]

    def test_half_days_run_morning_then_afternoon(self):
        slots = session_slots(start=MAY_16, duration=3, unit="half_days")
        assert slots == [
            (MAY_16, Session.Part.MORNING),
            (MAY_16, Session.Part.AFTERNOON),
            (datetime.date(2024, 5, 17), Session.Part.MORNING),
        ]

    def test_a_course_starting_in_the_afternoon_continues_the_next_morning(self):
        slots = session_slots(start=MAY_16, duration=2, unit="half_days", starts_in_afternoon=True)
        assert slots == [(MAY_16, Session.Part.AFTERNOON), (datetime.date(2024, 5, 17), Session.Part.MORNING)]


def grid_post(client, course, present_pairs):
    return client.post(
        reverse("trainings:attendance", args=[course.pk]),
        {"present": [f"{enrolment.pk}-{session.pk}" for enrolment, session in present_pairs]},
    )


@pytest.fixture
def three_day_course(ha_tinh):
    return CourseFactory(
        province=ha_tinh,
        start_date=datetime.date(2019, 7, 17),
        end_date=datetime.date(2019, 7, 19),
        duration=3,
    )


class TestGrid:
    def test_the_grid_saves_every_cell_and_completes_those_at_every_session(
        self, officer_client, three_day_course
    ):
        full, partial, absent = EnrolmentFactory.create_batch(3, course=three_day_course)
        sessions = list(three_day_course.sessions.all())
        response = grid_post(
            officer_client, three_day_course, [(full, s) for s in sessions] + [(partial, sessions[0])]
        )
        assert response.status_code == 302
        assert Attendance.objects.count() == 9  # absences are stored, not left blank
        statuses = dict(Enrolment.objects.values_list("pk", "status"))
        assert statuses == {full.pk: "completed", partial.pk: "attended", absent.pk: "registered"}

    def test_saving_again_replaces_the_grid(self, officer_client, three_day_course):
        enrolment = EnrolmentFactory(course=three_day_course)
        sessions = list(three_day_course.sessions.all())
        grid_post(officer_client, three_day_course, [(enrolment, s) for s in sessions])
        grid_post(officer_client, three_day_course, [(enrolment, sessions[0])])
        enrolment.refresh_from_db()
        assert enrolment.status == Enrolment.Status.ATTENDED
        assert Attendance.objects.filter(present=True).count() == 1

    def test_everyone_is_marked_present_in_one_tap(self, officer_client, three_day_course):
        EnrolmentFactory.create_batch(3, course=three_day_course)
        officer_client.post(reverse("trainings:attendance", args=[three_day_course.pk]), {"everyone": "1"})
        assert Attendance.objects.filter(present=True).count() == 9
        assert set(Enrolment.objects.values_list("status", flat=True)) == {"completed"}

    def test_a_box_of_another_course_is_rejected_and_nothing_saved(
        self, officer_client, three_day_course, ha_tinh_course
    ):
        enrolment = EnrolmentFactory(course=three_day_course)
        stranger = EnrolmentFactory(course=ha_tinh_course)
        response = grid_post(officer_client, three_day_course, [(stranger, ha_tinh_course.sessions.first())])
        assert response.status_code == 200
        assert "out of date" in response.context["form"].errors["present"][0]
        assert not Attendance.objects.exists()
        enrolment.refresh_from_db()
        assert enrolment.status == Enrolment.Status.REGISTERED

    def test_another_provinces_grid_is_not_found(self, other_officer_client, three_day_course):
        enrolment = EnrolmentFactory(course=three_day_course)
        response = grid_post(
            other_officer_client, three_day_course, [(enrolment, three_day_course.sessions.first())]
        )
        assert response.status_code == 404
        assert not Attendance.objects.exists()

    def test_the_grid_page_runs_a_fixed_number_of_queries(
        self, officer_client, three_day_course, django_assert_num_queries
    ):
        enrolments = EnrolmentFactory.create_batch(6, course=three_day_course)
        services.attendance_save(
            course=three_day_course,
            present={(e.pk, s.pk) for e in enrolments for s in three_day_course.sessions.all()},
            actor=three_day_course.created_by or _national_user(),
        )
        # Expect 6 queries: session, user, course, sessions, enrolments with people, their attendance,
        # and the officer's province in the header.
        with django_assert_num_queries(7):
            response = officer_client.get(reverse("trainings:attendance", args=[three_day_course.pk]))
        assert response.content.decode().count("checked") == 18


def _national_user():
    from accounts.models import User

    return User.objects.create_user("national", role=User.Role.MINISTRY)


class TestCompletionRule:
    @pytest.mark.parametrize(
        ("rule", "percent", "attended", "expected"),
        [
            ("all", None, 4, "completed"),
            ("all", None, 3, "attended"),
            ("all", None, 0, "registered"),
            ("percent", 75, 3, "completed"),
            ("percent", 75, 2, "attended"),
            ("manual", None, 4, "attended"),
        ],
    )
    def test_the_status_follows_the_rule(self, rule, percent, attended, expected):
        assert completion_status(
            rule=rule, percent=percent, attended=attended, sessions=4, current="registered"
        ) == (expected)

    def test_a_withdrawal_and_a_manual_completion_are_kept(self):
        assert (
            completion_status(rule="all", percent=None, attended=4, sessions=4, current="withdrawn")
            == "withdrawn"
        )
        assert completion_status(
            rule="manual", percent=None, attended=0, sessions=4, current="completed"
        ) == ("completed")

    def test_changing_the_rule_recomputes_the_statuses(self, ministry, three_day_course):
        enrolment = EnrolmentFactory(course=three_day_course)
        sessions = list(three_day_course.sessions.all())
        services.attendance_save(
            course=three_day_course, present={(enrolment.pk, s.pk) for s in sessions[:2]}, actor=ministry
        )
        enrolment.refresh_from_db()
        assert enrolment.status == Enrolment.Status.ATTENDED
        three_day_course.completion_rule = Course.CompletionRule.MIN_PERCENT
        three_day_course.completion_percent = 60
        services.course_save(course=three_day_course, actor=ministry)
        enrolment.refresh_from_db()
        assert enrolment.status == Enrolment.Status.COMPLETED

    def test_the_update_is_done_in_bulk(self, ministry, three_day_course, django_assert_max_num_queries):
        enrolments = EnrolmentFactory.create_batch(30, course=three_day_course)
        present = {(e.pk, s.pk) for e in enrolments for s in three_day_course.sessions.all()}
        # However many people: enrolments, sessions, delete, insert, session count, statuses, one update
        # with the rows it changes read before and their audit entries written after (audit.services).
        with django_assert_max_num_queries(12):
            services.attendance_save(course=three_day_course, present=present, actor=ministry)
        assert Enrolment.objects.filter(status="completed").count() == 30

    def test_trainers_take_part_but_do_not_complete(self, ministry, three_day_course):
        trainer = EnrolmentFactory(course=three_day_course, role=Enrolment.Role.TRAINER)
        services.attendance_save(
            course=three_day_course,
            present={(trainer.pk, s.pk) for s in three_day_course.sessions.all()},
            actor=ministry,
        )
        trainer.refresh_from_db()
        assert trainer.status == Enrolment.Status.ATTENDED
