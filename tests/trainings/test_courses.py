"""Courses: the list with filters, the detail page and the form, within each user's scope."""

import datetime

import pytest
from django.urls import reverse

from directory.models import AdministrativeUnit
from tests.trainings.factories import CourseFactory, EnrolmentFactory, OrganisationFactory, ProgrammeFactory
from trainings.models import Course, CourseTrainer, Session

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def course_data(unit, **overrides) -> dict:
    data = {
        "title": "Tổng quan về bình đẳng giới",
        "kind": "class",
        "status": "planned",
        "start_date": "11/07/2019",
        "end_date": "12/07/2019",
        "duration": "",
        "duration_unit": "days",
        "format": "in_person",
        "venue": "Hội trường Sở Lao động",
        "unit": unit.pk if unit else "",
        "capacity": "60",
        "completion_rule": "all",
        "audience": "Thành viên Ban Vì sự tiến bộ của phụ nữ tỉnh",
    }
    data.update(overrides)
    return data


class TestList:
    def test_an_officer_lists_only_her_provinces_courses(
        self, officer_client, ha_tinh_course, nghe_an_course, national_course
    ):
        response = officer_client.get(reverse("trainings:course_list"))
        assert list(response.context["page"].object_list) == [ha_tinh_course]
        assert "Tập huấn Nghệ An" not in response.content.decode()

    def test_ministry_staff_list_every_course_including_national_ones(
        self, ministry_client, ha_tinh_course, nghe_an_course, national_course
    ):
        response = ministry_client.get(reverse("trainings:course_list"))
        assert set(response.context["page"].object_list) == {ha_tinh_course, nghe_an_course, national_course}

    def test_ministry_staff_filter_by_province_and_national_courses(
        self, ministry_client, ha_tinh, ha_tinh_course, nghe_an_course, national_course
    ):
        by_province = ministry_client.get(reverse("trainings:course_list"), {"province": ha_tinh.pk})
        assert list(by_province.context["page"].object_list) == [ha_tinh_course]
        national = ministry_client.get(reverse("trainings:course_list"), {"national": "on"})
        assert list(national.context["page"].object_list) == [national_course]

    def test_an_officer_cannot_filter_her_way_into_another_province(
        self, officer_client, nghe_an, ha_tinh_course, nghe_an_course
    ):
        response = officer_client.get(reverse("trainings:course_list"), {"province": nghe_an.pk})
        assert list(response.context["page"].object_list) == [ha_tinh_course]
        assert "province" not in response.context["filter"].form.fields

    def test_another_provinces_programme_is_not_offered_as_a_filter(
        self, officer_client, nghe_an, ha_tinh_course
    ):
        hidden = ProgrammeFactory(name="Chương trình Nghệ An", province=nghe_an)
        response = officer_client.get(reverse("trainings:course_list"))
        assert hidden not in response.context["filter"].form.fields["programme"].queryset
        filtered = officer_client.get(reverse("trainings:course_list"), {"programme": hidden.pk})
        assert list(filtered.context["page"].object_list) == [ha_tinh_course]  # an invalid choice is ignored

    def test_the_search_ignores_diacritics(self, officer_client, ha_tinh_course, ha_tinh):
        CourseFactory(title="Kỹ năng lãnh đạo", province=ha_tinh)
        response = officer_client.get(reverse("trainings:course_list"), {"q": "binh dang gioi"})
        assert list(response.context["page"].object_list) == [ha_tinh_course]

    def test_filters_by_kind_status_and_dates(self, ministry_client, ha_tinh):
        core = CourseFactory(kind=Course.Kind.CORE, province=None, start_date=datetime.date(2024, 5, 16))
        held = CourseFactory(
            status=Course.Status.HELD, province=ha_tinh, start_date=datetime.date(2019, 7, 10)
        )
        url = reverse("trainings:course_list")
        assert list(ministry_client.get(url, {"kind": "core"}).context["page"].object_list) == [core]
        assert list(ministry_client.get(url, {"status": "held"}).context["page"].object_list) == [held]
        in_2019 = ministry_client.get(url, {"starts_after": "01/01/2019", "starts_before": "31/12/2019"})
        assert list(in_2019.context["page"].object_list) == [held]

    def test_dates_are_shown_day_first(self, officer_client, ha_tinh_course):
        assert (
            "11/07/2019 – 12/07/2019" in officer_client.get(reverse("trainings:course_list")).content.decode()
        )

    def test_the_list_runs_a_fixed_number_of_queries(
        self, officer_client, ha_tinh, django_assert_num_queries
    ):
        for _ in range(5):
            course = CourseFactory(province=ha_tinh, programme=ProgrammeFactory(province=ha_tinh))
            EnrolmentFactory.create_batch(2, course=course)
        # Expect 7 queries: session, user, page count, the filter's programme and plan choices, courses
        # with programme, province, unit and enrolment counts, the officer's province in the header.
        with django_assert_num_queries(7):
            response = officer_client.get(reverse("trainings:course_list"))
        assert len(response.context["page"].object_list) == 5


class TestDetail:
    def test_the_detail_shows_trainers_sessions_and_participants(self, officer_client, ha_tinh_course):
        CourseTrainer.objects.create(
            course=ha_tinh_course,
            name="Đặng Ngọc Toàn",
            credentials="Tiến sĩ, chuyên gia tư vấn về giới, ADB",
        )
        EnrolmentFactory(course=ha_tinh_course, person__given_name="Hương")
        page = officer_client.get(
            reverse("trainings:course_detail", args=[ha_tinh_course.pk])
        ).content.decode()
        assert "Đặng Ngọc Toàn" in page
        assert "Tiến sĩ, chuyên gia tư vấn về giới, ADB" in page
        assert "Nguyễn Thị Hương" in page
        assert "11/07/2019; 12/07/2019" in page

    @pytest.mark.parametrize(
        "url_name",
        [
            "course_detail",
            "course_edit",
            "attendance",
            "enrolment_add",
            "feedback_summary",
            "course_trainer_add",
        ],
    )
    def test_another_provinces_course_is_not_found(self, other_officer_client, ha_tinh_course, url_name):
        response = other_officer_client.get(reverse(f"trainings:{url_name}", args=[ha_tinh_course.pk]))
        assert response.status_code == 404

    def test_a_national_course_is_not_found_by_an_officer(self, officer_client, national_course):
        response = officer_client.get(reverse("trainings:course_detail", args=[national_course.pk]))
        assert response.status_code == 404

    def test_the_detail_runs_a_fixed_number_of_queries(
        self, officer_client, ha_tinh_course, django_assert_num_queries
    ):
        for _ in range(4):
            CourseTrainer.objects.create(course=ha_tinh_course, name="Giảng viên")
            EnrolmentFactory(course=ha_tinh_course)
        # Expect 9 queries: session, user, the course with its relations, sessions, trainers with their
        # people, enrolments with people and counts, leaders, assignments with partners (none, so no
        # prefetch), the officer's province in the header.
        with django_assert_num_queries(9):
            response = officer_client.get(reverse("trainings:course_detail", args=[ha_tinh_course.pk]))
        assert response.status_code == 200


class TestForm:
    def test_an_officer_records_a_course_of_her_province_and_its_sessions(
        self, officer_client, ha_tinh, officer_ha_tinh
    ):
        response = officer_client.post(reverse("trainings:course_create"), course_data(ha_tinh))
        course = Course.objects.get()
        assert response.status_code == 302
        assert course.province == ha_tinh
        assert course.duration == 2  # counted from the dates
        assert course.created_by == officer_ha_tinh
        assert [(s.date, s.part) for s in course.sessions.all()] == [
            (datetime.date(2019, 7, 11), Session.Part.DAY),
            (datetime.date(2019, 7, 12), Session.Part.DAY),
        ]

    def test_a_half_day_workshop_has_one_session(self, ministry_client, ha_tinh):
        data = course_data(
            ha_tinh, start_date="20/05/2024", end_date="20/05/2024", duration="1", duration_unit="half_days"
        )
        data["starts_in_afternoon"] = "on"
        ministry_client.post(reverse("trainings:course_create"), data)
        assert [(s.date, s.part) for s in Session.objects.all()] == [
            (datetime.date(2024, 5, 20), Session.Part.AFTERNOON)
        ]

    def test_an_end_before_the_start_redisplays_the_form(self, officer_client, ha_tinh):
        response = officer_client.post(
            reverse("trainings:course_create"),
            course_data(ha_tinh, start_date="12/07/2019", end_date="11/07/2019"),
        )
        assert response.status_code == 200
        assert response.context["form"].errors["end_date"] == ["The end date is before the start date."]
        assert not Course.objects.exists()

    def test_a_duration_that_does_not_fit_the_dates_is_explained(self, officer_client, ha_tinh):
        response = officer_client.post(reverse("trainings:course_create"), course_data(ha_tinh, duration="3"))
        assert response.context["form"].errors["duration"] == [
            "A course of 3 days starting on 11/07/2019 ends on 13/07/2019, not on 12/07/2019: "
            "change the duration or the dates."
        ]
        assert not Course.objects.exists()

    def test_a_date_typed_month_first_is_rejected(self, officer_client, ha_tinh):
        response = officer_client.post(
            reverse("trainings:course_create"), course_data(ha_tinh, start_date="07/31/2019")
        )
        assert "start_date" in response.context["form"].errors
        assert not Course.objects.exists()

    def test_an_officer_cannot_record_a_course_held_in_another_province(self, officer_client, nghe_an):
        organiser = OrganisationFactory(name="Hội LHPN Nghệ An", unit=nghe_an)
        response = officer_client.post(
            reverse("trainings:course_create"), course_data(None, organiser=organiser.pk)
        )
        # Another province's organisation is not even offered.
        assert "organiser" in response.context["form"].errors
        assert not Course.objects.exists()

    def test_an_officer_must_say_where_her_course_is_held(self, officer_client):
        response = officer_client.post(reverse("trainings:course_create"), course_data(None))
        assert (
            "you can record courses of your own province only" in response.context["form"].errors["unit"][0]
        )
        assert not Course.objects.exists()

    def test_the_capacity_cannot_drop_below_the_enrolled(self, officer_client, ha_tinh, ha_tinh_course):
        EnrolmentFactory.create_batch(3, course=ha_tinh_course)
        data = course_data(ha_tinh, title=ha_tinh_course.title, capacity="2")
        response = officer_client.post(reverse("trainings:course_edit", args=[ha_tinh_course.pk]), data)
        assert response.context["form"].errors["capacity"] == [
            "3 participants are already enrolled: the capacity cannot be lower than that."
        ]
        ha_tinh_course.refresh_from_db()
        assert ha_tinh_course.capacity == 40

    def test_a_share_of_sessions_needs_its_percentage(self, officer_client, ha_tinh):
        response = officer_client.post(
            reverse("trainings:course_create"), course_data(ha_tinh, completion_rule="percent")
        )
        assert "completion_percent" in response.context["form"].errors

    def test_another_provinces_course_cannot_be_changed_by_post(
        self, other_officer_client, ha_tinh, ha_tinh_course
    ):
        response = other_officer_client.post(
            reverse("trainings:course_edit", args=[ha_tinh_course.pk]), course_data(ha_tinh, title="Hijacked")
        )
        assert response.status_code == 404
        ha_tinh_course.refresh_from_db()
        assert ha_tinh_course.title != "Hijacked"

    def test_moving_the_dates_keeps_sessions_with_attendance(self, officer_client, ha_tinh, ha_tinh_course):
        from trainings.models import Attendance

        enrolment = EnrolmentFactory(course=ha_tinh_course)
        Attendance.objects.create(enrolment=enrolment, session=ha_tinh_course.sessions.first(), present=True)
        data = course_data(
            ha_tinh, title=ha_tinh_course.title, start_date="15/07/2019", end_date="16/07/2019"
        )
        response = officer_client.post(reverse("trainings:course_edit", args=[ha_tinh_course.pk]), data)
        assert "Attendance has been recorded for sessions" in response.context["form"].non_field_errors()[0]
        ha_tinh_course.refresh_from_db()
        assert ha_tinh_course.start_date == datetime.date(2019, 7, 11)

    def test_the_form_offers_the_officer_only_her_provinces_units(self, officer_client, ha_tinh, nghe_an):
        commune = AdministrativeUnit.objects.create(
            catalogue=ha_tinh.catalogue, code="42901", name="Xã Thử", kind="commune", parent=ha_tinh
        )
        elsewhere = AdministrativeUnit.objects.create(
            catalogue=nghe_an.catalogue, code="40901", name="Xã Khác", kind="commune", parent=nghe_an
        )
        units = set(
            officer_client.get(reverse("trainings:course_create")).context["form"].fields["unit"].queryset
        )
        assert {ha_tinh, commune} <= units
        assert nghe_an not in units and elsewhere not in units
        assert all(unit == ha_tinh or unit.parent_id == ha_tinh.pk for unit in units)
