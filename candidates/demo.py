"""Demo candidacies for trying the app (make run). Never run against production data.

`load_candidates_demo()` records:

- the terms (National Assembly XV and XVI, People's Councils 2021–2026 and 2026–2031, Party congresses
  2020–2025 and 2025–2030) and the quota targets of DESIGN.md §5 with their legal sources;
- a 2026–2031 People's Council cycle for Hà Tĩnh (42), Nghệ An (40) and Thanh Hóa (38), from the pool to
  the election of 15 March 2026: Hà Tĩnh meets the 35% target for women among official candidates,
  Thanh Hóa meets it exactly (49 of 140), Nghệ An is 5 women short (46 of 140);
- the Hà Tĩnh 2021–2026 pool: the women trained by the third class of the province's 2019 plan (seed
  003, "Lớp tập huấn 3", 15–16 July 2019), followed to the People's Council election of 23 May 2021 and
  the provincial Party congress of 2020 (5 women among its 54 members: 4 short of Directive 35's 15%);
- an open pipeline to follow by hand: Lê Thị Minh Hoà, elected in 2021 and 2026, in the pool for a
  Vice-Chair post of the Hà Tĩnh People's Committee.

It needs the current provinces 42, 40 and 38 (`manage.py load_reference_data`) and says so otherwise.
The abolished districts of Hà Tĩnh (legacy 436, 443, 445) and the ward Thành Sen (18073) are used when
the reference data has them. Class 3 is the course held in Hà Tĩnh from 15 July 2019: when the trainings
demo has recorded it, the pool women are enrolled in it (as having completed it); when it has not, a
minimal record of the plan and its class 3 is made here (run the trainings demo first to avoid two copies
of the plan).

Deterministic and idempotent: people are matched on their (generated) ID numbers and candidacies on
person, body and term; a second run creates nothing. People, enrolments, candidacies and stage changes
are written in bulk.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from candidates.models import Body, Candidacy, QuotaTarget, Stage, StageChange, Term, funnel_position
from candidates.services import classify_move
from directory.citizen_id import century_sex_digit
from directory.models import AdministrativeUnit, EthnicGroup, Organisation, Person

REQUIRED_PROVINCES = {"42": "Hà Tĩnh", "40": "Nghệ An", "38": "Thanh Hóa"}
# The legacy (63-province) codes of the same provinces: the first digits of their people's ID numbers.
BIRTH_REGISTRATION_CODES = {"42": "042", "40": "040", "38": "038"}
DISTRICTS_ABOLISHED_ON = datetime.date(2025, 7, 1)  # Resolution 202/2025/QH15
LAW_85_IN_FORCE = datetime.date(2015, 9, 1)
LAW_85 = (
    "Luật Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân số 85/2015/QH13 (sửa đổi năm 2025), Điều 8"
)

# Polling and congress days.
ELECTION_2021 = datetime.date(2021, 5, 23)
ELECTION_2026 = datetime.date(2026, 3, 15)
PARTY_CONGRESS_2020 = datetime.date(2020, 10, 15)
CLASS_3_START = datetime.date(2019, 7, 15)


class DemoDataMissing(Exception):
    """The reference data the demo builds on is not loaded."""


# --- Names -----------------------------------------------------------------------------------------------

FAMILY_NAMES = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Phan",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
)
WOMEN_MIDDLE = ("Thị", "Thị Thu", "Thị Minh", "Thị Thanh", "Thị Hồng", "Thị Ngọc")
MEN_MIDDLE = ("Văn", "Đình", "Hữu", "Quang", "Minh", "Xuân")
WOMEN_GIVEN = (
    "Hoa", "Lan", "Hương", "Hà", "Mai", "Thảo", "Linh", "Trang", "Nga", "Hằng", "Yến", "Phương", "Huyền",
    "Loan", "Nhung", "Vân", "Oanh", "Thủy", "Hạnh", "Dung", "Giang", "Hiền", "Lụa",
)  # fmt: skip
MEN_GIVEN = (
    "Hùng", "Dũng", "Tuấn", "Nam", "Sơn", "Hải", "Long", "Thắng", "Cường", "Đức", "Việt", "Bình", "Phong",
    "Khánh", "Lâm", "Trung", "Tâm",
)  # fmt: skip


@dataclass
class PlannedPerson:
    citizen_id: str
    family_name: str
    middle_name: str
    given_name: str
    gender: str
    birth_date: datetime.date
    province_code: str
    ethnic_group: str = "Kinh"
    position: str = ""


@dataclass
class PlannedCandidacy:
    person: PlannedPerson
    body: str  # a key of the bodies dict
    term: str  # a key of the terms dict
    path: list[tuple[str, datetime.date, str]]  # (stage, date, reason); the first is the entry
    nominated_by: str | None = None  # a key of the organisations dict
    notes: str = ""


@dataclass
class Plan:
    people: dict[str, PlannedPerson] = field(default_factory=dict)
    candidacies: list[PlannedCandidacy] = field(default_factory=list)
    class_3: list[PlannedPerson] = field(default_factory=list)


class PersonMaker:
    """Deterministic people: the n-th woman or man of a province always has the same name and ID number."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.counters: dict[tuple[str, str], int] = {}

    def make(self, province: str, gender: str, *, ethnic_group: str = "Kinh", **fixed) -> PlannedPerson:
        number = self.counters.get((province, gender), 0)
        self.counters[(province, gender)] = number + 1
        female = gender == Person.Gender.FEMALE
        seed = number + int(province)
        birth_year = fixed.pop("birth_year", 1966 + (number * 7 + int(province)) % 27)
        birth_date = datetime.date(birth_year, 1 + (seed * 5) % 12, 1 + (seed * 11) % 28)
        digit = century_sex_digit(female=female, birth_year=birth_year)
        # "8", the sex, then a sequence: demo numbers stay apart from one another.
        citizen_id = (
            f"{BIRTH_REGISTRATION_CODES[province]}{digit}{birth_year % 100:02d}8{int(female)}{number:04d}"
        )
        person = PlannedPerson(
            citizen_id=citizen_id,
            family_name=fixed.pop("family_name", FAMILY_NAMES[seed % len(FAMILY_NAMES)]),
            middle_name=fixed.pop(
                "middle_name", (WOMEN_MIDDLE if female else MEN_MIDDLE)[(seed // 3) % len(WOMEN_MIDDLE)]
            ),
            given_name=fixed.pop(
                "given_name",
                (WOMEN_GIVEN if female else MEN_GIVEN)[
                    (number * 7) % len(WOMEN_GIVEN if female else MEN_GIVEN)
                ],
            ),
            gender=gender,
            birth_date=birth_date,
            province_code=province,
            ethnic_group=ethnic_group,
            **fixed,
        )
        self.plan.people[citizen_id] = person
        return person


# --- Paths through the stages ----------------------------------------------------------------------------

CYCLE_2026 = {
    Stage.POOL: datetime.date(2025, 3, 3),
    Stage.PLANNING: datetime.date(2025, 5, 12),
    Stage.TRAINED: datetime.date(2025, 9, 22),
    Stage.ROUND_1: datetime.date(2025, 12, 9),
    Stage.ROUND_2: datetime.date(2026, 1, 19),
    Stage.ROUND_3: datetime.date(2026, 2, 9),
    Stage.OFFICIAL: datetime.date(2026, 2, 23),
    "outcome": ELECTION_2026,
}
CYCLE_2021 = {
    Stage.POOL: datetime.date(2019, 5, 6),
    Stage.PLANNING: datetime.date(2019, 6, 10),
    Stage.TRAINED: datetime.date(2019, 7, 16),
    Stage.ROUND_1: datetime.date(2021, 2, 3),
    Stage.ROUND_2: datetime.date(2021, 3, 12),
    Stage.ROUND_3: datetime.date(2021, 4, 16),
    Stage.OFFICIAL: datetime.date(2021, 4, 27),
    "outcome": ELECTION_2021,
}
PARTY_2020 = {
    Stage.POOL: datetime.date(2019, 5, 6),
    Stage.PLANNING: datetime.date(2019, 6, 10),
    Stage.TRAINED: datetime.date(2019, 7, 16),
    Stage.ROUND_1: datetime.date(2020, 6, 15),
    Stage.ROUND_2: datetime.date(2020, 7, 20),
    Stage.ROUND_3: datetime.date(2020, 8, 24),
    Stage.OFFICIAL: datetime.date(2020, 9, 14),
    "outcome": PARTY_CONGRESS_2020,
}
ROAD = (
    Stage.POOL,
    Stage.PLANNING,
    Stage.TRAINED,
    Stage.ROUND_1,
    Stage.ROUND_2,
    Stage.ROUND_3,
    Stage.OFFICIAL,
)
NOT_TRAINED = "Chưa tham gia lớp tập huấn trước khi hiệp thương."
WITHDRAWN = "Xin rút khỏi danh sách vì lý do gia đình."


def path(
    dates: dict,
    *,
    start: str = Stage.POOL,
    stop: str = Stage.OFFICIAL,
    outcome: str | None = None,
    trained=True,
) -> list[tuple[str, datetime.date, str]]:
    """The stages from `start` to `stop`, then the outcome; "trained" is skipped, with a reason, if not."""
    stages = ROAD[ROAD.index(start) : ROAD.index(stop) + 1]
    steps = []
    for stage in stages:
        if stage == Stage.TRAINED and not trained and stage != start:
            continue
        reason = ""
        if steps and stage == Stage.ROUND_1 and steps[-1][0] == Stage.PLANNING:
            reason = NOT_TRAINED
        steps.append((stage, dates[stage], reason))
    if outcome == Stage.WITHDRAWN:
        # She withdraws before the next stage would have come.
        following = ROAD.index(stop) + 1
        steps.append(
            (outcome, dates[ROAD[following]] if following < len(ROAD) else dates["outcome"], WITHDRAWN)
        )
    elif outcome:
        steps.append((outcome, dates["outcome"], ""))
    return steps


# --- The plan --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cycle:
    province: str
    seats: int
    official: int
    official_women: int
    elected_women: int
    dropped_women: int
    dropped_men: int
    minority: str | None = None  # the ethnic minority some candidates belong to


CYCLES_2026 = (
    Cycle("42", seats=56, official=90, official_women=34, elected_women=20, dropped_women=16, dropped_men=6),
    Cycle("40", seats=85, official=140, official_women=46, elected_women=25, dropped_women=22, dropped_men=8,
          minority="Thái"),
    Cycle("38", seats=85, official=140, official_women=49, elected_women=27, dropped_women=20, dropped_men=8,
          minority="Mường"),
)  # fmt: skip
DROPPED_AT = (Stage.POOL, Stage.PLANNING, Stage.ROUND_1, Stage.ROUND_2, Stage.ROUND_2)


def build_plan(*, has_districts: bool, has_thanh_sen: bool) -> Plan:
    plan = Plan()
    people = PersonMaker(plan)
    female, male = Person.Gender.FEMALE, Person.Gender.MALE

    # The Hà Tĩnh pool of 2019–2021: 24 women trained by class 3.
    featured = people.make(
        "42", female, family_name="Lê", middle_name="Thị Minh", given_name="Hoà", birth_year=1982,
        position="Phó Trưởng ban Văn hóa – Xã hội, HĐND tỉnh",
    )  # fmt: skip
    pool_2019 = [featured] + [people.make("42", female) for _ in range(23)]
    plan.class_3 = pool_2019
    district_bodies = ["council_436", "council_443", "council_445"] if has_districts else ["council_42"]
    for number, woman in enumerate(pool_2019):
        if number % 4 == 3:
            body, term, dates = "party_42", "party_2020", PARTY_2020
        elif number % 4 == 0:
            body, term, dates = "council_42", "councils_2021", CYCLE_2021
        else:
            body, term, dates = district_bodies[number % len(district_bodies)], "councils_2021", CYCLE_2021
        if number in (5, 9):
            steps = path(dates, stop=Stage.ROUND_2)  # not put forward after the second round
        elif number == 13:
            steps = path(dates, stop=Stage.ROUND_3, outcome=Stage.WITHDRAWN)
        else:
            steps = path(dates, outcome=Stage.NOT_ELECTED if number % 5 == 4 else Stage.ELECTED)
        plan.candidacies.append(PlannedCandidacy(woman, body, term, steps, nominated_by="womens_union_42"))
    # The men on the 2021 official lists, put forward straight into the consultations.
    men_2021 = {"council_42": (30, 20)} | {key: (10, 7) for key in district_bodies if key != "council_42"}
    for body, (count, elected) in men_2021.items():
        for number in range(count):
            outcome = Stage.ELECTED if number < elected else Stage.NOT_ELECTED
            steps = path(CYCLE_2021, start=Stage.ROUND_1, outcome=outcome)
            plan.candidacies.append(
                PlannedCandidacy(
                    people.make("42", male), body, "councils_2021", steps, nominated_by="front_42"
                )
            )
    # The rest of the 2020–2025 provincial Party committee, recorded as elected.
    for _ in range(49):
        man = people.make("42", male)
        steps = [(Stage.ELECTED, PARTY_CONGRESS_2020, "Danh sách Ban Chấp hành khóa XIX.")]
        plan.candidacies.append(
            PlannedCandidacy(man, "party_42", "party_2020", steps, nominated_by="party_42")
        )

    # The 2026–2031 People's Council cycle.
    alumnae_elected = [
        planned.person for planned in plan.candidacies[:24] if planned.path[-1][0] == Stage.ELECTED
    ]
    for cycle in CYCLES_2026:
        code = cycle.province
        council, women_union, front = f"council_{code}", f"womens_union_{code}", f"front_{code}"
        official_women = alumnae_elected[:12] if code == "42" else []
        official_women += [
            people.make(code, female) for _ in range(cycle.official_women - len(official_women))
        ]
        for number, woman in enumerate(official_women):
            outcome = Stage.ELECTED if number < cycle.elected_women else Stage.NOT_ELECTED
            if number % 3 == 2:
                # Put forward by her agency straight into the consultations.
                steps = path(CYCLE_2026, start=Stage.ROUND_1, outcome=outcome)
                nominated_by = front
            else:
                trained = (code == "42" and woman in alumnae_elected) or number % 3 == 0
                steps = path(CYCLE_2026, outcome=outcome, trained=trained)
                nominated_by = women_union
            plan.candidacies.append(
                PlannedCandidacy(woman, council, "councils_2026", steps, nominated_by=nominated_by)
            )
        elected_men = cycle.seats - cycle.elected_women
        for number in range(cycle.official - cycle.official_women):
            ethnic = cycle.minority if cycle.minority and number % 6 == 0 else "Kinh"
            man = people.make(code, male, ethnic_group=ethnic)
            outcome = Stage.ELECTED if number < elected_men else Stage.NOT_ELECTED
            steps = path(CYCLE_2026, start=Stage.ROUND_1, outcome=outcome)
            plan.candidacies.append(
                PlannedCandidacy(man, council, "councils_2026", steps, nominated_by=front)
            )
        for number in range(cycle.dropped_women):
            ethnic = cycle.minority if cycle.minority and number % 4 == 0 else "Kinh"
            woman = people.make(code, female, ethnic_group=ethnic)
            stop = DROPPED_AT[number % len(DROPPED_AT)]
            outcome = Stage.WITHDRAWN if number % 7 == 6 else None
            steps = path(CYCLE_2026, stop=stop, outcome=outcome, trained=number % 2 == 0)
            plan.candidacies.append(
                PlannedCandidacy(woman, council, "councils_2026", steps, nominated_by=women_union)
            )
        for number in range(cycle.dropped_men):
            man = people.make(code, male)
            stop = Stage.ROUND_1 if number % 2 else Stage.ROUND_2
            steps = path(CYCLE_2026, start=Stage.ROUND_1, stop=stop)
            plan.candidacies.append(
                PlannedCandidacy(man, council, "councils_2026", steps, nominated_by=front)
            )

    if has_thanh_sen:
        # A ward's council of the new two-level local government: 2 women and 3 men on the official list.
        for gender, outcome in ((female, Stage.ELECTED), (female, Stage.NOT_ELECTED), (male, Stage.ELECTED),
                                (male, Stage.ELECTED), (male, Stage.NOT_ELECTED)):  # fmt: skip
            steps = path(CYCLE_2026, start=Stage.ROUND_1, outcome=outcome)
            plan.candidacies.append(
                PlannedCandidacy(
                    people.make("42", gender), "council_thanh_sen", "councils_2026", steps, "front_42"
                )
            )

    # An open pipeline: the Vice-Chair posts of the Hà Tĩnh People's Committee, filled by the new Council.
    autumn = datetime.date(2026, 9, 7)
    post = "vice_chair_42"
    plan.candidacies += [
        PlannedCandidacy(featured, post, "councils_2026", [(Stage.POOL, autumn, "")], nominated_by="party_42",
                         notes="Đề xuất từ danh sách quy hoạch của Ban Tổ chức Tỉnh ủy."),
        PlannedCandidacy(alumnae_elected[1], post, "councils_2026",
                         [(Stage.POOL, autumn, ""), (Stage.PLANNING, datetime.date(2026, 10, 5), "")],
                         nominated_by="party_42"),
        PlannedCandidacy(people.make("42", male), post, "councils_2026",
                         [(Stage.ROUND_1, datetime.date(2026, 10, 12), "")], nominated_by="party_42"),
    ]  # fmt: skip
    return plan


# --- Writing it ------------------------------------------------------------------------------------------


def _require_provinces() -> dict[str, AdministrativeUnit]:
    provinces = {
        unit.code: unit
        for unit in AdministrativeUnit.objects.current_provinces().filter(code__in=REQUIRED_PROVINCES)
    }
    missing = [f"{code} {name}" for code, name in REQUIRED_PROVINCES.items() if code not in provinces]
    if missing:
        raise DemoDataMissing(
            "The candidates demo needs the current provinces "
            + ", ".join(missing)
            + ": run `manage.py load_reference_data` first."
        )
    return provinces


def _terms() -> dict[str, Term]:
    Kind = Term.Kind
    wanted = {
        "assembly_2021": ("Quốc hội khóa XV (2021–2026)", Kind.NATIONAL_ASSEMBLY, 2021, 2026, ELECTION_2021),
        "assembly_2026": ("Quốc hội khóa XVI (2026–2031)", Kind.NATIONAL_ASSEMBLY, 2026, 2031, ELECTION_2026),
        "councils_2021": ("Hội đồng nhân dân các cấp nhiệm kỳ 2021–2026", Kind.PEOPLES_COUNCILS, 2021, 2026,
                          ELECTION_2021),
        "councils_2026": ("Hội đồng nhân dân các cấp nhiệm kỳ 2026–2031", Kind.PEOPLES_COUNCILS, 2026, 2031,
                          ELECTION_2026),
        "party_2020": ("Đại hội Đảng bộ các cấp nhiệm kỳ 2020–2025", Kind.PARTY, 2020, 2025, None),
        "party_2025": ("Đại hội Đảng bộ các cấp nhiệm kỳ 2025–2030", Kind.PARTY, 2025, 2030, None),
    }  # fmt: skip
    terms = {}
    for key, (name, kind, start, end, election) in wanted.items():
        terms[key], _created = Term.objects.get_or_create(
            kind=kind, start_year=start, defaults={"name": name, "end_year": end, "election_date": election}
        )
    return terms


def _quota_targets(terms: dict[str, Term]) -> int:
    """The targets of DESIGN.md §5, matched on what they measure so that an edited threshold is kept."""
    Metric, Kind = QuotaTarget.Metric, Body.Kind
    wanted = [
        (Kind.NATIONAL_ASSEMBLY, "", None, Metric.WOMEN_OFFICIAL, "35", LAW_85, LAW_85_IN_FORCE, ""),
        (Kind.NATIONAL_ASSEMBLY, "", None, Metric.MINORITY_OFFICIAL, "18", LAW_85, LAW_85_IN_FORCE, ""),
        (Kind.PEOPLES_COUNCIL, "", None, Metric.WOMEN_OFFICIAL, "35", LAW_85, LAW_85_IN_FORCE, ""),
        (Kind.PARTY_COMMITTEE, "", None, Metric.WOMEN_PLANNING, "25",
         "Quy định 50-QĐ/TW (2021) của Bộ Chính trị về công tác quy hoạch cán bộ", datetime.date(2021, 1, 1),
         "Valid from 2021, the year of the regulation: it applies to the planning for terms from 2025 on."),
        (Kind.PARTY_COMMITTEE, Body.Level.PROVINCE, terms["party_2020"], Metric.WOMEN_MEMBERS, "15",
         "Chỉ thị 35-CT/TW (2019) của Bộ Chính trị về đại hội đảng bộ các cấp nhiệm kỳ 2020–2025", None, ""),
    ]  # fmt: skip
    created = 0
    for kind, level, term, metric, threshold, source, valid_from, notes in wanted:
        _target, was_created = QuotaTarget.objects.get_or_create(
            body_kind=kind,
            level=level,
            term=term,
            metric=metric,
            defaults={
                "threshold": Decimal(threshold),
                "legal_source": source,
                "valid_from": valid_from,
                "notes": notes,
            },
        )
        created += was_created
    return created


def _organisations(provinces) -> dict[str, Organisation]:
    organisations = {}
    for code, province in provinces.items():
        name = province.short_name
        for key, full_name, kind in (
            (f"womens_union_{code}", f"Hội Liên hiệp Phụ nữ tỉnh {name}", Organisation.Kind.WOMENS_UNION),
            (f"front_{code}", f"Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh {name}", Organisation.Kind.OTHER),
            (f"party_{code}", f"Ban Tổ chức Tỉnh ủy {name}", Organisation.Kind.PARTY_BODY),
            (f"committee_{code}", f"Ủy ban nhân dân tỉnh {name}", Organisation.Kind.PEOPLES_COMMITTEE),
        ):
            organisations[key], _created = Organisation.objects.get_or_create(
                name=full_name, unit=province, defaults={"kind": kind}
            )
    return organisations


def _bodies(provinces, organisations, units) -> dict[str, Body]:
    Kind, Level = Body.Kind, Body.Level
    wanted = {"assembly": ("Quốc hội", Kind.NATIONAL_ASSEMBLY, Level.NATIONAL, None, 500, None, None)}
    seats = {cycle.province: cycle.seats for cycle in CYCLES_2026}
    for code, province in provinces.items():
        name = province.short_name
        wanted[f"council_{code}"] = (
            f"Hội đồng nhân dân tỉnh {name}",
            Kind.PEOPLES_COUNCIL,
            Level.PROVINCE,
            province,
            seats[code],
            None,
            None,
        )
        wanted[f"party_{code}"] = (
            f"Ban Chấp hành Đảng bộ tỉnh {name}",
            Kind.PARTY_COMMITTEE,
            Level.PROVINCE,
            province,
            55,
            None,
            None,
        )
        wanted[f"standing_{code}"] = (
            f"Ban Thường vụ Tỉnh ủy {name}",
            Kind.PARTY_STANDING_COMMITTEE,
            Level.PROVINCE,
            province,
            15,
            None,
            None,
        )
    wanted["vice_chair_42"] = (
        "Phó Chủ tịch Ủy ban nhân dân tỉnh Hà Tĩnh", Kind.LEADERSHIP_POST, Level.PROVINCE, provinces["42"], 4,
        organisations["committee_42"], None,
    )  # fmt: skip
    if "thanh_sen" in units:
        wanted["council_thanh_sen"] = (
            "Hội đồng nhân dân phường Thành Sen",
            Kind.PEOPLES_COUNCIL,
            Level.COMMUNE,
            units["thanh_sen"],
            30,
            None,
            None,
        )
    for code in ("436", "443", "445"):
        if code in units:
            district = units[code]
            wanted[f"council_{code}"] = (
                f"Hội đồng nhân dân {district.name[:1].lower()}{district.name[1:]}",
                Kind.PEOPLES_COUNCIL, Level.DISTRICT, district, 35, None, DISTRICTS_ABOLISHED_ON,
            )  # fmt: skip
    bodies = {}
    for key, (name, kind, level, unit, body_seats, organisation, abolished_on) in wanted.items():
        bodies[key], _created = Body.objects.get_or_create(
            name=name,
            unit=unit,
            defaults={
                "kind": kind,
                "level": level,
                "seats": body_seats,
                "organisation": organisation,
                "abolished_on": abolished_on,
            },
        )
    return bodies


def _class_3(province: AdministrativeUnit, organisations):
    """The third class of Hà Tĩnh's 2019 plan: the trainings demo's, else a minimal record of it."""
    from trainings.models import Course
    from trainings.models import Plan as TrainingPlan
    from trainings.services import course_sync_sessions

    course = Course.objects.filter(province=province, start_date=CLASS_3_START).order_by("pk").first()
    if course is not None:
        return course
    plan, _created = TrainingPlan.objects.get_or_create(
        title=(
            "Kế hoạch tổ chức tập huấn nâng cao năng lực và hiệu quả quản lý nhà nước về bình đẳng giới và "
            "tăng cường sự tham gia của phụ nữ vào các vị trí quản lý, lãnh đạo và cơ quan dân cử"
        ),
        province=province,
        defaults={"issued_on": datetime.date(2019, 6, 1), "issuer": organisations["committee_42"]},
    )
    course = Course.objects.create(
        plan=plan,
        kind=Course.Kind.CLASS,
        component="Lớp tập huấn 3",
        title="Bình đẳng giới trong lĩnh vực chính trị cho phụ nữ tham gia ứng cử",
        topics=(
            "Tổng quan về bình đẳng giới; các biện pháp thúc đẩy bình đẳng giới; thông tin, giáo dục, truyền "
            "thông về bình đẳng giới trong lĩnh vực chính trị cho phụ nữ tham gia ứng cử."
        ),
        audience=(
            "Cán bộ nữ dự kiến dự nguồn tham gia cấp ủy Đảng cấp tỉnh, cấp huyện và ứng cử đại biểu HĐND cấp "
            "tỉnh và huyện nhiệm kỳ 2021–2026."
        ),
        start_date=CLASS_3_START,
        end_date=CLASS_3_START + datetime.timedelta(days=1),
        duration=2,
        venue="Thành phố Hà Tĩnh",
        unit=province,
        province=province,
        status=Course.Status.HELD,
    )
    course_sync_sessions(course=course)
    return course


def _write_people(plan: Plan, provinces) -> tuple[dict[str, Person], int]:
    existing = {person.citizen_id: person for person in Person.objects.filter(citizen_id__in=plan.people)}
    groups = {group.name: group for group in EthnicGroup.objects.filter(name__in=["Kinh", "Thái", "Mường"])}
    new = []
    for citizen_id, planned in plan.people.items():
        if citizen_id in existing:
            continue
        person = Person(
            family_name=planned.family_name,
            middle_name=planned.middle_name,
            given_name=planned.given_name,
            gender=planned.gender,
            birth_date=planned.birth_date,
            ethnic_group=groups.get(planned.ethnic_group),
            citizen_id=citizen_id,
            province=provinces[planned.province_code],
            position=planned.position,
            leadership_level=Person.LeadershipLevel.UNIT,
            notes="Dữ liệu minh họa (demo).",
        )
        person.normalise()  # bulk_create bypasses save()
        new.append(person)
    Person.objects.bulk_create(new)
    existing.update({person.citizen_id: person for person in new})
    return existing, len(new)


def _write_enrolments(course, people: list[Person]) -> int:
    from trainings.models import Enrolment

    enrolled = set(Enrolment.objects.filter(course=course).values_list("person_id", flat=True))
    new = [
        Enrolment(
            course=course, person=person, role=Enrolment.Role.TRAINEE, status=Enrolment.Status.COMPLETED
        )
        for person in people
        if person.pk not in enrolled
    ]
    Enrolment.objects.bulk_create(new)
    return len(new)


def _write_candidacies(plan: Plan, people, bodies, terms, organisations, actor) -> tuple[int, int]:
    wanted = [planned for planned in plan.candidacies if planned.body in bodies]
    existing = set(
        Candidacy.objects.filter(term__in=terms.values(), body__in=bodies.values()).values_list(
            "person_id", "body_id", "term_id"
        )
    )
    new, paths = [], []
    for planned in wanted:
        person, body, term = people[planned.person.citizen_id], bodies[planned.body], terms[planned.term]
        if (person.pk, body.pk, term.pk) in existing:
            continue
        existing.add((person.pk, body.pk, term.pk))
        position = 0
        for stage, _on_date, _reason in planned.path:
            position = funnel_position(stage, position)
        final_stage, since, _reason = planned.path[-1]
        new.append(
            Candidacy(
                person=person,
                body=body,
                term=term,
                nominated_by=organisations.get(planned.nominated_by),
                stage=final_stage,
                stage_since=since,
                funnel_position=position,
                province=Candidacy.resolve_province(body=body, person=person),
                notes=planned.notes,
                created_by=actor,
            )
        )
        paths.append(planned.path)
    Candidacy.objects.bulk_create(new)
    changes = []
    for candidacy, steps in zip(new, paths, strict=True):
        previous = ""
        for stage, on_date, reason in steps:
            move = classify_move(from_stage=previous, to_stage=stage) if previous else StageChange.Move.ENTRY
            if move in StageChange.IRREGULAR_MOVES and not reason:
                raise ValueError(f"The demo path {steps} breaks the stage rules.")
            changes.append(
                StageChange(
                    candidacy=candidacy,
                    from_stage=previous,
                    to_stage=stage,
                    move=move,
                    on_date=on_date,
                    reason=reason,
                    changed_by=actor,
                )
            )
            previous = stage
    StageChange.objects.bulk_create(changes)
    return len(new), len(changes)


@transaction.atomic
def load_candidates_demo(*, actor=None) -> dict:
    """Load the demo candidacies (module docstring); returns what was created and the person to follow."""
    provinces = _require_provinces()
    units = {
        unit.code: unit
        for unit in AdministrativeUnit.objects.filter(
            catalogue=AdministrativeUnit.Catalogue.LEGACY, code__in=["436", "443", "445"]
        ).select_related("parent__successor")
    }
    thanh_sen = AdministrativeUnit.objects.filter(
        catalogue=AdministrativeUnit.Catalogue.CURRENT, code="18073"
    ).first()
    if thanh_sen is not None:
        units["thanh_sen"] = thanh_sen
    has_districts = all(code in units for code in ("436", "443", "445"))

    terms = _terms()
    targets_created = _quota_targets(terms)
    organisations = _organisations(provinces)
    bodies = _bodies(provinces, organisations, units)
    plan = build_plan(has_districts=has_districts, has_thanh_sen=thanh_sen is not None)
    people, people_created = _write_people(plan, provinces)
    course = _class_3(provinces["42"], organisations)
    enrolments_created = _write_enrolments(course, [people[planned.citizen_id] for planned in plan.class_3])
    candidacies_created, changes_created = _write_candidacies(
        plan, people, bodies, terms, organisations, actor
    )
    featured = people[plan.class_3[0].citizen_id]
    follow = Candidacy.objects.get(person=featured, body=bodies["vice_chair_42"], term=terms["councils_2026"])
    return {
        "terms": len(terms),
        "bodies": len(bodies),
        "quota_targets_created": targets_created,
        "people_created": people_created,
        "enrolments_created": enrolments_created,
        "candidacies_created": candidacies_created,
        "stage_changes_created": changes_created,
        "class_3_course": course.pk,
        "follow": {"person": featured.full_name, "candidacy": follow.pk},
    }
