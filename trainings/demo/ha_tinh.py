"""Hà Tĩnh's 2019 plan (seed 003): four classes on gender equality and women in leadership and elected bodies.

What the seed states, and the demo keeps: the plan of the provincial People's Committee implementing
Programme 08/CTr-UBQG and Guidance 09/UBQG-VP of 12 March 2019; the four classes with their content,
audience and dates (10/7, 11–12/7, 15–16/7 and 17–19/7/2019), all in Hà Tĩnh city; the trainer Dr Đặng Ngọc
Toàn, gender consultant of ADB's second-class urban upgrading project, with provincial leaders invited; the
tasks of the Labour, Invalids and Social Affairs department (the standing agency of the provincial Committee
for the Advancement of Women), of the Home Affairs department with the Women's Union, and of the districts;
the funding source.

What the seed does not give, and the demo leaves empty rather than invents: the plan's number and date.
The participants, the attendance, the scores, the due dates and the statuses of the tasks are invented.
The districts were abolished on 1 July 2025; their People's Committees are kept as the organisations the
2019 plan addressed, attached to the province.
"""

import datetime
import random
from decimal import Decimal

from directory.models import AdministrativeUnit, Organisation, Person
from trainings.demo.people import BIRTH_PROVINCES_HA_TINH, PeopleMaker, PersonSpec
from trainings.demo.writer import DemoWriter, EnrolmentSpec
from trainings.models import Assignment, Course, CourseTrainer

Kind = Organisation.Kind
Level = Person.LeadershipLevel
Status = Assignment.Status

PLAN_TITLE = (
    "Kế hoạch tổ chức tập huấn nâng cao năng lực và hiệu quả quản lý nhà nước về bình đẳng giới và tăng "
    "cường sự tham gia của phụ nữ vào các vị trí quản lý, lãnh đạo và cơ quan dân cử"
)
FUNDING = (
    "Dự án hỗ trợ thực hiện mục tiêu quốc gia bình đẳng giới thuộc Chương trình mục tiêu Phát triển hệ thống "
    "trợ giúp xã hội giai đoạn 2016–2020 của tỉnh Hà Tĩnh (Công văn số 607/LĐTBXH-BĐG ngày 15/02/2019 của Bộ "
    "Lao động – Thương binh và Xã hội)"
)
VENUE = "Thành phố Hà Tĩnh"

# The district-level units of 2019 ("các huyện, thành phố, thị xã") and some of their communes and wards.
DISTRICTS = {
    "thành phố Hà Tĩnh": (
        "phường Thạch Linh",
        "phường Nam Hà",
        "phường Văn Yên",
        "xã Thạch Hạ",
        "xã Đồng Môn",
    ),
    "thị xã Hồng Lĩnh": ("phường Bắc Hồng", "phường Nam Hồng", "phường Trung Lương", "xã Thuận Lộc"),
    "thị xã Kỳ Anh": ("phường Kỳ Trinh", "phường Sông Trí", "phường Kỳ Long", "xã Kỳ Hoa"),
    "huyện Nghi Xuân": (
        "xã Xuân Hội",
        "xã Xuân Thành",
        "xã Xuân Liên",
        "xã Cương Gián",
        "thị trấn Tiên Điền",
    ),
    "huyện Đức Thọ": ("xã Tùng Ảnh", "xã Đức Lạng", "xã Trường Sơn", "xã Liên Minh", "xã Yên Hồ"),
    "huyện Hương Sơn": ("xã Sơn Kim 1", "xã Sơn Tây", "xã Sơn Hồng", "xã Sơn Giang", "thị trấn Phố Châu"),
    "huyện Vũ Quang": ("xã Ân Phú", "xã Đức Giang", "xã Hương Minh", "xã Sơn Thọ"),
    "huyện Hương Khê": ("xã Hương Trạch", "xã Hương Đô", "xã Phúc Trạch", "xã Hương Lâm", "xã Hà Linh"),
    "huyện Can Lộc": ("xã Thiên Lộc", "xã Thuần Thiện", "xã Vượng Lộc", "xã Trung Lộc", "thị trấn Nghèn"),
    "huyện Lộc Hà": ("xã Thạch Kim", "xã Hộ Độ", "xã Thạch Bằng", "xã Mai Phụ", "xã Thịnh Lộc"),
    "huyện Thạch Hà": ("xã Thạch Đài", "xã Thạch Kênh", "xã Thạch Long", "xã Thạch Sơn", "xã Thạch Xuân"),
    "huyện Cẩm Xuyên": ("xã Cẩm Bình", "xã Cẩm Hưng", "xã Cẩm Thành", "xã Cẩm Nhượng", "xã Cẩm Quan"),
    "huyện Kỳ Anh": ("xã Kỳ Đồng", "xã Kỳ Tân", "xã Kỳ Xuân", "xã Kỳ Phú", "xã Kỳ Thư"),
}
PROVINCIAL_AGENCIES = (
    "Sở Tài chính",
    "Sở Kế hoạch và Đầu tư",
    "Sở Tư pháp",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Công Thương",
    "Sở Xây dựng",
    "Sở Giao thông vận tải",
    "Sở Tài nguyên và Môi trường",
    "Sở Thông tin và Truyền thông",
    "Sở Khoa học và Công nghệ",
    "Sở Nội vụ",
    "Sở Lao động - Thương binh và Xã hội",
    "Ban Tổ chức Tỉnh ủy",
    "Ban Tuyên giáo Tỉnh ủy",
    "Hội Liên hiệp Phụ nữ tỉnh",
    "Tỉnh Đoàn",
    "Liên đoàn Lao động tỉnh",
)

CLASSES = (
    {
        "component": "Lớp tập huấn 1",
        "title": "Lớp 1: Bình đẳng giới trong lĩnh vực chính trị cho lãnh đạo sở, ngành và huyện",
        "topics": (
            "Chương trình mục tiêu quốc gia về bình đẳng giới; thông tin, giáo dục, truyền thông về bình "
            "đẳng giới trong lĩnh vực chính trị; giải pháp góp phần đảm bảo tỷ lệ nữ tham gia cấp ủy đảng "
            "và đại biểu HĐND các cấp."
        ),
        "audience": (
            "Giám đốc, thủ trưởng các sở, ban, ngành, đoàn thể, đơn vị cấp tỉnh. Bí thư, Chủ tịch UBND các "
            "huyện, thành phố, thị xã."
        ),
        "start": datetime.date(2019, 7, 10),
        "days": 1,
        "size": 40,
    },
    {
        "component": "Lớp tập huấn 2",
        "title": "Lớp 2: Quản lý nhà nước về bình đẳng giới và lồng ghép giới",
        "topics": (
            "Tổng quan về bình đẳng giới và công tác quản lý nhà nước về bình đẳng giới, lồng ghép giới "
            "trong xây dựng các văn bản quy phạm pháp luật, các biện pháp thúc đẩy bình đẳng giới."
        ),
        "audience": (
            "Thành viên Ban Vì sự tiến bộ của phụ nữ tỉnh; trưởng ban, phó ban, thư ký Ban Vì sự tiến bộ của "
            "phụ nữ của các sở, ban, ngành, đoàn thể, đơn vị cấp tỉnh và các huyện, thành phố, thị xã."
        ),
        "start": datetime.date(2019, 7, 11),
        "days": 2,
        "size": 50,
    },
    {
        "component": "Lớp tập huấn 3",
        "title": "Lớp 3: Bình đẳng giới cho cán bộ nữ dự nguồn cấp ủy và ứng cử HĐND nhiệm kỳ 2021–2026",
        "topics": (
            "Tổng quan về bình đẳng giới; các biện pháp thúc đẩy bình đẳng giới; thông tin, giáo dục, truyền "
            "thông về bình đẳng giới trong lĩnh vực chính trị cho phụ nữ tham gia ứng cử."
        ),
        "audience": (
            "Cán bộ nữ dự kiến dự nguồn tham gia cấp ủy Đảng cấp tỉnh, cấp huyện và dự kiến dự nguồn tham "
            "gia ứng cử đại biểu HĐND cấp tỉnh và huyện nhiệm kỳ 2021–2026 của các huyện, thành phố, thị xã."
        ),
        "start": datetime.date(2019, 7, 15),
        "days": 2,
        "size": 60,
        # The candidates demo enrols the 24 women of the provincial 2021–2026 pool in this class too.
        "capacity": 90,
    },
    {
        "component": "Lớp tập huấn 4",
        "title": "Lớp 4: Bình đẳng giới cho Bí thư Đảng ủy, Chủ tịch UBND cấp xã",
        "topics": (
            "Tổng quan về bình đẳng giới; thông tin, giáo dục, truyền thông về bình đẳng giới trong lĩnh "
            "vực chính trị; giải pháp góp phần đảm bảo tỷ lệ nữ tham gia cấp ủy đảng các cấp và đại biểu "
            "hội đồng nhân dân các cấp; vai trò, trách nhiệm của các cơ quan, tổ chức, gia đình và cá nhân "
            "trong việc thực hiện và bảo đảm bình đẳng giới."
        ),
        "audience": "Bí thư Đảng ủy, Chủ tịch UBND xã, phường, thị trấn.",
        "start": datetime.date(2019, 7, 17),
        "days": 3,
        "size": 70,
    },
)
TRAINER = (
    "Đặng Ngọc Toàn",
    "Tiến sĩ, chuyên gia tư vấn phát triển về giới, Dự án nâng cấp đô thị loại 2 (ADB)",
)
COMMENTS = (
    "Nội dung phù hợp với yêu cầu chuẩn bị nhân sự nữ cho nhiệm kỳ tới.",
    "Đề nghị tổ chức thêm lớp cho cán bộ nữ cấp xã.",
    "Giảng viên truyền đạt dễ hiểu, nhiều ví dụ thực tế.",
    "Cần thêm tài liệu về kỹ năng vận động bầu cử.",
)


def _head(agency: str, *, deputy: bool) -> str:
    """How the head (or a deputy) of a provincial agency is called: Giám đốc Sở, Trưởng ban, Chủ tịch Hội."""
    if agency.startswith("Sở"):
        title = "Giám đốc"
    elif agency.startswith("Ban"):
        title = "Trưởng ban"
    elif agency.startswith("Tỉnh Đoàn"):
        title = "Bí thư"
    else:
        title = "Chủ tịch"
    return f"Phó {title}" if deputy else title


def _party_committee(district: str) -> tuple[str, str]:
    """ "huyện Đức Thọ" → ("Huyện ủy", "Huyện ủy Đức Thọ"); "thị xã Kỳ Anh" → ("Thị ủy", "Thị ủy Kỳ Anh")."""
    for kind, committee in (("thành phố ", "Thành ủy"), ("thị xã ", "Thị ủy"), ("huyện ", "Huyện ủy")):
        if district.startswith(kind):
            return committee, f"{committee} {district.removeprefix(kind)}"
    raise ValueError(district)


def _participant(
    maker: PeopleMaker, rng: random.Random, class_number: int, ha_tinh: AdministrativeUnit
) -> PersonSpec:
    """Someone of the class's audience: her or his post, workplace and leadership level."""
    district = rng.choice(list(DISTRICTS))
    commune = rng.choice(DISTRICTS[district])
    agency = rng.choice(PROVINCIAL_AGENCIES)
    committee, committee_name = _party_committee(district)
    notes = ""
    if class_number == 1:
        female = rng.random() < 0.3
        position, workplace, level = rng.choice(
            (
                (_head(agency, deputy=False), f"{agency} tỉnh Hà Tĩnh", Level.DEPARTMENT),
                (_head(agency, deputy=True), f"{agency} tỉnh Hà Tĩnh", Level.DEPARTMENT),
                (f"Bí thư {committee}", committee_name, Level.DEPARTMENT),
                ("Chủ tịch UBND", f"UBND {district}", Level.DEPARTMENT),
            )
        )
        born = (1962, 1975)
    elif class_number == 2:
        female = rng.random() < 0.75
        position, workplace, level = rng.choice(
            (
                ("Thành viên Ban Vì sự tiến bộ của phụ nữ tỉnh", f"{agency} tỉnh Hà Tĩnh", Level.UNIT),
                ("Trưởng ban Vì sự tiến bộ của phụ nữ", f"{agency} tỉnh Hà Tĩnh", Level.DEPARTMENT),
                ("Phó ban Vì sự tiến bộ của phụ nữ", f"UBND {district}", Level.UNIT),
                ("Thư ký Ban Vì sự tiến bộ của phụ nữ", f"UBND {district}", Level.NONE),
            )
        )
        born = (1965, 1990)
    elif class_number == 3:
        female = True
        position, workplace, level = rng.choice(
            (
                ("Phó Chủ tịch UBND", f"UBND {district}", Level.DEPARTMENT),
                ("Trưởng phòng Lao động - Thương binh và Xã hội", f"UBND {district}", Level.UNIT),
                ("Chủ tịch Hội LHPN", f"Hội LHPN {district}", Level.UNIT),
                ("Phó Bí thư Đảng ủy", f"Đảng ủy {commune}, {district}", Level.UNIT),
                (_head(agency, deputy=True), f"{agency} tỉnh Hà Tĩnh", Level.DEPARTMENT),
            )
        )
        notes = rng.choice(
            (
                "Dự nguồn Ban Chấp hành Đảng bộ huyện nhiệm kỳ 2020–2025.",
                "Dự kiến ứng cử đại biểu HĐND tỉnh nhiệm kỳ 2021–2026.",
                "Dự kiến ứng cử đại biểu HĐND huyện nhiệm kỳ 2021–2026.",
                "Dự nguồn Ban Chấp hành Đảng bộ tỉnh nhiệm kỳ 2020–2025.",
            )
        )
        born = (1972, 1990)
    else:
        female = rng.random() < 0.2
        position, workplace, level = rng.choice(
            (
                ("Bí thư Đảng ủy", f"Đảng ủy {commune}, {district}", Level.UNIT),
                ("Chủ tịch UBND", f"UBND {commune}, {district}", Level.UNIT),
            )
        )
        born = (1965, 1985)
    return maker.person(
        female=female,
        born=born,
        birth_provinces=BIRTH_PROVINCES_HA_TINH,
        province=ha_tinh,
        workplace=workplace,
        position=position,
        leadership_level=level,
        notes=notes,
    )


def load_ha_tinh(writer: DemoWriter, *, rng: random.Random, ha_tinh: AdministrativeUnit) -> None:
    maker = PeopleMaker(rng)

    committee = writer.organisation(
        "Ủy ban nhân dân tỉnh Hà Tĩnh", kind=Kind.PEOPLES_COMMITTEE, short_name="UBND tỉnh", unit=ha_tinh
    )
    labour = writer.organisation(
        "Sở Lao động - Thương binh và Xã hội tỉnh Hà Tĩnh",
        kind=Kind.DEPARTMENT,
        short_name="Sở LĐ-TB&XH",
        unit=ha_tinh,
        parent=committee,
    )
    home_affairs = writer.organisation(
        "Sở Nội vụ tỉnh Hà Tĩnh", kind=Kind.DEPARTMENT, short_name="Sở Nội vụ", unit=ha_tinh, parent=committee
    )
    womens_union = writer.organisation(
        "Hội Liên hiệp Phụ nữ tỉnh Hà Tĩnh", kind=Kind.WOMENS_UNION, short_name="Hội LHPN tỉnh", unit=ha_tinh
    )
    districts = [
        writer.organisation(f"Ủy ban nhân dân {name}", kind=Kind.PEOPLES_COMMITTEE, unit=ha_tinh)
        for name in DISTRICTS
    ]

    plan = writer.plan(
        title=PLAN_TITLE,
        province=ha_tinh,
        number="",
        issued_on=None,
        issuer=committee,
        basis=(
            "Chương trình công tác số 08/CTr-UBQG ngày 12/03/2019 và Hướng dẫn số 09/UBQG-VP ngày 12/3/2019 "
            "của Ủy ban quốc gia Vì sự tiến bộ phụ nữ Việt Nam."
        ),
        objectives=(
            "Đẩy mạnh thông tin, tuyên truyền chủ trương của Đảng, chính sách, pháp luật của Nhà nước về "
            "bình đẳng giới; đảm bảo mục tiêu tỷ lệ phụ nữ tham gia cấp ủy Đảng các cấp nhiệm kỳ 2020–2025, "
            "đại biểu Quốc hội khóa XV và HĐND các cấp nhiệm kỳ 2021–2026; góp phần thực hiện Nghị quyết số "
            "11-NQ/TW và Chiến lược quốc gia về bình đẳng giới giai đoạn 2011–2020."
        ),
        funding_source=FUNDING,
    )

    courses = []
    for number, spec in enumerate(CLASSES, start=1):
        start = spec["start"]
        course = writer.course(
            plan=plan,
            title=spec["title"],
            kind=Course.Kind.CLASS,
            component=spec["component"],
            topics=spec["topics"],
            audience=spec["audience"],
            start_date=start,
            end_date=start + datetime.timedelta(days=spec["days"] - 1),
            duration=spec["days"],
            venue=VENUE,
            unit=ha_tinh,
            organiser=labour,
            capacity=spec.get("capacity", spec["size"] + 10),
            funding_source="Dự án hỗ trợ thực hiện mục tiêu quốc gia bình đẳng giới (2016–2020)",
            status=Course.Status.HELD,
        )
        courses.append(course)
        writer.trainer(course, name=TRAINER[0], credentials=TRAINER[1], role=CourseTrainer.Role.LEAD)
        if number == 1:
            writer.trainer(
                course,
                name="Lãnh đạo UBND tỉnh Hà Tĩnh",
                credentials="Được mời tham gia tập huấn theo Kế hoạch",
                role=CourseTrainer.Role.SPEAKER,
            )

        people = [_participant(maker, rng, number, ha_tinh) for _i in range(spec["size"])]
        writer.people(people)
        enrolments = []
        for person in people:
            present = [rng.random() > 0.06 for _day in range(spec["days"])]
            scores = {}
            if number == 3:  # the candidates' class had a test before and after
                pre = round(rng.uniform(35, 70))
                post = round(min(pre + rng.uniform(10, 30), 100))
                scores = {
                    "pre_test_score": Decimal(pre),
                    "post_test_score": Decimal(post) if all(present) else None,
                }
            feedback = None
            if any(present) and rng.random() < 0.5:
                feedback = {
                    "overall": rng.choices((3, 4, 5), weights=(2, 5, 4))[0],
                    "content": rng.choices((3, 4, 5), weights=(2, 5, 4))[0],
                    "trainers": rng.choices((4, 5), weights=(4, 6))[0],
                    "logistics": rng.choices((3, 4, 5), weights=(2, 4, 3))[0],
                    "usefulness": rng.choices((3, 4, 5), weights=(1, 5, 4))[0],
                    "comments": rng.choice(COMMENTS) if rng.random() < 0.3 else "",
                }
            # The candidates were listed by the Home Affairs department with the Women's Union.
            nominated_by = None
            if number == 3:
                nominated_by = womens_union if rng.random() < 0.5 else home_affairs
            enrolments.append(
                EnrolmentSpec(
                    citizen_id=person.citizen_id,
                    present=present,
                    nominated_by=nominated_by,
                    feedback=feedback,
                    **scores,
                )
            )
        writer.enrol(course, enrolments)

    # --- Section III of the plan: who does what, with due dates; some are still open long after ------
    first_class, _second, candidates_class, _fourth = courses
    writer.assignment(
        plan,
        labour,
        "Tham mưu UBND tỉnh ban hành các văn bản chỉ đạo, đôn đốc các sở, ngành, địa phương triển khai thực "
        "hiện Kế hoạch.",
        due_date=datetime.date(2019, 6, 28),
        status=Status.DONE,
        completed_on=datetime.date(2019, 6, 26),
    )
    writer.assignment(
        plan,
        labour,
        "Khâu nối, liên lạc mời giảng viên và báo cáo viên.",
        due_date=datetime.date(2019, 7, 5),
        status=Status.DONE,
        completed_on=datetime.date(2019, 7, 3),
    )
    writer.assignment(
        plan,
        labour,
        "Chuẩn bị hội trường, loa máy, âm thanh, ánh sáng, maket và các điều kiện khác phục vụ tập huấn.",
        course=first_class,
        due_date=datetime.date(2019, 7, 9),
        status=Status.DONE,
        completed_on=datetime.date(2019, 7, 9),
    )
    writer.assignment(
        plan,
        labour,
        "Tổng hợp, báo cáo kết quả thực hiện Kế hoạch theo quy định.",
        partners=[womens_union],
        due_date=datetime.date(2019, 8, 30),
        status=Status.IN_PROGRESS,  # overdue
    )
    writer.assignment(
        plan,
        home_affairs,
        "Cung cấp danh sách cán bộ nữ dự kiến tham gia cấp ủy Đảng các cấp, dự kiến ứng cử viên HĐND cấp "
        "tỉnh, cấp huyện nhiệm kỳ 2021–2026 theo các khóa, các lớp tập huấn.",
        partners=[womens_union],
        course=candidates_class,
        due_date=datetime.date(2019, 7, 5),
        status=Status.DONE,
        completed_on=datetime.date(2019, 7, 8),
    )
    writer.assignment(
        plan,
        home_affairs,
        "Chỉ đạo các huyện, thành phố, thị xã chuẩn bị công tác bồi dưỡng, đào tạo, quy hoạch nguồn cán bộ "
        "nữ cho Đại hội Đảng nhiệm kỳ 2020–2025 và HĐND các cấp nhiệm kỳ 2021–2026.",
        due_date=datetime.date(2019, 12, 31),
        status=Status.IN_PROGRESS,  # overdue
    )
    writer.assignment(
        plan,
        womens_union,
        "Phối hợp với Sở Lao động - Thương binh và Xã hội theo dõi, giám sát, đánh giá kết quả các lớp tập "
        "huấn và báo cáo theo quy định.",
        partners=[labour],
        due_date=datetime.date(2019, 8, 15),
        status=Status.TODO,  # overdue
    )
    for district in districts:
        writer.assignment(
            plan,
            district,
            "Cử cán bộ tham gia tập huấn theo đúng thành phần và thời gian quy định.",
            due_date=datetime.date(2019, 7, 8),
            status=Status.DONE,
            completed_on=datetime.date(2019, 7, rng.randint(3, 8)),
        )
        status = rng.choices((Status.DONE, Status.IN_PROGRESS, Status.TODO), weights=(6, 3, 2))[0]
        writer.assignment(
            plan,
            district,
            "Xây dựng kế hoạch tổ chức các lớp tập huấn cán bộ nữ dự kiến tham gia cấp ủy, nữ ứng cử viên "
            "đại biểu HĐND cấp huyện và cấp xã.",
            due_date=datetime.date(2019, 10, 31),
            status=status,
            completed_on=datetime.date(2019, 10, rng.randint(10, 31)) if status == Status.DONE else None,
        )
