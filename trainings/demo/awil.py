"""The AWIL 2024 cascade (seed 001): "Thúc đẩy vai trò của phụ nữ trong công tác lãnh đạo".

What the seed states, and the demo keeps: a course of the Vietnam–Australia Centre (VAC), a joint initiative
of the governments of Australia and Viet Nam; component 1, a four-day course in Ninh Bình, 16–19 May 2024,
for 25 core trainees of the four central offices (11 alumnae of WILJ, 14 newcomers); component 2, at most 15
half-day workshops of at most 100 people each, run by the core trainees for about 1,500 female civil
servants of the four offices; component 3, a one-day wrap-up in Hà Nội early in June 2024 with the 25 core
trainees and the 8 best participants of component 2; a personal action plan for every core trainee.

What the seed does not state, and the demo invents: every person, the trainers, the workshops' dates and
rooms, attendance, scores and feedback. The courses have no administrative unit, so they are national:
ministry staff and administrators see them, provincial officers do not.
"""

import datetime
import random
from decimal import Decimal

from directory.models import AdministrativeUnit, Organisation, Person
from trainings.demo.people import BIRTH_PROVINCES_NORTH, PeopleMaker, PersonSpec
from trainings.demo.writer import DemoWriter, EnrolmentSpec
from trainings.models import Course, CourseTrainer, Enrolment, Milestone

Kind = Organisation.Kind
Level = Person.LeadershipLevel

PROGRAMME_CODE = "AWIL-2024"
PROGRAMME_NAME = "Thúc đẩy vai trò của phụ nữ trong công tác lãnh đạo (AWIL)"
CORE_TRAINEES = 25
ALUMNAE = 11
WORKSHOP_INVITEES = 8
CORE_START = datetime.date(2024, 5, 16)
WRAP_UP_DATE = datetime.date(2024, 6, 7)  # "đầu tháng 06/2024"

# The four central offices: how many core trainees each sends, how many workshops it hosts, its divisions.
OFFICES = (
    (
        "Văn phòng Chính phủ",
        "VPCP",
        8,
        5,
        (
            "Vụ Tổ chức cán bộ",
            "Vụ Tổng hợp",
            "Vụ Pháp luật",
            "Vụ Kinh tế tổng hợp",
            "Vụ Hành chính",
            "Vụ Quan hệ quốc tế",
            "Vụ Khoa giáo – Văn xã",
            "Cục Quản trị",
        ),
    ),
    (
        "Văn phòng Quốc hội",
        "VPQH",
        8,
        5,
        (
            "Vụ Tổ chức cán bộ",
            "Vụ Hành chính",
            "Vụ Thông tin",
            "Vụ Pháp luật",
            "Vụ Kinh tế",
            "Vụ Tài chính – Ngân sách",
            "Vụ Văn hóa, Giáo dục",
            "Vụ Các vấn đề xã hội",
        ),
    ),
    (
        "Văn phòng Trung ương Đảng",
        "VPTW Đảng",
        5,
        3,
        ("Vụ Tổ chức cán bộ", "Vụ Tổng hợp", "Vụ Hành chính", "Vụ Tài chính", "Cục Lưu trữ"),
    ),
    (
        "Văn phòng Chủ tịch nước",
        "VPCTN",
        4,
        2,
        ("Vụ Tổ chức – Hành chính", "Vụ Pháp luật", "Vụ Tổng hợp", "Vụ Đối ngoại"),
    ),
)

# Weekday slots between the core course and the wrap-up: (date, afternoon?).
WORKSHOP_SLOTS = [
    (datetime.date(2024, 5, day), afternoon)
    for day, afternoon in (
        (23, False),
        (24, False),
        (24, True),
        (27, False),
        (28, False),
        (28, True),
        (29, False),
        (30, False),
        (30, True),
        (31, False),
    )
] + [
    (datetime.date(2024, 6, day), afternoon)
    for day, afternoon in ((3, False), (3, True), (4, False), (5, False), (5, True))
]

# (post, leadership level, born between, weight): seniority comes with age.
CORE_POSITIONS = (
    ("Chuyên viên", Level.NONE, (1986, 1995), 4),
    ("Chuyên viên chính", Level.NONE, (1978, 1990), 6),
    ("Phó Trưởng phòng", Level.UNIT, (1978, 1989), 6),
    ("Trưởng phòng", Level.UNIT, (1974, 1986), 5),
    ("Phó Vụ trưởng", Level.DEPARTMENT, (1972, 1982), 3),
    ("Vụ trưởng", Level.DEPARTMENT, (1968, 1978), 1),
)
STAFF_POSITIONS = (
    ("Chuyên viên", Level.NONE, (1970, 2001), 55),
    ("Chuyên viên chính", Level.NONE, (1966, 1990), 22),
    ("Cán sự", Level.NONE, (1968, 2001), 6),
    ("Phó Trưởng phòng", Level.UNIT, (1968, 1990), 9),
    ("Trưởng phòng", Level.UNIT, (1966, 1986), 5),
    ("Phó Vụ trưởng", Level.DEPARTMENT, (1966, 1982), 3),
)
WORKSHOP_COMMENTS = (
    "Nội dung thiết thực, gần với công việc hằng ngày.",
    "Mong có thêm thời gian thực hành kỹ năng giao tiếp.",
    "Giảng viên là đồng nghiệp nên rất dễ trao đổi.",
    "Nên tổ chức thêm các buổi chia sẻ của lãnh đạo nữ.",
    "Phần ra quyết định và giải quyết vấn đề rất bổ ích.",
    "Thời lượng nửa ngày hơi ngắn.",
)
CORE_COMMENTS = (
    "Khóa học giúp tôi tự tin hơn khi đứng lớp.",
    "Tài liệu hướng dẫn tổ chức hội thảo rất rõ ràng.",
    "Mong được tiếp tục kết nối với mạng lưới học viên WILJ và AWIL.",
    "Phần bình đẳng giới và hòa nhập (DEI) rất mới với tôi.",
)


def _weighted(rng: random.Random, table) -> tuple:
    return rng.choices(table, weights=[row[-1] for row in table])[0]


def _ratings(rng: random.Random, comments: tuple[str, ...]) -> dict:
    def rating() -> int:
        return rng.choices((3, 4, 5), weights=(1, 4, 5))[0]

    return {
        "overall": rating(),
        "content": rating(),
        "trainers": rating(),
        "logistics": rng.choices((2, 3, 4, 5), weights=(1, 2, 4, 3))[0],
        "usefulness": rating(),
        "comments": rng.choice(comments) if rng.random() < 0.4 else "",
    }


def _score(value: float) -> Decimal:
    return Decimal(str(round(min(value, 100) * 2) / 2))  # to the half point


def _staff(
    maker: PeopleMaker, rng: random.Random, office: Organisation, divisions, hanoi: AdministrativeUnit
) -> PersonSpec:
    title, level, born, _weight = _weighted(rng, STAFF_POSITIONS)
    return maker.person(
        born=born,
        birth_provinces=BIRTH_PROVINCES_NORTH,
        province=hanoi,
        organisation=office,
        position=f"{title}, {rng.choice(divisions)}",
        leadership_level=level,
    )


def load_awil(writer: DemoWriter, *, rng: random.Random, hanoi: AdministrativeUnit) -> Course:
    """Load the programme, its three components and its people; returns the core course."""
    maker = PeopleMaker(rng)

    # --- Organisations: the reference data has them when it was loaded first ---------------------------
    academy = writer.organisation(
        "Học viện Chính trị quốc gia Hồ Chí Minh", kind=Kind.TRAINING_CENTRE, short_name="HVCTQG Hồ Chí Minh"
    )
    vac = writer.organisation(
        "Trung tâm Việt – Úc", kind=Kind.TRAINING_CENTRE, short_name="VAC", parent=academy
    )
    dfat = writer.organisation("Bộ Ngoại giao và Thương mại Australia", kind=Kind.DONOR, short_name="DFAT")
    offices = [
        (
            writer.organisation(name, kind=Kind.CENTRAL_OFFICE, short_name=short),
            trainees,
            workshops,
            divisions,
        )
        for name, short, trainees, workshops, divisions in OFFICES
    ]

    programme = writer.programme(
        PROGRAMME_CODE,
        name=PROGRAMME_NAME,
        funder=dfat,
        implementer=vac,
        start_date=CORE_START,
        end_date=WRAP_UP_DATE,
        funding_source="Chính phủ Australia (sáng kiến chung của Chính phủ Australia và Việt Nam)",
        objectives=(
            "Nâng cao kỹ năng, kiến thức và sự tự tin của cán bộ nữ cốt cán bốn Văn phòng Trung ương để "
            "tổ chức hội thảo thúc đẩy vai trò của phụ nữ trong công tác lãnh đạo cho đồng nghiệp; phát "
            "triển năng lực lãnh đạo cốt lõi (giao tiếp hiệu quả, ra quyết định, giải quyết vấn đề, tư duy "
            "chiến lược); hiểu và thúc đẩy bình đẳng giới, đa dạng và hòa nhập (DEI); mở rộng mạng lưới."
        ),
        target_reach=1500,
        target_workshops=15,
        max_workshops=15,
        max_workshop_participants=100,
        max_wrap_up_invitees=WORKSHOP_INVITEES,
    )

    # --- Component 1: the core course ------------------------------------------------------------------
    core = writer.course(
        programme=programme,
        title="Khóa đào tạo học viên cốt cán AWIL (Hợp phần 1)",
        kind=Course.Kind.CORE,
        component="Hợp phần 1",
        topics=(
            "Giao tiếp hiệu quả, ra quyết định, giải quyết vấn đề và tư duy chiến lược; bình đẳng giới, đa "
            "dạng và hòa nhập (DEI) trong lãnh đạo; cách tổ chức hội thảo AWIL nửa ngày; kế hoạch hành động "
            "cá nhân."
        ),
        audience=(
            "25 cán bộ nữ cốt cán của bốn Văn phòng Trung ương: 11 cựu học viên WILJ và 14 học viên chưa "
            "tham gia WILJ."
        ),
        start_date=CORE_START,
        end_date=CORE_START + datetime.timedelta(days=3),
        duration=4,
        venue="Ninh Bình",
        organiser=vac,
        capacity=CORE_TRAINEES,
        funding_source="Chính phủ Australia",
        status=Course.Status.HELD,
        completion_rule=Course.CompletionRule.MIN_PERCENT,
        completion_percent=75,
    )
    for name, credentials, role in (
        (
            "Nguyễn Thu Hằng",
            "ThS., chuyên gia đào tạo lãnh đạo, Trung tâm Việt – Úc",
            CourseTrainer.Role.LEAD,
        ),
        (
            "Catherine Walsh",
            "Chuyên gia về lãnh đạo và bình đẳng giới (Australia)",
            CourseTrainer.Role.TRAINER,
        ),
        (
            "Trần Minh Phương",
            "TS., giảng viên Học viện Chính trị quốc gia Hồ Chí Minh",
            CourseTrainer.Role.TRAINER,
        ),
    ):
        writer.trainer(core, name=name, credentials=credentials, role=role)

    core_people: list[tuple[PersonSpec, Organisation]] = []
    for office, trainees, _workshops, divisions in offices:
        for _i in range(trainees):
            title, level, born, _weight = _weighted(rng, CORE_POSITIONS)
            spec = maker.person(
                born=born,
                birth_provinces=BIRTH_PROVINCES_NORTH,
                province=hanoi,
                organisation=office,
                position=f"{title}, {rng.choice(divisions)}",
                leadership_level=level,
            )
            core_people.append((spec, office))
    alumnae = set(rng.sample(range(CORE_TRAINEES), ALUMNAE))
    writer.people([spec for spec, _office in core_people])

    core_specs = []
    for index, (spec, office) in enumerate(core_people):
        present = [True] * 4
        if rng.random() < 0.1:
            present[rng.randrange(4)] = False  # one day missed: still 75 % of the course
        pre = rng.uniform(40, 72)
        core_specs.append(
            EnrolmentSpec(
                citizen_id=spec.citizen_id,
                role=Enrolment.Role.CORE_TRAINEE,
                present=present,
                alumna_of="WILJ" if index in alumnae else "",
                nominated_by=office,
                pre_test_score=_score(pre),
                post_test_score=_score(pre + rng.uniform(12, 30)),
                feedback=_ratings(rng, CORE_COMMENTS),
            )
        )
    core_ids = writer.enrol(core, core_specs)

    # --- Component 2: 15 workshops, each led by one or two core trainees of the host office -----------
    slots = iter(WORKSHOP_SLOTS)
    trainees = iter(core_people)
    workshops: list[tuple[Course, list[PersonSpec]]] = []
    number = 0
    invited_from: list[tuple[str, int]] = []  # (citizen ID, workshop enrolment id) of the 8 best
    best_workshops = set(rng.sample(range(15), WORKSHOP_INVITEES))
    for office, office_trainees, office_workshops, divisions in offices:
        # Spread the office's core trainees over its workshops: two leaders where there are enough.
        leader_counts = [1] * office_workshops
        for extra in range(office_trainees - office_workshops):
            leader_counts[extra] += 1
        earlier: list[PersonSpec] = []
        for leader_count in leader_counts:
            number += 1
            day, afternoon = next(slots)
            leaders = [next(trainees)[0] for _i in range(leader_count)]
            workshop = writer.course(
                programme=programme,
                title=f"Hội thảo AWIL số {number} – {office.name}",
                kind=Course.Kind.WORKSHOP,
                component="Hợp phần 2",
                core_course=core,
                topics="Vai trò của phụ nữ trong lãnh đạo; kỹ năng lãnh đạo cốt lõi; bình đẳng giới.",
                audience=f"Nữ cán bộ, công chức, viên chức, người lao động của {office.name}.",
                start_date=day,
                end_date=day,
                duration=1,
                duration_unit=Course.DurationUnit.HALF_DAYS,
                starts_in_afternoon=afternoon,
                venue=f"Hội trường {office.name}, Hà Nội",
                organiser=office,
                capacity=100,
                funding_source="Chính phủ Australia",
                status=Course.Status.HELD,
            )
            writer.lead(workshop, [core_ids[leader.citizen_id] for leader in leaders])

            # A few colleagues come to a second workshop of their office: counted once in the reach.
            repeaters = rng.sample(earlier, min(len(earlier), rng.randint(0, 2)))
            size = rng.randint(98, 100)
            fresh = [_staff(maker, rng, office, divisions, hanoi) for _i in range(size - len(repeaters))]
            participants = repeaters + fresh
            earlier.extend(fresh)
            workshops.append((workshop, participants))
            writer.people(fresh)

            absent = set(rng.sample(range(len(participants)), rng.randint(1, 3)))
            star = None
            if number - 1 in best_workshops:
                star = rng.choice([i for i in range(len(participants)) if i not in absent])
            specs = [
                EnrolmentSpec(
                    citizen_id=leader.citizen_id,
                    role=Enrolment.Role.FACILITATOR,
                    present=[True],
                    nominated_by=office,
                )
                for leader in leaders
            ]
            for index, spec in enumerate(participants):
                present = index not in absent
                # A short quiz closes each workshop; its best participants were invited to the wrap-up,
                # with scores above everyone else's so that the invitation page ranks them first too.
                if index == star:
                    score = _score(96 + len(invited_from) / 2)
                    notes = "Học viên xuất sắc, được mời dự Hội thảo tổng kết (Hợp phần 3)."
                else:
                    score = _score(rng.uniform(55, 95)) if present else None
                    notes = ""
                feedback = _ratings(rng, WORKSHOP_COMMENTS) if present and rng.random() < 0.3 else None
                specs.append(
                    EnrolmentSpec(
                        citizen_id=spec.citizen_id,
                        present=[present],
                        nominated_by=office,
                        post_test_score=score,
                        notes=notes,
                        feedback=feedback,
                    )
                )
            enrolment_ids = writer.enrol(workshop, specs)
            if star is not None:
                best_person = participants[star].citizen_id
                invited_from.append((best_person, enrolment_ids[best_person]))

    # --- Component 3: the wrap-up, 25 core trainees and the 8 best workshop participants --------------
    wrap_up = writer.course(
        programme=programme,
        title="Hội thảo tổng kết AWIL (Hợp phần 3)",
        kind=Course.Kind.WRAP_UP,
        component="Hợp phần 3",
        core_course=core,
        topics="Học viên trình bày việc áp dụng kiến thức, kỹ năng vào công việc; đánh giá kết quả.",
        audience="25 học viên cốt cán (Hợp phần 1) và 8 học viên nữ xuất sắc của các hội thảo (Hợp phần 2).",
        start_date=WRAP_UP_DATE,
        end_date=WRAP_UP_DATE,
        duration=1,
        venue="Hà Nội",
        organiser=vac,
        capacity=CORE_TRAINEES + WORKSHOP_INVITEES,
        funding_source="Chính phủ Australia",
        status=Course.Status.HELD,
    )
    writer.trainer(
        wrap_up,
        name="Nguyễn Thu Hằng",
        credentials="ThS., chuyên gia đào tạo lãnh đạo, Trung tâm Việt – Úc",
        role=CourseTrainer.Role.LEAD,
    )
    wrap_up_specs = [
        EnrolmentSpec(
            citizen_id=spec.citizen_id,
            role=Enrolment.Role.CORE_TRAINEE,
            present=[True],
            alumna_of=core_spec.alumna_of,
            nominated_by=office,
            invited_from_id=core_ids[spec.citizen_id],
            feedback=_ratings(rng, CORE_COMMENTS) if rng.random() < 0.6 else None,
        )
        for (spec, office), core_spec in zip(core_people, core_specs, strict=True)
    ] + [
        EnrolmentSpec(
            citizen_id=citizen_id,
            present=[True],
            invited_from_id=enrolment_id,
            feedback=_ratings(rng, WORKSHOP_COMMENTS),
        )
        for citizen_id, enrolment_id in invited_from
    ]
    writer.enrol(wrap_up, wrap_up_specs)

    # --- Action plans: every core trainee's, with milestones, some of them overdue today ---------------
    led_on = {}
    for workshop, _participants in workshops:
        for leader_id in workshop.led_by.values_list("pk", flat=True):
            led_on[leader_id] = workshop.start_date
    for spec, office in core_people:
        enrolment_id = core_ids[spec.citizen_id]
        workshop_day = led_on[enrolment_id]
        reported = rng.random() < 0.85
        course_status = rng.choices(
            (Milestone.Status.DONE, Milestone.Status.IN_PROGRESS, Milestone.Status.PLANNED), weights=(4, 4, 2)
        )[0]
        division = spec.position.split(", ", 1)[1]
        writer.action_plan(
            enrolment_id,
            short_term_goals=(
                f"Cùng đồng nghiệp tổ chức hội thảo AWIL nửa ngày cho nữ cán bộ {office.short_name}; chia sẻ "
                f"tài liệu khóa học trong {division}."
            ),
            long_term_goals=rng.choice(
                (
                    "Đảm nhận vị trí lãnh đạo cấp phòng trong ba năm tới.",
                    f"Xây dựng mạng lưới nữ cán bộ trẻ của {office.short_name} để hỗ trợ nhau phát triển.",
                    "Tham mưu lồng ghép giới trong công tác quy hoạch cán bộ của đơn vị.",
                    "Được quy hoạch vào chức danh lãnh đạo cấp Vụ nhiệm kỳ tới.",
                )
            ),
            strategies=(
                "Rèn luyện kỹ năng giao tiếp và ra quyết định; tìm một lãnh đạo nữ làm người hướng dẫn; "
                "tham gia các khóa bồi dưỡng theo quy hoạch; duy trì liên lạc với mạng lưới AWIL."
            ),
            milestones=[
                {
                    "title": "Tổ chức hội thảo AWIL tại đơn vị",
                    "due_date": workshop_day,
                    "status": Milestone.Status.DONE,
                },
                {
                    "title": "Báo cáo lãnh đạo đơn vị kết quả hội thảo",
                    "due_date": workshop_day + datetime.timedelta(days=14),
                    "status": Milestone.Status.DONE if reported else Milestone.Status.IN_PROGRESS,
                },
                {
                    "title": "Hoàn thành khóa bồi dưỡng kỹ năng lãnh đạo, quản lý",
                    "due_date": datetime.date(2025, 6, 30),
                    "status": course_status,
                },
                {
                    "title": "Thành lập nhóm cố vấn cho nữ cán bộ trẻ",
                    "due_date": datetime.date(2027, 6, 30),
                    "status": rng.choice((Milestone.Status.PLANNED, Milestone.Status.IN_PROGRESS)),
                },
            ],
        )
    return core
