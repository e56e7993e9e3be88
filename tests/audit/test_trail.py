"""The audit trail records every create, change and delete of the audited models: who, when, from where,
before and after — through the pages (django-auditlog's signals and AuditMiddleware) and through the
bulk writes that send no signals (audit.services)."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts.models import User
from audit.registry import AUDITED_MODELS
from candidates.models import Body, Candidacy, QuotaTarget, StageChange, Term
from candidates.services import candidacy_advance, candidacy_create
from directory.models import Person
from reports.models import Indicator, ManualValue, Target
from tests.conftest import make_user
from tests.trainings.factories import CourseFactory, EnrolmentFactory, PersonFactory
from trainings import services as training_services
from trainings.models import Enrolment

pytestmark = pytest.mark.django_db


def entries_for(model, pk=None):
    entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model))
    if pk is not None:
        entries = entries.filter(object_id=pk)
    return entries.order_by("pk")


PERSON_FORM = {
    "family_name": "Nguyễn",
    "middle_name": "Thị",
    "given_name": "Hoà",
    "gender": "female",
    "birth_date": "16/05/1985",
    "citizen_id": "042185000123",
    "leadership_level": "none",
}


class TestThroughThePages:
    def test_adding_a_person_records_who_when_from_where_and_the_values(
        self, officer_client, officer_ha_tinh
    ):
        response = officer_client.post(
            reverse("directory:person_create"), PERSON_FORM, REMOTE_ADDR="10.1.2.3"
        )
        assert response.status_code == 302
        person = Person.objects.get(citizen_id="042185000123")
        (entry,) = entries_for(Person, person.pk)
        assert entry.action == LogEntry.Action.CREATE
        assert entry.actor == officer_ha_tinh
        assert entry.remote_addr == "10.1.2.3"
        assert entry.timestamp is not None
        assert entry.changes["given_name"] == [None, "Hoà"]
        # The trail keeps ID numbers masked (it must not outlive the person's anonymisation in full).
        assert entry.changes["citizen_id"] == [None, "•••••••••123"]
        assert "042185000123" not in str(entry.changes)

    def test_changing_a_person_records_before_and_after(self, officer_client, officer_ha_tinh, ha_tinh):
        person = PersonFactory(province=ha_tinh, given_name="Hoa", position="Chuyên viên")
        data = {**PERSON_FORM, "given_name": "Hoa", "citizen_id": "", "position": "Phó phòng"}
        response = officer_client.post(reverse("directory:person_edit", args=[person.pk]), data)
        assert response.status_code == 302
        entry = entries_for(Person, person.pk).get(action=LogEntry.Action.UPDATE)
        assert entry.changes["position"] == ["Chuyên viên", "Phó phòng"]
        assert entry.actor == officer_ha_tinh and entry.remote_addr == "127.0.0.1"

    def test_a_forwarded_address_is_ignored_unless_the_proxy_header_is_named(self, officer_client, settings):
        officer_client.post(reverse("directory:person_create"), PERSON_FORM, HTTP_X_REAL_IP="6.6.6.6")
        assert entries_for(Person).get(action=LogEntry.Action.CREATE).remote_addr == "127.0.0.1"
        settings.AXES_IP_HEADERS = ["HTTP_X_REAL_IP"]
        officer_client.post(
            reverse("directory:person_create"),
            {**PERSON_FORM, "citizen_id": "042185000124"},
            HTTP_X_REAL_IP="203.0.113.9",
        )
        assert entries_for(Person).filter(remote_addr="203.0.113.9").count() == 1


class TestEveryAuditedModel:
    def test_enrolments_are_recorded_when_created_changed_and_removed(self, ministry, ha_tinh):
        course = CourseFactory(province=ha_tinh, unit=ha_tinh)
        person = PersonFactory(province=ha_tinh)
        enrolment = training_services.enrolment_create(course=course, person=person, actor=ministry)
        enrolment.notes = "Đến muộn"
        enrolment.save()
        pk = enrolment.pk
        training_services.enrolment_remove(enrolment=enrolment, actor=ministry)
        actions = list(entries_for(Enrolment, pk).values_list("action", flat=True))
        assert actions == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.DELETE]
        deleted = entries_for(Enrolment, pk).last()
        assert deleted.changes["person"] == [person.pk, None]

    def test_candidacies_and_their_stage_changes_are_recorded(self, officer_ha_tinh, ha_tinh):
        term = Term.objects.create(
            name="HĐND 2026–2031", kind=Term.Kind.PEOPLES_COUNCILS, start_year=2026, end_year=2031
        )
        body = Body.objects.create(
            name="HĐND tỉnh Hà Tĩnh", kind=Body.Kind.PEOPLES_COUNCIL, level=Body.Level.PROVINCE, unit=ha_tinh
        )
        person = PersonFactory(province=ha_tinh, gender=Person.Gender.FEMALE)
        candidacy = candidacy_create(person=person, body=body, term=term, actor=officer_ha_tinh)
        candidacy_advance(
            candidacy=candidacy, to_stage=Candidacy.Stage.PLANNING, reason="", actor=officer_ha_tinh
        )
        stage_entries = entries_for(StageChange)
        assert stage_entries.count() == 2
        assert all(entry.action == LogEntry.Action.CREATE for entry in stage_entries)
        update = entries_for(Candidacy, candidacy.pk).get(action=LogEntry.Action.UPDATE)
        assert update.changes["stage"] == [Candidacy.Stage.POOL, Candidacy.Stage.PLANNING]

    def test_targets_quotas_and_manual_values_are_recorded(self, administrator, ha_tinh):
        indicator = Indicator.objects.create(code="BOOKS", name="Books", unit="other", computation="manual")
        target = Target.objects.create(indicator=indicator, period="2026", value=Decimal(100), unit=ha_tinh)
        target.value = Decimal(120)
        target.save()
        ManualValue.objects.create(indicator=indicator, period="2026Q3", value=5, source="Report")
        quota = QuotaTarget.objects.create(
            body_kind=Body.Kind.PEOPLES_COUNCIL,
            metric=QuotaTarget.Metric.WOMEN_OFFICIAL,
            threshold=Decimal("35"),
            legal_source="Law 85/2015/QH13",
            valid_from=datetime.date(2015, 9, 1),
        )
        quota.delete()
        before, after = entries_for(Target).get(action=LogEntry.Action.UPDATE).changes["value"]
        assert (Decimal(before), Decimal(after)) == (100, 120)
        assert entries_for(ManualValue).get().action == LogEntry.Action.CREATE
        assert list(entries_for(QuotaTarget).values_list("action", flat=True)) == [
            LogEntry.Action.CREATE,
            LogEntry.Action.DELETE,
        ]

    def test_users_are_recorded_without_their_password_hash(self, db):
        user = make_user("thu.new", User.Role.MINISTRY)
        user.set_password("another-long-passphrase-2026")
        user.role = User.Role.ADMIN
        user.save()
        entries = entries_for(User, user.pk)
        assert [entry.action for entry in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
        for entry in entries:
            assert "password" not in entry.changes
            assert "pbkdf2" not in str(entry.changes) and "argon2" not in str(entry.changes)
        assert entries.last().changes["role"] == [User.Role.MINISTRY, User.Role.ADMIN]


class TestBulkWrites:
    """Writes without signals still leave one entry per row."""

    def test_the_status_recomputed_from_attendance_is_recorded(self, ministry, ha_tinh):
        course = CourseFactory(province=ha_tinh, unit=ha_tinh)
        sessions = list(course.sessions.all())
        assert sessions
        enrolments = EnrolmentFactory.create_batch(3, course=course)
        training_services.attendance_save(
            course=course, present={(e.pk, s.pk) for e in enrolments for s in sessions}, actor=ministry
        )
        entries = entries_for(Enrolment).filter(action=LogEntry.Action.UPDATE)
        assert sorted(entries.values_list("object_id", flat=True)) == sorted(e.pk for e in enrolments)
        entry = entries.first()
        assert entry.changes["status"][0] == Enrolment.Status.REGISTERED
        assert entry.changes["status"][1] != Enrolment.Status.REGISTERED
        assert entry.actor is None or entry.actor == ministry
        assert " – " in entry.object_repr  # "person – course", not a bare number

    def test_wrap_up_invitations_are_recorded(self, ministry, ha_tinh):
        core = CourseFactory(province=ha_tinh, unit=ha_tinh, kind="core")
        wrap_up = CourseFactory(province=ha_tinh, unit=ha_tinh, kind="wrap_up", core_course=core)
        EnrolmentFactory.create_batch(2, course=core, role=Enrolment.Role.CORE_TRAINEE)
        added = training_services.wrap_up_invite_core_trainees(wrap_up=wrap_up, actor=ministry)
        assert added == 2
        created = entries_for(Enrolment).filter(
            action=LogEntry.Action.CREATE, object_id__in=wrap_up.enrolments.values("pk")
        )
        assert created.count() == 2
        assert all(entry.actor == ministry for entry in created)


@pytest.mark.parametrize("label", sorted(AUDITED_MODELS))
def test_every_audited_model_has_an_integer_key_so_its_entries_are_found_by_object_id(label):
    # audit/migrations/0003 drops the object_pk index: entries must be found by object_id.
    field = apps.get_model(label)._meta.pk
    assert field.get_internal_type() in {"AutoField", "BigAutoField", "SmallAutoField"}, label
