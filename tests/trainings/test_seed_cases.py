"""The two seed documents, reproduced through the web pages as a new user would.

001 (AWIL 2024): a 4-day core course for 25 core trainees (11 WILJ alumnae), up to 15 half-day workshops
of up to 100 each reaching ~1,500 people, and a 1-day wrap-up with the 25 and the 8 best participants.
003 (Hà Tĩnh 2019): a provincial plan with four classes, their audiences, dates, venue and trainer, and
tasks assigned to agencies.
"""

import datetime

import pytest
from django.urls import reverse

from accounts.models import User
from directory.models import Organisation, Person
from tests.conftest import client_for, make_user
from trainings.models import Assignment, Course, CourseTrainer, Enrolment, Plan, Programme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def admin_client(db):
    """A superuser: the Administrator role alone holds no model permissions in the admin yet."""
    return client_for(make_user("root", User.Role.ADMIN, is_superuser=True))


def add_organisation(admin_client, name, kind, unit=None, short_name="") -> Organisation:
    """Reference data is the administrator's: organisations are added on the admin pages (superuser)."""
    response = admin_client.post(
        reverse("admin:directory_organisation_add"),
        {"name": name, "short_name": short_name, "kind": kind, "unit": unit.pk if unit else ""},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    # The newest of that name: reference data loaded elsewhere may hold a namesake in another unit.
    return Organisation.objects.filter(name=name).latest("pk")


def post_ok(client, url, data):
    response = client.post(url, data)
    if response.status_code != 302:
        form = response.context.get("form") or response.context.get("new_form")
        pytest.fail(f"{url} refused: {form.errors if form else response.status_code}")
    return response


def course_form(**fields) -> dict:
    data = {"status": "planned", "format": "in_person", "duration_unit": "days", "completion_rule": "all"}
    data.update(fields)
    return data


def enrol_new(client, course, given_name, role, alumna_of="", organisation=None, province=None):
    return post_ok(
        client,
        reverse("trainings:enrolment_add", args=[course.pk]),
        {
            "form": "new",
            "new-family_name": "Nguyễn",
            "new-middle_name": "Thị",
            "new-given_name": given_name,
            "new-gender": "female",
            "new-organisation": organisation.pk if organisation else "",
            "new-province": province.pk if province else "",
            "details-role": role,
            "details-alumna_of": alumna_of,
        },
    )


def tick_everyone(client, course):
    grid = client.get(reverse("trainings:attendance", args=[course.pk])).context["grid"]
    boxes = [f"{enrolment.pk}-{session.pk}" for enrolment, cells in grid.rows for session, _mark in cells]
    post_ok(client, reverse("trainings:attendance", args=[course.pk]), {"present": boxes})


def test_the_awil_cascade_is_reproduced_and_its_reach_counted(admin_client, ministry_client):
    donor = add_organisation(admin_client, "Chính phủ Australia", "donor")
    vac = add_organisation(admin_client, "Trung tâm Việt - Úc", "training_centre", short_name="VAC")
    offices = [
        add_organisation(admin_client, name, "central_office")
        for name in [
            "Văn phòng Trung ương Đảng",
            "Văn phòng Chính phủ",
            "Văn phòng Chủ tịch nước",
            "Văn phòng Quốc hội",
        ]
    ]

    post_ok(
        ministry_client,
        reverse("trainings:programme_create"),
        {
            "name": "Thúc đẩy vai trò của phụ nữ trong công tác lãnh đạo (AWIL)",
            "code": "AWIL-2024",
            "funder": donor.pk,
            "implementer": vac.pk,
            "start_date": "16/05/2024",
            "end_date": "30/06/2024",
            "target_reach": "1500",
            "target_workshops": "15",
            "max_workshops": "15",
            "max_workshop_participants": "100",
            "max_wrap_up_invitees": "8",
        },
    )
    awil = Programme.objects.get(code="AWIL-2024")
    assert awil.is_donor_funded

    # Component 1: the 4-day core course in Ninh Bình for the four central offices (a national course).
    post_ok(
        ministry_client,
        reverse("trainings:course_create"),
        course_form(
            title="Khoá tập huấn Thúc đẩy vai trò của phụ nữ trong công tác lãnh đạo",
            kind="core",
            component="Hợp phần 1",
            programme=awil.pk,
            start_date="16/05/2024",
            end_date="19/05/2024",
            venue="Ninh Bình",
            organiser=vac.pk,
            capacity="25",
            topics="Giao tiếp hiệu quả, ra quyết định, giải quyết vấn đề, tư duy chiến lược; "
            "bình đẳng giới (DEI)",
        ),
    )
    core = Course.objects.get(kind=Course.Kind.CORE)
    assert (core.duration, core.sessions.count(), core.province) == (4, 4, None)

    for i in range(25):
        enrol_new(
            ministry_client, core, f"Cốt Cán {i}", "core_trainee", "WILJ" if i < 11 else "", offices[i % 4]
        )
    refused = ministry_client.post(
        reverse("trainings:enrolment_add", args=[core.pk]),
        {"form": "new", "new-family_name": "Lê", "new-given_name": "Thừa", "new-gender": "female",
         "details-role": "core_trainee"},
    )  # fmt: skip
    assert (
        "The course is full: 25 of 25 places are taken" in refused.context["new_form"].non_field_errors()[0]
    )
    post_ok(
        ministry_client,
        reverse("trainings:course_trainer_add", args=[core.pk]),
        {"name": "Giảng viên VAC", "credentials": "Chuyên gia lãnh đạo, Trung tâm Việt - Úc", "role": "lead"},
    )
    tick_everyone(ministry_client, core)
    assert core.enrolments.filter(status="completed").count() == 25

    # Component 2: workshops led by core trainees, at most 15, half a day each.
    core_trainees = list(core.enrolments.order_by("pk"))
    for n in range(15):
        post_ok(
            ministry_client,
            reverse("trainings:course_create") + f"?core_course={core.pk}",
            course_form(
                title=f"Hội thảo AWIL số {n + 1}",
                kind="workshop",
                component="Hợp phần 2",
                core_course=core.pk,
                led_by=[core_trainees[n].pk, core_trainees[n + 10].pk],
                start_date=(datetime.date(2024, 5, 22) + datetime.timedelta(days=n)).strftime("%d/%m/%Y"),
                end_date=(datetime.date(2024, 5, 22) + datetime.timedelta(days=n)).strftime("%d/%m/%Y"),
                duration="1",
                duration_unit="half_days",
                status="held",
            ),
        )
    sixteenth = ministry_client.post(
        reverse("trainings:course_create"),
        course_form(title="Hội thảo thừa", kind="workshop", core_course=core.pk, start_date="20/06/2024",
                    end_date="20/06/2024", duration="1", duration_unit="half_days"),
    )  # fmt: skip
    assert "allows at most 15 cascade workshops" in sixteenth.context["form"].non_field_errors()[0]
    workshops = list(Course.objects.filter(kind=Course.Kind.WORKSHOP).order_by("start_date"))
    assert all(w.capacity == 100 and w.programme == awil for w in workshops)

    # Two workshops are entered by hand, with one person at both; the attendance grid marks them.
    enrol_new(ministry_client, workshops[0], "Hoà", "trainee", organisation=offices[1])
    enrol_new(ministry_client, workshops[0], "Lan", "trainee", organisation=offices[1])
    hoa = Person.objects.get(given_name="Hoà")
    post_ok(
        ministry_client,
        reverse("trainings:enrolment_add", args=[workshops[1].pk]),
        {"person": hoa.pk, "role": "trainee"},
    )
    for workshop in workshops[:2]:
        tick_everyone(ministry_client, workshop)
    cascade = ministry_client.get(reverse("trainings:cascade", args=[core.pk])).context["cascade"]
    assert (cascade.totals.reached, cascade.totals.unique_people) == (3, 2)

    # The other thirteen arrive as attendee lists (the spreadsheet import is its own issue): 1,300
    # participations by 1,290 people, ten of them at two workshops.
    people = Person.objects.bulk_create(
        Person(family_name="Trần", given_name=f"Học Viên {i}", full_name=f"Trần Học Viên {i}")
        for i in range(1290)
    )
    participants = people + people[:10]
    Enrolment.objects.bulk_create(
        Enrolment(course=workshop, person=person, status=Enrolment.Status.COMPLETED)
        for index, workshop in enumerate(workshops[2:])
        for person in participants[index * 100 : (index + 1) * 100]
    )

    response = ministry_client.get(reverse("trainings:cascade", args=[core.pk]))
    totals = response.context["cascade"].totals
    assert (totals.core_trainees, totals.alumnae) == (25, 11)
    assert (totals.workshops_held, totals.workshops_planned) == (15, 15)
    assert (totals.reached, totals.unique_people, totals.target_reach) == (1303, 1292, 1500)
    assert "1,292 / 1,500" in response.content.decode()
    leader = response.context["cascade"].core_trainees[0]
    assert len(leader.workshops) >= 1

    # Component 3: the 1-day wrap-up with the 25 core trainees and the 8 best participants.
    post_ok(
        ministry_client,
        reverse("trainings:course_create"),
        course_form(title="Hội thảo tổng kết AWIL", kind="wrap_up", component="Hợp phần 3",
                    core_course=core.pk, start_date="05/06/2024", end_date="05/06/2024", venue="Hà Nội"),
    )  # fmt: skip
    wrap_up = Course.objects.get(kind=Course.Kind.WRAP_UP)
    invite_url = reverse("trainings:wrap_up_invite", args=[wrap_up.pk])
    ministry_client.post(invite_url, {"core_trainees": "1"})
    best = list(ministry_client.get(invite_url).context["candidates"][:8])
    post_ok(ministry_client, invite_url, {"enrolments": [enrolment.pk for enrolment in best]})
    assert wrap_up.enrolments.count() == 33
    ninth = ministry_client.get(invite_url).context["candidates"][0]
    refused = ministry_client.post(invite_url, {"enrolments": [ninth.pk]})
    assert "invites at most 8 workshop participants" in refused.context["form"].non_field_errors()[0]


def test_the_ha_tinh_plan_is_reproduced_by_its_officer(admin_client, officer_client, ha_tinh):
    committee = add_organisation(admin_client, "Ủy ban nhân dân tỉnh Hà Tĩnh", "peoples_committee", ha_tinh)
    labour = add_organisation(
        admin_client, "Sở Lao động - Thương binh và Xã hội", "department", ha_tinh, "Sở LĐTBXH"
    )
    home_affairs = add_organisation(admin_client, "Sở Nội vụ", "department", ha_tinh)
    womens_union = add_organisation(
        admin_client, "Hội Liên hiệp Phụ nữ tỉnh", "womens_union", ha_tinh, "Hội LHPN"
    )
    districts = add_organisation(
        admin_client, "UBND các huyện, thành phố, thị xã", "peoples_committee", ha_tinh
    )

    post_ok(
        officer_client,
        reverse("trainings:plan_create"),
        {
            "number": "KH-UBND",
            "issued_on": "20/06/2019",
            "title": "Tổ chức tập huấn nâng cao năng lực và hiệu quả quản lý nhà nước về bình đẳng giới",
            "issuer": committee.pk,
            "basis": "Chương trình công tác số 08/CTr-UBQG ngày 12/03/2019",
            "funding_source": "Dự án hỗ trợ thực hiện mục tiêu quốc gia bình đẳng giới "
            "(Công văn 607/LĐTBXH-BĐG)",
        },
    )
    plan = Plan.objects.get()
    assert plan.province == ha_tinh

    classes = [
        ("Lớp tập huấn 1", "Giám đốc các sở, ban, ngành; Bí thư, Chủ tịch UBND các huyện", "10/07/2019",
         "10/07/2019"),
        ("Lớp tập huấn 2", "Thành viên Ban Vì sự tiến bộ của phụ nữ tỉnh", "11/07/2019", "12/07/2019"),
        ("Lớp tập huấn 3", "Cán bộ nữ dự nguồn cấp ủy và ứng cử HĐND 2021-2026", "15/07/2019", "16/07/2019"),
        ("Lớp tập huấn 4", "Bí thư Đảng ủy, Chủ tịch UBND xã, phường, thị trấn", "17/07/2019", "19/07/2019"),
    ]  # fmt: skip
    for component, audience, start, end in classes:
        post_ok(
            officer_client,
            reverse("trainings:course_create") + f"?plan={plan.pk}",
            course_form(
                title="Tập huấn về bình đẳng giới và sự tham gia của phụ nữ vào vị trí lãnh đạo",
                kind="class",
                plan=plan.pk,
                component=component,
                audience=audience,
                start_date=start,
                end_date=end,
                venue="Thành phố Hà Tĩnh",
                unit=ha_tinh.pk,
                organiser=labour.pk,
                funding_source="Chương trình mục tiêu quốc gia bình đẳng giới",
            ),
        )
    courses = list(plan.courses.order_by("start_date"))
    assert [course.duration for course in courses] == [1, 2, 2, 3]
    assert all(course.province == ha_tinh for course in courses)
    for course in courses:
        post_ok(
            officer_client,
            reverse("trainings:course_trainer_add", args=[course.pk]),
            {
                "name": "Đặng Ngọc Toàn",
                "credentials": "Tiến sĩ, chuyên gia tư vấn phát triển về giới, "
                "dự án nâng cấp đô thị loại 2 của ADB",
                "role": "lead",
            },
        )

    tasks = [
        (labour, [], "Chuẩn bị hội trường, âm thanh, ánh sáng; tổng hợp, báo cáo kết quả thực hiện Kế hoạch"),
        (
            home_affairs,
            [womens_union],
            "Cung cấp danh sách cán bộ nữ dự kiến tham gia cấp ủy, ứng cử HĐND 2021-2026",
        ),
        (womens_union, [labour], "Theo dõi, giám sát, đánh giá kết quả các lớp tập huấn"),
        (districts, [], "Cử cán bộ tham gia tập huấn theo đúng thành phần và thời gian"),
    ]
    for organisation, partners, task in tasks:
        post_ok(
            officer_client,
            reverse("trainings:assignment_create", args=[plan.pk]),
            {
                "organisation": organisation.pk,
                "partners": [p.pk for p in partners],
                "task": task,
                "due_date": "05/07/2019",
                "status": "todo",
            },
        )

    page = officer_client.get(reverse("trainings:plan_detail", args=[plan.pk])).content.decode()
    for component, audience, _start, _end in classes:
        assert component in page and audience in page
    assert "17/07/2019 – 19/07/2019" in page
    assert page.count("Đặng Ngọc Toàn") == 4
    assert Assignment.objects.filter(plan=plan).count() == 4
    assert page.count('<span class="badge err">overdue</span>') == 4
    assert CourseTrainer.objects.filter(name="Đặng Ngọc Toàn").count() == 4
