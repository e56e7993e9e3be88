"""Idempotent writes for the demo: every row is found by its natural key before it is created.

Organisations by name and unit, programmes by code, plans by province and title, courses by programme or
plan and title, people by citizen ID, enrolments by course and person, attendance by session and
enrolment, feedback and action plans by enrolment, milestones by plan and title, assignments by plan,
organisation and task. Missing rows are inserted (in bulk where there are many); existing rows are left
as they are, so a second run writes nothing and keeps whatever a user changed while trying the app.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from directory.models import AdministrativeUnit, Organisation, Person
from trainings.demo.people import PersonSpec
from trainings.models import (
    ActionPlan,
    Assignment,
    Attendance,
    Course,
    CourseTrainer,
    Enrolment,
    Feedback,
    Milestone,
    Plan,
    Programme,
)
from trainings.services import course_sync_sessions, course_update_completion, resolve_course_province

BATCH = 500


@dataclass
class EnrolmentSpec:
    """One person in one course, with what happened there."""

    citizen_id: str
    role: str = Enrolment.Role.TRAINEE
    present: list[bool] = field(default_factory=list)  # one mark per session, in session order
    alumna_of: str = ""
    nominated_by: Organisation | None = None
    invited_from_id: int | None = None
    pre_test_score: Decimal | None = None
    post_test_score: Decimal | None = None
    notes: str = ""
    feedback: dict | None = None  # Feedback field values


class DemoWriter:
    def __init__(self, *, actor=None):
        self.actor = actor
        self.created: Counter[str] = Counter()
        self.courses: list[Course] = []
        self.person_ids: dict[str, int] = {}

    # --- Reference rows ------------------------------------------------------------------------------------

    def organisation(
        self,
        name: str,
        *,
        kind: str,
        short_name: str = "",
        unit: AdministrativeUnit | None = None,
        parent: Organisation | None = None,
    ) -> Organisation:
        # The reference data may have created it already (the central offices, VAC, DFAT): use that row.
        organisation, created = Organisation.objects.get_or_create(
            name=name, unit=unit, defaults={"kind": kind, "short_name": short_name, "parent": parent}
        )
        self.created["organisations"] += created
        return organisation

    def programme(self, code: str, **fields) -> Programme:
        programme, created = Programme.objects.get_or_create(
            code=code, defaults={**fields, "created_by": self.actor}
        )
        self.created["programmes"] += created
        return programme

    def plan(self, *, title: str, province: AdministrativeUnit, **fields) -> Plan:
        plan, created = Plan.objects.get_or_create(
            title=title, province=province, defaults={**fields, "created_by": self.actor}
        )
        self.created["plans"] += created
        return plan

    def course(self, *, title: str, programme: Programme | None = None, plan: Plan | None = None, **fields):
        """A course with its sessions; its province is derived as the course service derives it."""
        course = Course.objects.filter(title=title, programme=programme, plan=plan).first()
        if course is None:
            course = Course(title=title, programme=programme, plan=plan, created_by=self.actor, **fields)
            course.province = resolve_course_province(course)
            course.full_clean()
            course.save()
            course_sync_sessions(course=course)
            self.created["courses"] += 1
        self.courses.append(course)
        return course

    def trainer(self, course: Course, *, name: str, credentials: str, role: str) -> None:
        _trainer, created = CourseTrainer.objects.get_or_create(
            course=course, name=name, defaults={"credentials": credentials, "role": role}
        )
        self.created["trainers"] += created

    def assignment(
        self, plan: Plan, organisation: Organisation, task: str, *, partners=(), **fields
    ) -> Assignment:
        assignment, created = Assignment.objects.get_or_create(
            plan=plan, organisation=organisation, task=task, defaults={**fields, "created_by": self.actor}
        )
        if created:
            assignment.partners.set(partners)
        self.created["assignments"] += created
        return assignment

    # --- Many rows ------------------------------------------------------------------------------------------

    def people(self, specs: list[PersonSpec]) -> dict[str, int]:
        """Create the people not yet in the directory; returns the id of every one, by citizen ID."""
        wanted = {spec.citizen_id: spec for spec in specs}
        existing = dict(Person.objects.filter(citizen_id__in=list(wanted)).values_list("citizen_id", "pk"))
        missing = [spec.build(self.actor) for key, spec in wanted.items() if key not in existing]
        for person in Person.objects.bulk_create(missing, batch_size=BATCH):
            existing[person.citizen_id] = person.pk
        self.created["people"] += len(missing)
        self.person_ids.update(existing)
        return existing

    def enrol(self, course: Course, specs: list[EnrolmentSpec]) -> dict[str, int]:
        """Enrol, mark attendance and record feedback; returns the enrolment ids by citizen ID."""
        by_person = {self.person_ids[spec.citizen_id]: spec for spec in specs}
        existing = dict(Enrolment.objects.filter(course=course).values_list("person_id", "pk"))
        new = [
            Enrolment(
                course=course,
                person_id=person_id,
                role=spec.role,
                alumna_of=spec.alumna_of,
                nominated_by=spec.nominated_by,
                invited_from_id=spec.invited_from_id,
                pre_test_score=spec.pre_test_score,
                post_test_score=spec.post_test_score,
                notes=spec.notes,
                created_by=self.actor,
            )
            for person_id, spec in by_person.items()
            if person_id not in existing
        ]
        for enrolment in Enrolment.objects.bulk_create(new, batch_size=BATCH):
            existing[enrolment.person_id] = enrolment.pk
        self.created["enrolments"] += len(new)

        enrolment_ids = {spec.citizen_id: existing[person_id] for person_id, spec in by_person.items()}
        self._attendance(course, specs, enrolment_ids)
        self._feedback(specs, enrolment_ids)
        return enrolment_ids

    def _attendance(self, course: Course, specs: list[EnrolmentSpec], enrolment_ids: dict[str, int]) -> None:
        sessions = list(course.sessions.order_by("number").values_list("pk", flat=True))
        marked = set(
            Attendance.objects.filter(session__course=course).values_list("session_id", "enrolment_id")
        )
        rows = [
            Attendance(session_id=session_id, enrolment_id=enrolment_ids[spec.citizen_id], present=present)
            for spec in specs
            for session_id, present in zip(sessions, spec.present, strict=False)
            if (session_id, enrolment_ids[spec.citizen_id]) not in marked
        ]
        Attendance.objects.bulk_create(rows, batch_size=BATCH)
        self.created["attendance"] += len(rows)

    def _feedback(self, specs: list[EnrolmentSpec], enrolment_ids: dict[str, int]) -> None:
        wanted = {enrolment_ids[spec.citizen_id]: spec.feedback for spec in specs if spec.feedback}
        given = set(
            Feedback.objects.filter(enrolment_id__in=list(wanted)).values_list("enrolment_id", flat=True)
        )
        rows = [Feedback(enrolment_id=pk, **values) for pk, values in wanted.items() if pk not in given]
        Feedback.objects.bulk_create(rows, batch_size=BATCH)
        self.created["feedback"] += len(rows)

    def lead(self, workshop: Course, leader_ids: list[int]) -> None:
        workshop.led_by.add(*leader_ids)

    def action_plan(self, enrolment_id: int, *, milestones: list[dict], **texts) -> None:
        action_plan, created = ActionPlan.objects.get_or_create(
            enrolment_id=enrolment_id, defaults={**texts, "created_by": self.actor}
        )
        self.created["action_plans"] += created
        titles = set(action_plan.milestones.values_list("title", flat=True))
        rows = [
            Milestone(action_plan=action_plan, **milestone)
            for milestone in milestones
            if milestone["title"] not in titles
        ]
        Milestone.objects.bulk_create(rows)
        self.created["milestones"] += len(rows)

    # --- Afterwards -----------------------------------------------------------------------------------------

    def update_completion(self) -> None:
        """Statuses follow attendance through the course's completion rule, as when a user saves a grid."""
        for course in self.courses:
            course_update_completion(course=course)
