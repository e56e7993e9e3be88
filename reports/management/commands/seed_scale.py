"""Build the national-scale data set of DESIGN.md §6 for the benchmarks, deterministically.

34 provinces and 3,321 communes (load_reference_data), 60,000 people, 4,000 courses, 250,000 enrolments,
500,000 attendance rows and 25,000 candidacies (with their entry in the stage history), and the demo's
indicators (reports.demo) with national and provincial targets per quarter and year, and values entered by
hand for two Project 8 indicators, so that the dashboards and the quarterly report compute them.
Rows are written with `bulk_create` in batches (people normalised first, since bulk writes skip `save()`);
at about 10,000 rows a second on PostgreSQL the whole set takes a couple of minutes, so COPY is not needed.
Every row the command writes is recognisable (codes and names starting with SEED), so that it can refuse a
database that holds anything else. About 5% of the courses are recorded under a pre-2025 province, which
rolls up into its successor, as spreadsheets of old courses do. The dashboards' summaries are rebuilt at the
end.
"""

import datetime
import random
import time
from collections import defaultdict

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from candidates.models import Body, Candidacy, QuotaTarget, Stage, StageChange, Term, funnel_position
from directory.models import AdministrativeUnit, EthnicGroup, Person
from reports.demo import ensure_indicators
from reports.models import ManualValue, Target
from reports.periods import Period
from reports.summaries import summaries_refresh
from trainings.models import Attendance, Course, Enrolment, Programme, Session

SIZES = {
    "people": 60_000,
    "courses": 4_000,
    "enrolments": 250_000,
    "attendance": 500_000,
    "candidacies": 25_000,
}
MARK = "SEED"
BATCH = 5_000

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
]
MIDDLE_F = ["Thị", "Thị Minh", "Thị Thu", "Thị Ngọc", "Thị Thanh", "Thị Hồng", "Thị Kim", "Thị Bích"]
MIDDLE_M = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Công"]
GIVEN_F = [
    "Hoà",
    "Lan",
    "Hương",
    "Mai",
    "Hạnh",
    "Trang",
    "Linh",
    "Thảo",
    "Ngân",
    "Yến",
    "Hằng",
    "Nga",
    "Dung",
]
GIVEN_M = ["Hùng", "Dũng", "Nam", "Sơn", "Tuấn", "Long", "Bình", "Quân", "Phong"]
KINDS = (
    [Course.Kind.CORE] * 3
    + [Course.Kind.WORKSHOP] * 37
    + [Course.Kind.CLASS] * 55
    + [Course.Kind.WRAP_UP] * 2
)
KINDS += [Course.Kind.OTHER] * 3
LEVELS = [Person.LeadershipLevel.NONE] * 6 + [
    Person.LeadershipLevel.UNIT,
    Person.LeadershipLevel.UNIT,
    Person.LeadershipLevel.DEPARTMENT,
    Person.LeadershipLevel.PROVINCE,
]
STAGES = [Stage.POOL] * 30 + [Stage.PLANNING] * 20 + [Stage.TRAINED] * 10 + [Stage.ROUND_1] * 8
STAGES += [Stage.ROUND_2] * 6 + [Stage.ROUND_3] * 5 + [Stage.OFFICIAL] * 8 + [Stage.ELECTED] * 8
STAGES += [Stage.NOT_ELECTED] * 3 + [Stage.WITHDRAWN] * 2
FIRST_DAY = datetime.date(2019, 1, 1)
DAYS = (datetime.date(2026, 6, 30) - FIRST_DAY).days


class Command(BaseCommand):
    help = "Build the national-scale benchmark data set (DESIGN.md §6) deterministically."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=6, help="Random seed (same seed, same data).")
        parser.add_argument("--scale", type=float, default=1.0, help="A fraction of the full size (tests).")
        parser.add_argument(
            "--force", action="store_true", help="Run even though the database holds other data."
        )

    def handle(self, *args, seed: int, scale: float, force: bool, **options):
        started = time.perf_counter()
        self._check_database(force=force)
        if not AdministrativeUnit.objects.current_provinces().exists():
            call_command("load_reference_data", verbosity=0)
        rng = random.Random(seed)
        sizes = {name: max(1, round(size * scale)) for name, size in SIZES.items()}
        created: dict[str, int] = {}
        timings: dict[str, float] = {}

        def step(name, function, *args):
            clock = time.perf_counter()
            with transaction.atomic():
                result = function(*args)
            timings[name] = time.perf_counter() - clock
            return result

        provinces = list(AdministrativeUnit.objects.current_provinces().order_by("code"))
        communes = defaultdict(list)
        for unit_id, parent_id in AdministrativeUnit.objects.filter(
            catalogue=AdministrativeUnit.Catalogue.CURRENT, parent__in=provinces
        ).values_list("pk", "parent_id"):
            communes[parent_id].append(unit_id)
        legacy = list(
            AdministrativeUnit.objects.legacy_provinces().filter(successor__isnull=False).order_by("code")
        )
        groups = list(EthnicGroup.objects.order_by("code"))

        people_by_province = step("people", self._people, rng, sizes["people"], provinces, groups)
        created["people"] = sum(len(ids) for ids in people_by_province.values())
        courses = step("courses", self._courses, rng, sizes["courses"], provinces, communes, legacy)
        created["courses"] = len(courses)
        created["sessions"] = step("sessions", self._sessions, courses)
        created["enrolments"], created["attendance"] = step(
            "enrolments and attendance",
            self._enrolments,
            rng,
            sizes["enrolments"],
            sizes["attendance"],
            courses,
            people_by_province,
        )
        created["candidacies"] = step(
            "candidacies",
            self._candidacies,
            rng,
            sizes["candidacies"],
            provinces,
            communes,
            people_by_province,
        )
        created["targets"], created["manual values"] = step(
            "indicators and targets", self._indicators, rng, sizes, provinces
        )
        clock = time.perf_counter()
        created["summary rows"] = summaries_refresh()
        timings["summaries"] = time.perf_counter() - clock

        self.stdout.write(f"Provinces: {len(provinces)}, communes: {sum(len(c) for c in communes.values())}")
        for name, count in created.items():
            self.stdout.write(f"  {name:<16} {count:>9,}")
        for name, seconds in timings.items():
            self.stdout.write(f"  {name:<28} {seconds:7.1f} s")
        self.stdout.write(
            self.style.SUCCESS(f"Seeded in {time.perf_counter() - started:.1f} s (seed {seed}).")
        )

    # --- Safety -------------------------------------------------------------------------------------------

    def _check_database(self, *, force: bool) -> None:
        foreign = {
            "people": Person.objects.exclude(notes=MARK).exists(),
            "courses": Course.objects.exclude(code__startswith=f"{MARK}-").exists(),
            "candidacies": Candidacy.objects.exclude(notes=MARK).exists(),
        }
        if any(foreign.values()) and not force:
            kinds = ", ".join(name for name, found in foreign.items() if found)
            raise CommandError(
                f"This database already holds data that seed_scale did not write ({kinds}). "
                "Run it on an empty scratch database, or add --force."
            )
        if Person.objects.filter(notes=MARK).exists() and not force:
            raise CommandError("This database is already seeded; add --force to seed it again on top.")

    # --- Writers -------------------------------------------------------------------------------------------

    def _people(self, rng, count, provinces, groups) -> dict[int, list[int]]:
        kinh = next((group for group in groups if group.name == "Kinh"), None)
        minorities = [group for group in groups if group is not kinh]
        people = []
        for number in range(count):
            woman = rng.random() < 0.7
            person = Person(
                family_name=rng.choice(FAMILY),
                middle_name=rng.choice(MIDDLE_F if woman else MIDDLE_M),
                given_name=f"{rng.choice(GIVEN_F if woman else GIVEN_M)} {MARK}{number}",
                gender=Person.Gender.FEMALE if woman else Person.Gender.MALE,
                birth_year=rng.randint(1965, 2000),
                ethnic_group=kinh if (rng.random() < 0.85 or not minorities) else rng.choice(minorities),
                leadership_level=rng.choice(LEVELS),
                province=provinces[number % len(provinces)],
                notes=MARK,
            )
            person.normalise()
            people.append(person)
        Person.objects.bulk_create(people, batch_size=BATCH)
        by_province = defaultdict(list)
        for pk, province_id in Person.objects.filter(notes=MARK).values_list("pk", "province_id"):
            by_province[province_id].append(pk)
        return by_province

    def _courses(self, rng, count, provinces, communes, legacy) -> list[Course]:
        programmes = Programme.objects.bulk_create(
            Programme(
                code=f"{MARK}-P{number:02d}",
                name=f"{MARK} Chương trình bồi dưỡng cán bộ nữ {number}",
                search_key=f"{MARK.lower()} chuong trinh boi duong can bo nu {number}",
                target_reach=20_000,
            )
            for number in range(1, 11)
        )
        courses = []
        cores: dict[tuple[int, int], list[Course]] = defaultdict(list)
        for number in range(count):
            kind = rng.choice(KINDS)
            province = provinces[number % len(provinces)]
            start = FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS))
            duration = 3 if rng.random() < 0.35 else 2
            if legacy and rng.random() < 0.05:
                old = rng.choice(legacy)
                unit_id, province_id = old.pk, old.successor_id
            else:
                unit_id = rng.choice(communes[province.pk]) if communes[province.pk] else province.pk
                province_id = province.pk
            roll = rng.random()
            status = (
                Course.Status.HELD if roll < 0.85 else Course.Status.PLANNED if roll < 0.95 else "cancelled"
            )
            courses.append(
                Course(
                    programme=rng.choice(programmes),
                    kind=kind,
                    title=f"{MARK} {Course.Kind(kind).label} {number}",
                    code=f"{MARK}-C{number:05d}",
                    start_date=start,
                    end_date=start + datetime.timedelta(days=duration - 1),
                    duration=duration,
                    unit_id=unit_id,
                    province_id=province_id,
                    status=status,
                    capacity=100,
                    search_key=f"{MARK.lower()} course {number}",
                )
            )
        # Core courses first, so that workshops can point to one of their programme and province.
        courses.sort(key=lambda course: course.kind != Course.Kind.CORE)
        first = [course for course in courses if course.kind == Course.Kind.CORE]
        Course.objects.bulk_create(first, batch_size=BATCH)
        for core in first:
            cores[(core.programme_id, core.province_id)].append(core)
            cores[(core.programme_id, 0)].append(core)
        rest = [course for course in courses if course.kind != Course.Kind.CORE]
        for course in rest:
            if course.kind in Course.FOLLOW_UP_KINDS:
                found = cores.get((course.programme_id, course.province_id)) or cores.get(
                    (course.programme_id, 0)
                )
                course.core_course = rng.choice(found) if found else None
        Course.objects.bulk_create(rest, batch_size=BATCH)
        return first + rest

    def _sessions(self, courses) -> int:
        sessions = [
            Session(course=course, number=day + 1, date=course.start_date + datetime.timedelta(days=day))
            for course in courses
            for day in range(course.duration)
        ]
        Session.objects.bulk_create(sessions, batch_size=BATCH)
        self.sessions = defaultdict(list)
        for session in sessions:
            self.sessions[session.course_id].append(session.pk)
        return len(sessions)

    def _enrolments(self, rng, count, attendance_cap, courses, people_by_province) -> tuple[int, int]:
        per_course = [count // len(courses)] * len(courses)
        for index in range(count - sum(per_course)):
            per_course[index % len(courses)] += 1
        written = present_rows = 0
        enrolments = []
        for course, size in zip(courses, per_course, strict=True):
            pool = people_by_province[course.province_id]
            role = Enrolment.Role.CORE_TRAINEE if course.kind == Course.Kind.CORE else Enrolment.Role.TRAINEE
            for person_id in rng.sample(pool, min(size, len(pool))):
                if course.status == Course.Status.HELD:
                    roll = rng.random()
                    status = (
                        Enrolment.Status.COMPLETED
                        if roll < 0.6
                        else Enrolment.Status.ATTENDED
                        if roll < 0.9
                        else Enrolment.Status.REGISTERED
                        if roll < 0.95
                        else Enrolment.Status.WITHDRAWN
                    )
                else:
                    status = Enrolment.Status.REGISTERED
                enrolments.append(Enrolment(course=course, person_id=person_id, role=role, status=status))
            if len(enrolments) >= BATCH:
                present_rows += self._write_enrolments(enrolments, attendance_cap - present_rows)
                written += len(enrolments)
                enrolments = []
        present_rows += self._write_enrolments(enrolments, attendance_cap - present_rows)
        written += len(enrolments)
        return written, present_rows

    def _write_enrolments(self, enrolments, room: int) -> int:
        Enrolment.objects.bulk_create(enrolments, batch_size=BATCH)
        rows = []
        for enrolment in enrolments:
            if enrolment.course.status != Course.Status.HELD:
                continue
            for number, session_id in enumerate(self.sessions[enrolment.course_id]):
                if len(rows) >= room:
                    break
                present = enrolment.status == Enrolment.Status.COMPLETED or (
                    enrolment.status == Enrolment.Status.ATTENDED and number == 0
                )
                rows.append(Attendance(session_id=session_id, enrolment_id=enrolment.pk, present=present))
        Attendance.objects.bulk_create(rows, batch_size=BATCH)
        return len(rows)

    def _candidacies(self, rng, count, provinces, communes, people_by_province) -> int:
        term, _created = Term.objects.get_or_create(
            kind=Term.Kind.PEOPLES_COUNCILS,
            start_year=2026,
            defaults={"name": "HĐND nhiệm kỳ 2026–2031", "end_year": 2031},
        )
        QuotaTarget.objects.get_or_create(
            body_kind=Body.Kind.PEOPLES_COUNCIL,
            metric=QuotaTarget.Metric.WOMEN_OFFICIAL,
            level="",
            term=None,
            defaults={"threshold": 35, "legal_source": "Luật 85/2015/QH13, Điều 8"},
        )
        bodies = []
        for province in provinces:
            bodies.append(
                Body(
                    name=f"{MARK} HĐND {province.short_name}",
                    kind=Body.Kind.PEOPLES_COUNCIL,
                    level=Body.Level.PROVINCE,
                    unit=province,
                    province=province,
                    seats=50,
                    search_key=f"seed hdnd {province.search_key}",
                )
            )
            for commune_id in communes[province.pk][:30]:
                bodies.append(
                    Body(
                        name=f"{MARK} HĐND xã {commune_id}",
                        kind=Body.Kind.PEOPLES_COUNCIL,
                        level=Body.Level.COMMUNE,
                        unit_id=commune_id,
                        province=province,
                        seats=25,
                        search_key=f"seed hdnd xa {commune_id}",
                    )
                )
        Body.objects.bulk_create(bodies, batch_size=BATCH)
        by_province = defaultdict(list)
        for body in bodies:
            by_province[body.province_id].append(body)
        candidacies = []
        seen = set()
        attempts = 0
        while len(candidacies) < count and attempts < count * 5:
            attempts += 1
            province = provinces[attempts % len(provinces)]
            body = rng.choice(by_province[province.pk])
            person_id = rng.choice(people_by_province[province.pk])
            if (person_id, body.pk) in seen:
                continue
            seen.add((person_id, body.pk))
            stage = rng.choice(STAGES)
            since = datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randrange(430))
            candidacies.append(
                Candidacy(
                    person_id=person_id,
                    body=body,
                    term=term,
                    stage=stage,
                    stage_since=since,
                    funnel_position=funnel_position(stage, rng.randrange(3)),
                    province_id=province.pk,
                    notes=MARK,
                )
            )
        Candidacy.objects.bulk_create(candidacies, batch_size=BATCH)
        StageChange.objects.bulk_create(
            (
                StageChange(
                    candidacy=candidacy,
                    from_stage="",
                    to_stage=candidacy.stage,
                    move=StageChange.Move.ENTRY,
                    on_date=candidacy.stage_since,
                )
                for candidacy in candidacies
            ),
            batch_size=BATCH,
        )
        return len(candidacies)

    def _indicators(self, rng, sizes, provinces) -> tuple[int, int]:
        """Targets of the demo's indicators per quarter and year, national and per province, sized on the
        data set (the figures a plan would set, give or take a quarter), and values entered by hand."""
        indicators, _new = ensure_indicators(SEED_INDICATORS)
        quarters = [
            Period.parse(f"{year}Q{quarter}")
            for year in range(FIRST_DAY.year, LAST_DAY.year + 1)
            for quarter in range(1, 5)
            if Period.parse(f"{year}Q{quarter}").start <= LAST_DAY
        ]
        years = sorted({quarter.start.year for quarter in quarters})
        # Expected national figures of one quarter: held courses, attended enrolments and their shares.
        per_quarter = {
            "COURSES-HELD": sizes["courses"] * 0.85 / len(quarters),
            "WOMEN-TRAINED": sizes["enrolments"] * 0.9 * 0.7 / len(quarters),
            "MINORITY-TRAINED": sizes["enrolments"] * 0.9 * 0.15 / len(quarters),
            "LEADERS-TRAINED": sizes["enrolments"] * 0.9 * 0.1 / len(quarters),
            "CASCADE-REACH": sizes["enrolments"] * 0.9 * 0.37 / len(quarters),
        }
        targets = []
        for code, expected in per_quarter.items():
            for unit, share in [(None, 1.0), *((province, 1 / len(provinces)) for province in provinces)]:
                for period in quarters:
                    value = _plan_figure(expected * share * rng.uniform(0.85, 1.3))
                    targets.append(_target(indicators[code], period.code, unit, value, SOURCE_PLAN))
                for year in years:
                    count = sum(1 for quarter in quarters if quarter.start.year == year)
                    # People come back within a year: fewer unique people than the quarters add up to.
                    factor = 1.0 if code == "COURSES-HELD" else 0.8
                    value = _plan_figure(expected * share * count * factor * rng.uniform(0.9, 1.2))
                    targets.append(_target(indicators[code], str(year), unit, value, SOURCE_PLAN))
        for unit in [None, *provinces]:
            targets.append(_target(indicators["WOMEN-OFFICIAL"], "", unit, 35, SOURCE_LAW))
        targets.append(_target(indicators["QUOTA-MET"], "", None, 100, SOURCE_LAW))
        # Project 8 (2023–2025): trainings held by the localities, reported as numbers each quarter.
        manual_codes = {"P8-TRAIN-DIST-COMM": (480, 2.0), "P8-TRAIN-VILLAGE": (1_600, 6.0)}
        project_quarters = [quarter for quarter in quarters if 2023 <= quarter.start.year <= 2025]
        values = []
        for code, (national, mean) in manual_codes.items():
            targets.append(_target(indicators[code], "", None, national, SOURCE_P8_TARGET))
            for province in provinces:
                share = _plan_figure(national / len(provinces))
                targets.append(_target(indicators[code], "", province, share, SOURCE_P8))
                for period in project_quarters:
                    value = max(0, round(rng.gauss(mean, mean / 2)))
                    values.append(
                        ManualValue(
                            indicator=indicators[code],
                            period=period.code,
                            period_start=period.start,
                            period_end=period.end,
                            unit=province,
                            value=value,
                            source=SOURCE_P8,
                        )
                    )
        written = Target.objects.bulk_create(targets, batch_size=BATCH, ignore_conflicts=True)
        if ManualValue.objects.filter(source=SOURCE_P8).exists():
            values = []  # seeded again on top (--force): the figures are there already
        ManualValue.objects.bulk_create(values, batch_size=BATCH)
        return len(written), len(values)


# The demo's indicators (reports.demo) that the data set feeds, Project 8's programme-wide one aside.
SEED_INDICATORS = {
    "COURSES-HELD",
    "WOMEN-TRAINED",
    "MINORITY-TRAINED",
    "LEADERS-TRAINED",
    "CASCADE-REACH",
    "WOMEN-OFFICIAL",
    "QUOTA-MET",
    "P8-TRAIN-DIST-COMM",
    "P8-TRAIN-VILLAGE",
}
LAST_DAY = FIRST_DAY + datetime.timedelta(days=DAYS)
SOURCE_PLAN = f"{MARK} – Kế hoạch đào tạo, bồi dưỡng cán bộ nữ hằng năm (số liệu mô phỏng)"
SOURCE_LAW = "Luật 85/2015/QH13, Điều 8"
SOURCE_P8_TARGET = "Hội LHPN Việt Nam, Dự án 8: kết quả đến tháng 7/2023"
SOURCE_P8 = f"{MARK} – Báo cáo quý của Hội LHPN cấp tỉnh về Dự án 8 (số liệu mô phỏng)"


def _plan_figure(value: float) -> int:
    """A figure as a plan writes it: whole, and round (to 5 or 10) once it is large."""
    if value < 20:
        return max(1, round(value))
    step = 5 if value < 200 else 10
    return int(round(value / step) * step)


def _target(indicator, period: str, unit, value, source: str) -> Target:
    target = Target(indicator=indicator, period=period, unit=unit, value=value, source=source)
    target.normalise_period()  # bulk_create skips save()
    return target
