"""Demo indicators, targets and values: the figures of Project 8 (seed 002) and of the demo programmes.

Project 8 of the national target programme for ethnic-minority areas (Women's Union communication
strategy 2023–2025) set targets for about 40,000 key cadres in 50 provinces; the Union reported, to July
2023, 239/480 district and commune trainings (50%), 377/1,600 trainings for village heads and people of
standing (24%), and 283/1,600 (18%) monitoring-and-evaluation trainings for over 4,400 cadres, and 41,600
copies of a set of books. Those courses were held by the localities and reported as numbers, so they are
entered by hand with their source; the 40,000 cadres are a computed indicator over the programme's own
courses, which WomenLead records from now on. Idempotent: rows are found by their natural keys.
"""

from decimal import Decimal

from django.db import transaction

from reports.models import Indicator, ManualValue, Target
from trainings.models import Programme

PROJECT_8 = "DA8-2022"
SOURCE_STRATEGY = (
    "Hội LHPN Việt Nam, Chiến lược truyền thông về bình đẳng giới … vùng DTTS "
    "giai đoạn 2023–2025, định hướng 2030"
)
SOURCE_REPORT = (
    "Hội LHPN Việt Nam, Dự án 8: kết quả đến tháng 7/2023 "
    "(bài “Khoảng 40 nghìn cán bộ chủ chốt…”, 02/10/2023)"
)
REPORT_PERIOD = "2023H1"  # figures reported as at July 2023

C = Indicator.Computation
U = Indicator.Unit

# code, official (Vietnamese) name, English name, unit, computation, parameters, position
INDICATORS = [
    (
        "P8-CADRES",
        "Lãnh đạo, cán bộ chủ chốt các cấp vùng Dự án 8 được nâng cao kiến thức về bình đẳng giới",
        "Key cadres of Project 8 provinces trained in gender equality",
        U.PEOPLE,
        C.PEOPLE_TRAINED,
        {"programme": PROJECT_8},
        10,
    ),
    (
        "P8-TRAIN-DIST-COMM",
        "Cuộc tập huấn nâng cao năng lực lồng ghép giới cho cán bộ huyện, xã (Dự án 8)",
        "Gender-mainstreaming trainings held for district and commune cadres (Project 8)",
        U.COURSES,
        C.MANUAL,
        {},
        20,
    ),
    (
        "P8-TRAIN-VILLAGE",
        "Cuộc tập huấn cho trưởng thôn, bản, ấp, buôn và người có uy tín tại cộng đồng (Dự án 8)",
        "Trainings held for village heads and people of standing (Project 8)",
        U.COURSES,
        C.MANUAL,
        {},
        30,
    ),
    (
        "P8-TRAIN-ME",
        "Cuộc tập huấn hướng dẫn giám sát, đánh giá về bình đẳng giới (Dự án 8)",
        "Trainings on gender-equality monitoring and evaluation held (Project 8)",
        U.COURSES,
        C.MANUAL,
        {},
        40,
    ),
    (
        "P8-ME-CADRES",
        "Cán bộ các cấp được tập huấn giám sát, đánh giá về bình đẳng giới (Dự án 8)",
        "Cadres trained in gender-equality monitoring and evaluation (Project 8)",
        U.PEOPLE,
        C.MANUAL,
        {},
        50,
    ),
    (
        "P8-BOOKS",
        "Số bản in Bộ sách “Các câu chuyện truyền thông thay đổi định kiến giới và khuôn mẫu giới”",
        "Copies of the book set on changing gender stereotypes printed",
        U.OTHER,
        C.MANUAL,
        {},
        60,
    ),
    ("COURSES-HELD", "Số khoá, lớp đã tổ chức", "Courses held", U.COURSES, C.COURSES_HELD, {}, 100),
    (
        "WOMEN-TRAINED",
        "Số phụ nữ được đào tạo, bồi dưỡng",
        "Women trained",
        U.PEOPLE,
        C.PEOPLE_TRAINED,
        {"gender": "female"},
        110,
    ),
    (
        "MINORITY-TRAINED",
        "Số người dân tộc thiểu số được đào tạo, bồi dưỡng",
        "Ethnic-minority people trained",
        U.PEOPLE,
        C.PEOPLE_TRAINED,
        {"minority": True},
        120,
    ),
    (
        "LEADERS-TRAINED",
        "Số lãnh đạo cấp tỉnh, cấp bộ được đào tạo, bồi dưỡng",
        "Provincial or ministerial leaders trained",
        U.PEOPLE,
        C.PEOPLE_TRAINED,
        {"leadership_level": "province"},
        130,
    ),
    (
        "CASCADE-REACH",
        "Số người được tiếp cận qua các hội thảo nhân rộng",
        "People reached by cascade workshops",
        U.PEOPLE,
        C.CASCADE_REACH,
        {},
        140,
    ),
    (
        "WOMEN-OFFICIAL",
        "Tỷ lệ nữ trong số người ứng cử chính thức",
        "Share of women among official candidates",
        U.PERCENT,
        C.WOMEN_SHARE_AT_STAGE,
        {"stage": "official"},
        150,
    ),
    (
        "QUOTA-MET",
        "Tỷ lệ cơ quan dân cử đạt tỷ lệ tối thiểu 35% nữ ứng cử viên",
        "Bodies meeting the 35% women quota",
        U.PERCENT,
        C.QUOTA_COMPLIANCE,
        {"metric": "women_official"},
        160,
    ),
]

# indicator code, period ("" = whole programme), value, source
TARGETS = [
    ("P8-CADRES", "", 40_000, SOURCE_STRATEGY + ": khoảng 40.000 cán bộ ở 50 tỉnh"),
    ("P8-TRAIN-DIST-COMM", "", 480, SOURCE_REPORT),
    ("P8-TRAIN-VILLAGE", "", 1_600, SOURCE_REPORT),
    ("P8-TRAIN-ME", "", 1_600, SOURCE_REPORT),
    ("WOMEN-OFFICIAL", "", 35, "Luật 85/2015/QH13, Điều 8"),
    ("CASCADE-REACH", "2024", 1_500, "AWIL 2024: 15 hội thảo × 100 người"),
]

# indicator code, period, value, source
MANUAL_VALUES = [
    ("P8-TRAIN-DIST-COMM", REPORT_PERIOD, 239, SOURCE_REPORT),
    ("P8-TRAIN-VILLAGE", REPORT_PERIOD, 377, SOURCE_REPORT),
    ("P8-TRAIN-ME", REPORT_PERIOD, 283, SOURCE_REPORT),
    ("P8-ME-CADRES", REPORT_PERIOD, 4_400, SOURCE_REPORT + ": trên 4.400 cán bộ các cấp"),
    ("P8-BOOKS", REPORT_PERIOD, 41_600, SOURCE_REPORT + ": 04 cuốn, 41,6 ngàn bản"),
]


def ensure_indicators(codes=None) -> tuple[dict[str, Indicator], int]:
    """The demo's indicators (those of `codes`, or all), created where missing; existing rows are kept
    as they are, whatever their names. Returns them by code, with the number created."""
    found = {}
    new_rows = 0
    for code, name, name_en, unit, computation, parameters, position in INDICATORS:
        if codes is not None and code not in codes:
            continue
        indicator, new = Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "unit": unit,
                "computation": computation,
                "parameters": parameters,
                "position": position,
            },
        )
        found[code] = indicator
        new_rows += new
    return found, new_rows


def load_reports_demo(*, actor=None) -> dict:
    created = {"programmes": 0, "indicators": 0, "targets": 0, "manual_values": 0}
    with transaction.atomic():
        _programme, new = Programme.objects.get_or_create(
            code=PROJECT_8,
            defaults={
                "name": "Dự án 8 – Thực hiện bình đẳng giới và giải quyết những vấn đề cấp thiết "
                "đối với phụ nữ và trẻ em (Chương trình MTQG vùng DTTS và miền núi)",
                "target_reach": 40_000,
                "funding_source": "Chương trình MTQG phát triển KTXH vùng đồng bào DTTS và miền núi",
                "created_by": actor,
            },
        )
        created["programmes"] += new
        indicators, created["indicators"] = ensure_indicators()
        for code, period, value, source in TARGETS:
            _target, new = Target.objects.get_or_create(
                indicator=indicators[code],
                period=period,
                unit=None,
                defaults={"value": Decimal(value), "source": source},
            )
            created["targets"] += new
        for code, period, value, source in MANUAL_VALUES:
            if not ManualValue.objects.filter(indicator=indicators[code], period=period, unit=None).exists():
                ManualValue.objects.create(
                    indicator=indicators[code],
                    period=period,
                    unit=None,
                    value=Decimal(value),
                    source=source,
                    entered_by=actor,
                )
                created["manual_values"] += 1
    from reports.summaries import summaries_refresh

    summaries_refresh()
    return created
