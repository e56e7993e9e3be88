"""Personal data: who sees ID numbers in full (and that each full view is in the audit trail), and the
data-subject export of everything held about one person."""

import datetime
import json
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from candidates.models import Body, Candidacy, Term
from candidates.services import candidacy_advance, candidacy_create
from directory.models import Person
from directory.privacy import person_identity, sees_full_personal_data
from tests.trainings.factories import (
    ActionPlanFactory,
    CourseFactory,
    EnrolmentFactory,
    MilestoneFactory,
    PersonFactory,
)
from trainings.models import Attendance, Feedback

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

CITIZEN_ID = "042185000123"
MASKED = "•••••••••123"


@pytest.fixture
def hoa(ha_tinh) -> Person:
    return PersonFactory(
        province=ha_tinh,
        family_name="Nguyễn",
        middle_name="Thị",
        given_name="Hoà",
        birth_date=datetime.date(1985, 5, 16),
        citizen_id=CITIZEN_ID,
        phone="0912345678",
        email="hoa@example.vn",
    )


def accesses(person, what="full_citizen_id"):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person),
        object_id=person.pk,
        action=LogEntry.Action.ACCESS,
        additional_data__what=what,
    )


class TestWhoSeesIdNumbers:
    def test_the_officer_of_the_persons_province_and_administrators_see_them_in_full(
        self, hoa, officer_ha_tinh, administrator, ministry, officer_nghe_an
    ):
        assert person_identity(hoa, user=officer_ha_tinh).citizen_id == CITIZEN_ID
        assert person_identity(hoa, user=administrator).citizen_id == CITIZEN_ID
        assert person_identity(hoa, user=ministry).citizen_id == MASKED
        # An officer meets another province's person only through a page of her own (a trainer from
        # elsewhere): masked.
        assert person_identity(hoa, user=officer_nghe_an).citizen_id == MASKED
        assert not sees_full_personal_data(officer_nghe_an, hoa)

    def test_a_full_view_of_the_person_page_is_in_the_audit_trail(self, hoa, officer_client, officer_ha_tinh):
        response = officer_client.get(hoa.get_absolute_url(), REMOTE_ADDR="10.9.8.7")
        assert CITIZEN_ID in response.content.decode()
        (entry,) = accesses(hoa)
        assert entry.actor == officer_ha_tinh and entry.remote_addr == "10.9.8.7"
        assert entry.additional_data["where"] == "person_detail"

    def test_a_masked_view_is_not_a_full_view(self, hoa, ministry_client):
        content = ministry_client.get(hoa.get_absolute_url()).content.decode()
        assert CITIZEN_ID not in content and MASKED in content and "16/05/1985" not in content
        assert not accesses(hoa).exists()

    def test_the_edit_form_neither_shows_nor_changes_a_masked_id(self, hoa, ministry_client):
        url = reverse("directory:person_edit", args=[hoa.pk])
        content = ministry_client.get(url).content.decode()
        assert CITIZEN_ID not in content and MASKED in content and "16/05/1985" not in content
        response = ministry_client.post(
            url,
            {
                "family_name": "Nguyễn",
                "middle_name": "Thị",
                "given_name": "Hoà",
                "gender": "female",
                "citizen_id": "042185999999",
                "birth_year": "1985",
                "leadership_level": "none",
                "province": hoa.province_id,
                "position": "Phó phòng",
            },
        )
        assert response.status_code == 302
        hoa.refresh_from_db()
        assert hoa.position == "Phó phòng"
        assert (hoa.citizen_id, hoa.birth_date) == (CITIZEN_ID, datetime.date(1985, 5, 16))
        assert not accesses(hoa).exists()

    def test_the_edit_form_in_full_is_a_full_view(self, hoa, officer_client):
        content = officer_client.get(reverse("directory:person_edit", args=[hoa.pk])).content.decode()
        assert CITIZEN_ID in content
        assert accesses(hoa).get().additional_data["where"] == "person_edit"

    def test_the_admin_is_for_administrators_who_see_them_in_full_and_logged(self, hoa, admin_client_):
        response = admin_client_.get(reverse("admin:directory_person_change", args=[hoa.pk]))
        assert response.status_code == 200 and CITIZEN_ID in response.content.decode()
        assert accesses(hoa).get().additional_data["where"] == "admin"


@pytest.fixture
def council(ha_tinh):
    term = Term.objects.create(
        name="HĐND 2026–2031", kind=Term.Kind.PEOPLES_COUNCILS, start_year=2026, end_year=2031
    )
    body = Body.objects.create(
        name="HĐND tỉnh Hà Tĩnh", kind=Body.Kind.PEOPLES_COUNCIL, level=Body.Level.PROVINCE, unit=ha_tinh
    )
    return term, body


class TestCandidateRecords:
    def test_every_view_of_a_candidate_record_is_in_the_trail(
        self, hoa, council, officer_ha_tinh, ministry_client
    ):
        term, body = council
        candidacy = candidacy_create(person=hoa, body=body, term=term, actor=officer_ha_tinh)
        ministry_client.get(candidacy.get_absolute_url())
        record = LogEntry.objects.get(
            content_type=ContentType.objects.get_for_model(Candidacy),
            object_id=candidacy.pk,
            action=LogEntry.Action.ACCESS,
        )
        assert record.additional_data == {"what": "record", "where": "candidacy_detail"}
        assert not accesses(hoa).exists()  # ministry staff saw the ID masked

    def test_a_full_id_on_the_candidate_page_and_list_is_in_the_trail(
        self, hoa, council, officer_ha_tinh, officer_client
    ):
        term, body = council
        candidacy = candidacy_create(person=hoa, body=body, term=term, actor=officer_ha_tinh)
        officer_client.get(candidacy.get_absolute_url())
        officer_client.get(reverse("candidates:candidacy_list"), {"term": term.pk})
        assert sorted(accesses(hoa).values_list("additional_data__where", flat=True)) == [
            "candidacy_detail",
            "candidacy_list",
        ]


@pytest.fixture
def everything(hoa, council, officer_ha_tinh, ha_tinh):
    """Hoà with one of everything the export must hold."""
    course = CourseFactory(province=ha_tinh, unit=ha_tinh, title="Lớp kỹ năng lãnh đạo")
    enrolment = EnrolmentFactory(
        course=course,
        person=hoa,
        pre_test_score=Decimal("6.5"),
        post_test_score=Decimal("8.5"),
        certificate_number="WL-2024-7K3F9QXM",
    )
    session = course.sessions.first()
    Attendance.objects.create(session=session, enrolment=enrolment, present=True)
    Feedback.objects.create(
        enrolment=enrolment,
        overall=5,
        content=4,
        trainers=5,
        logistics=3,
        usefulness=5,
        comments="Rất bổ ích",
    )
    plan = ActionPlanFactory(enrolment=enrolment, short_term_goals="Tổ chức hội thảo")
    MilestoneFactory(action_plan=plan, title="Hội thảo đầu tiên")
    term, body = council
    candidacy = candidacy_create(person=hoa, body=body, term=term, actor=officer_ha_tinh)
    candidacy_advance(
        candidacy=candidacy, to_stage=Candidacy.Stage.PLANNING, reason="", actor=officer_ha_tinh
    )
    return hoa


class TestDataSubjectExport:
    def url(self, person):
        return reverse("directory:person_export", args=[person.pk])

    def test_it_holds_everything_about_the_person(self, everything, officer_client, officer_ha_tinh):
        page = officer_client.get(everything.get_absolute_url()).content.decode()
        assert self.url(everything) in page
        response = officer_client.get(self.url(everything))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json")
        assert "attachment" in response["Content-Disposition"]
        data = json.loads(response.content)
        person = data["person"]
        assert (person["full_name"], person["citizen_id"], person["birth_date"]) == (
            "Nguyễn Thị Hoà",
            CITIZEN_ID,
            "1985-05-16",
        )
        assert (person["phone"], person["email"], person["province"]) == (
            "0912345678",
            "hoa@example.vn",
            "Tỉnh Hà Tĩnh",
        )
        (enrolment,) = data["enrolments"]
        assert enrolment["course"] == "Lớp kỹ năng lãnh đạo"
        assert enrolment["test_scores"] == {"pre": "6.50", "post": "8.50"} or enrolment["test_scores"] == {
            "pre": "6.5",
            "post": "8.5",
        }
        assert enrolment["certificate_number"] == "WL-2024-7K3F9QXM"
        assert [mark["present"] for mark in enrolment["attendance"]] == [True]
        assert enrolment["feedback"]["comments"] == "Rất bổ ích"
        assert enrolment["action_plan"]["short_term_goals"] == "Tổ chức hội thảo"
        assert [m["title"] for m in enrolment["action_plan"]["milestones"]] == ["Hội thảo đầu tiên"]
        (candidacy,) = data["candidacies"]
        assert candidacy["stage"] == Candidacy.Stage.PLANNING
        assert [change["to_stage"] for change in candidacy["stage_history"]] == [
            Candidacy.Stage.POOL,
            Candidacy.Stage.PLANNING,
        ]
        records = {(entry["record"], entry["action"]) for entry in data["audit"]}
        assert {
            ("directory.person", "create"),
            ("directory.person", "access"),  # her page, opened above in full
            ("trainings.enrolment", "create"),
            ("candidates.candidacy", "create"),
            ("candidates.candidacy", "update"),
            ("candidates.stagechange", "create"),
        } <= records

    def test_the_export_itself_is_in_the_trail(self, everything, admin_client_, administrator):
        admin_client_.get(self.url(everything))
        entry = accesses(everything, what="export").get()
        assert entry.actor == administrator

    def test_a_removed_enrolment_still_shows_in_her_audit_entries(self, hoa, ha_tinh, admin_client_):
        enrolment = EnrolmentFactory(course=CourseFactory(province=ha_tinh, unit=ha_tinh), person=hoa)
        pk = enrolment.pk
        enrolment.delete()
        data = json.loads(admin_client_.get(self.url(hoa)).content)
        assert data["enrolments"] == []
        assert {(e["record"], e["record_id"], e["action"]) for e in data["audit"]} >= {
            ("trainings.enrolment", str(pk), "create"),
            ("trainings.enrolment", str(pk), "delete"),
        }

    def test_ministry_staff_may_not_export(self, hoa, ministry_client):
        assert (
            'data-testid="person-export"' not in ministry_client.get(hoa.get_absolute_url()).content.decode()
        )
        assert ministry_client.get(self.url(hoa)).status_code == 403
        assert not accesses(hoa, what="export").exists()

    def test_another_provinces_person_is_a_404(self, hoa, other_officer_client):
        assert other_officer_client.get(self.url(hoa)).status_code == 404

    def test_it_only_answers_get(self, hoa, officer_client):
        assert officer_client.post(self.url(hoa)).status_code == 405
