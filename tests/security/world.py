"""The world the permissions matrix is walked in: the same set of records in Hà Tĩnh and in Nghệ An.

Every record that belongs to a province carries its province's marker in a name or text field, so that a
response leaking another province's data can be recognised by searching it for that marker (diacritics
folded, so that PDF text extraction and Excel cells are caught too). Organisations, terms, ethnic groups
and administrative units are reference data every signed-in user reads: they carry no marker.
"""

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

import openpyxl
from django.core.files.base import ContentFile
from weasyprint import HTML

from accounts.models import User
from candidates.importing import candidate_import_create
from candidates.models import Body, Candidacy, CandidateImport, Stage, Term
from candidates.services import candidacy_create
from directory.models import AdministrativeUnit, Organisation, Person
from directory.text import fold
from reports.models import Indicator, ManualValue, ReportRun, Target
from reports.summaries import summaries_refresh
from tests.candidates.test_import import candidate_list
from tests.conftest import make_province, make_user
from tests.trainings.factories import CourseFactory
from tests.trainings.test_import import attendee_list
from trainings.certificates import certificate_issue
from trainings.imports.commit import import_upload
from trainings.models import (
    ActionPlan,
    Assignment,
    Attendance,
    Course,
    CourseTrainer,
    Enrolment,
    Feedback,
    ImportBatch,
    Milestone,
    Plan,
    Programme,
)

HA_TINH_MARKER = "Tĩnhmarker"
NGHE_AN_MARKER = "Nghệmarker"


@dataclass
class ProvinceRecords:
    """One province's records: one of every scoped model, each named with the province's marker."""

    province: AdministrativeUnit
    officer: User
    marker: str
    citizen_id: str
    person: Person = None
    programme: Programme = None
    plan: Plan = None
    assignment: Assignment = None
    course: Course = None
    enrolment: Enrolment = None
    trainer: CourseTrainer = None
    core_course: Course = None
    core_enrolment: Enrolment = None
    action_plan: ActionPlan = None
    workshop: Course = None
    wrap_up: Course = None
    import_batch: ImportBatch = None
    body: Body = None
    candidacy: Candidacy = None
    candidate_import: CandidateImport = None
    manual_value: ManualValue = None
    report: ReportRun = None
    extra: dict = field(default_factory=dict)

    @property
    def folded_marker(self) -> str:
        return fold(self.marker)

    @property
    def secrets(self) -> tuple[str, ...]:
        """What must never appear in a response to an officer of another province (folded text)."""
        return (self.folded_marker, self.citizen_id)


@dataclass
class World:
    ha_tinh: ProvinceRecords
    nghe_an: ProvinceRecords
    ministry: User
    administrator: User
    term: Term
    national_programme: Programme
    indicator: Indicator
    national_report: ReportRun

    def records_of(self, user: User | None) -> ProvinceRecords | None:
        if user is None or user.province_id is None:
            return None
        return self.ha_tinh if user.province_id == self.ha_tinh.province.pk else self.nghe_an

    def other_than(self, records: ProvinceRecords) -> ProvinceRecords:
        return self.nghe_an if records is self.ha_tinh else self.ha_tinh


def _person(records: ProvinceRecords, given: str, **extra) -> Person:
    return Person.objects.create(
        family_name="Lê",
        middle_name="Thị",
        given_name=f"{records.marker}{given}",
        gender=Person.Gender.FEMALE,
        birth_year=1985,
        province=records.province,
        **extra,
    )


def _build_province(records: ProvinceRecords, *, term: Term, national: Programme, indicator: Indicator):
    code, marker, province = records.province.code, records.marker, records.province
    organisation = Organisation.objects.create(
        name=f"Hội Liên hiệp Phụ nữ tỉnh {province.short_name}", kind=Organisation.Kind.OTHER, unit=province
    )
    records.person = _person(
        records, "Hoa", citizen_id=records.citizen_id, phone=f"09{code}111222", organisation=organisation
    )
    records.programme = Programme.objects.create(
        name=f"Chương trình {marker}", code=f"PRG-{code}", province=province
    )
    records.plan = Plan.objects.create(
        number=f"{code}/KH-UBND",
        title=f"Kế hoạch {marker}",
        issued_on=datetime.date(2026, 1, 5),
        province=province,
        programme=records.programme,
    )
    records.course = CourseFactory(
        title=f"Lớp tập huấn {marker}",
        code=f"CLS-{code}",
        province=province,
        unit=province,
        plan=records.plan,
        programme=records.programme,
        status=Course.Status.HELD,
        start_date=datetime.date(2026, 2, 10),
        capacity=40,
    )
    records.assignment = Assignment.objects.create(
        plan=records.plan, organisation=organisation, task=f"Nhiệm vụ {marker}", course=records.course
    )
    records.enrolment = Enrolment.objects.create(
        course=records.course, person=records.person, status=Enrolment.Status.COMPLETED
    )
    session = records.course.sessions.get()
    Attendance.objects.create(session=session, enrolment=records.enrolment, present=True)
    Feedback.objects.create(enrolment=records.enrolment, overall=5, comments=f"Góp ý {marker}")
    certificate_issue(enrolment=records.enrolment, actor=records.officer)
    records.trainer = CourseTrainer.objects.create(
        course=records.course, person=_person(records, "Giảng"), credentials=f"Giảng viên {marker}"
    )

    records.core_course = CourseFactory(
        title=f"Khoá giảng viên nguồn {marker}",
        kind=Course.Kind.CORE,
        province=province,
        unit=province,
        programme=national,
        status=Course.Status.HELD,
        start_date=datetime.date(2026, 3, 2),
    )
    records.core_enrolment = Enrolment.objects.create(
        course=records.core_course,
        person=_person(records, "Cốt"),
        role=Enrolment.Role.CORE_TRAINEE,
        status=Enrolment.Status.COMPLETED,
    )
    records.action_plan = ActionPlan.objects.create(
        enrolment=records.core_enrolment, short_term_goals=f"Mục tiêu {marker}"
    )
    Milestone.objects.create(action_plan=records.action_plan, title=f"Hội thảo {marker}")
    records.workshop = CourseFactory(
        title=f"Hội thảo nhân rộng {marker}",
        kind=Course.Kind.WORKSHOP,
        core_course=records.core_course,
        province=province,
        unit=province,
        programme=national,
        start_date=datetime.date(2026, 4, 6),
    )
    records.workshop.led_by.add(records.core_enrolment)
    records.wrap_up = CourseFactory(
        title=f"Hội thảo tổng kết {marker}",
        kind=Course.Kind.WRAP_UP,
        core_course=records.core_course,
        province=province,
        unit=province,
        programme=national,
        start_date=datetime.date(2026, 5, 4),
    )

    rows = [[1, f"Đỗ Thị {marker}Nhập", "16/05/1985", "Nữ", None, None, province.short_name, "Học viên"]]
    records.import_batch = import_upload(
        course=records.course, file=attendee_list(rows), actor=records.officer, filename=f"ds-{code}.xlsx"
    ).batch
    assert records.import_batch.status == ImportBatch.Status.PREVIEWED, records.import_batch.error

    records.body = Body.objects.create(
        name=f"Hội đồng nhân dân tỉnh {marker}",
        kind=Body.Kind.PEOPLES_COUNCIL,
        level=Body.Level.PROVINCE,
        unit=province,
        seats=50,
    )
    records.candidacy = candidacy_create(
        person=_person(records, "Ứng"),
        body=records.body,
        term=term,
        nominated_by=None,
        stage=Stage.POOL,
        actor=None,
        on_date=datetime.date(2025, 6, 1),
    )
    content = candidate_list([f"Võ Thị {marker}Danh", "12/12/1988", "Nữ", None, "", "", "", "", ""])
    records.candidate_import = candidate_import_create(
        content=content, filename=f"ung-vien-{code}.xlsx", term=term, body=records.body, actor=records.officer
    )
    records.manual_value = ManualValue.objects.create(
        indicator=indicator, unit=province, period="2026Q1", value=Decimal("7"), source=f"Báo cáo {marker}"
    )
    records.report = issued_report(province=province, text=marker, number=int(code))


def issued_report(*, province: AdministrativeUnit | None, text: str, number: int) -> ReportRun:
    """A quarterly report as the worker leaves it: issued, its PDF and Excel files written."""
    run = ReportRun.objects.create(
        period="2026Q1",
        province=province,
        language=ReportRun.Language.VIETNAMESE,
        results=f"Kết quả {text}",
        issuer="Ủy ban nhân dân",
        issuer_abbreviation="UBND",
        number=number,
        number_year=2026,
        place="Hà Nội",
        signer_title="Chủ tịch",
        status=ReportRun.Status.DONE,
    )
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = f"Kết quả {text}"
    excel = io.BytesIO()
    workbook.save(excel)
    run.pdf.save("report.pdf", ContentFile(HTML(string=f"<p>Kết quả {text}</p>").write_pdf()), save=False)
    run.xlsx.save("report.xlsx", ContentFile(excel.getvalue()), save=False)
    run.save()
    return run


def build_world() -> World:
    ha_tinh_unit = make_province("42", "Tỉnh Hà Tĩnh")
    nghe_an_unit = make_province("40", "Tỉnh Nghệ An")
    ha_tinh = ProvinceRecords(
        province=ha_tinh_unit,
        officer=make_user("lan.hatinh", User.Role.OFFICER, ha_tinh_unit),
        marker=HA_TINH_MARKER,
        citizen_id="042185012345",
    )
    nghe_an = ProvinceRecords(
        province=nghe_an_unit,
        officer=make_user("mai.nghean", User.Role.OFFICER, nghe_an_unit),
        marker=NGHE_AN_MARKER,
        citizen_id="040185067890",
    )
    term = Term.objects.create(
        name="Hội đồng nhân dân 2026–2031",
        kind=Term.Kind.PEOPLES_COUNCILS,
        start_year=2026,
        end_year=2031,
        election_date=datetime.date(2026, 3, 15),
    )
    national = Programme.objects.create(name="Chương trình quốc gia", code="PRG-NATIONAL")
    indicator = Indicator.objects.create(
        code="BOOKS", name="Tài liệu phát hành", unit=Indicator.Unit.OTHER, computation="manual"
    )
    Target.objects.create(indicator=indicator, period="2026Q1", value=Decimal("100"))
    for records in (ha_tinh, nghe_an):
        _build_province(records, term=term, national=national, indicator=indicator)
    summaries_refresh()
    return World(
        ha_tinh=ha_tinh,
        nghe_an=nghe_an,
        ministry=make_user("hoa.ministry", User.Role.MINISTRY),
        administrator=make_user("admin.root", User.Role.ADMIN),
        term=term,
        national_programme=national,
        indicator=indicator,
        national_report=issued_report(province=None, text="toàn quốc", number=1),
    )
