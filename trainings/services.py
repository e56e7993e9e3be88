"""The rules of trainings: who may change what, cascades and their limits, sessions, completion.

Every write goes through a function here: keyword-only arguments, the acting user as `actor`, one
transaction, and a `TrainingRuleError` whose translated message the form or page shows as is.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audited_update, log_bulk_create
from directory.models import AdministrativeUnit, Person
from directory.scoping import user_has_national_scope, user_province_id
from directory.services import person_save
from trainings.models import (
    ActionPlan,
    Assignment,
    Attendance,
    Course,
    CourseTrainer,
    Enrolment,
    Feedback,
    Plan,
    Programme,
    Session,
)


class TrainingRuleError(Exception):
    """A business rule said no; `message` is translated and meant for the user as is."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def _validate(instance) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        raise TrainingRuleError(" ".join(error.messages)) from error


# --- Who may change what (the write-side twins of the managers' visible_to) ----------------------------


def _is_own_province(actor, province_id: int | None) -> bool:
    if user_has_national_scope(actor):
        return True
    return province_id is not None and province_id == user_province_id(actor)


def programme_can_be_changed_by(*, programme: Programme, actor) -> bool:
    """Officers read national programmes their courses belong to, but change only their province's."""
    return _is_own_province(actor, programme.province_id)


def plan_can_be_changed_by(*, plan: Plan, actor) -> bool:
    return _is_own_province(actor, plan.province_id)


def course_can_be_changed_by(*, course: Course, actor) -> bool:
    return _is_own_province(actor, course.province_id)


# --- Programmes, plans, assignments ---------------------------------------------------------------------


@transaction.atomic
def programme_save(*, programme: Programme, actor) -> Programme:
    if not user_has_national_scope(actor):
        if programme.pk is None:
            programme.province_id = user_province_id(actor)
        if not programme_can_be_changed_by(programme=programme, actor=actor):
            raise PermissionDenied
    if programme.start_date and programme.end_date and programme.end_date < programme.start_date:
        raise TrainingRuleError(_("The end date is before the start date."), field="end_date")
    if programme.pk is not None and programme.max_workshops is not None:
        workshops = _active_workshops(programme).count()
        if workshops > programme.max_workshops:
            raise TrainingRuleError(
                _("%(count)s cascade workshops are already recorded; the limit cannot be lower than that.")
                % {"count": workshops},
                field="max_workshops",
            )
    if programme.pk is None:
        programme.created_by = actor
    _validate(programme)
    programme.save()
    return programme


@transaction.atomic
def plan_save(*, plan: Plan, actor) -> Plan:
    if not user_has_national_scope(actor):
        if plan.pk is None:
            plan.province_id = user_province_id(actor)
        if not plan_can_be_changed_by(plan=plan, actor=actor):
            raise PermissionDenied
    if plan.pk is None:
        plan.created_by = actor
    _validate(plan)
    plan.save()
    return plan


@transaction.atomic
def assignment_save(*, assignment: Assignment, actor, partners: Iterable | None = None) -> Assignment:
    if not plan_can_be_changed_by(plan=assignment.plan, actor=actor):
        raise PermissionDenied
    if assignment.course_id and assignment.course.plan_id != assignment.plan_id:
        raise TrainingRuleError(_("The course is not part of this plan."), field="course")
    if assignment.status == Assignment.Status.DONE and assignment.completed_on is None:
        assignment.completed_on = timezone.localdate()
    if assignment.pk is None:
        assignment.created_by = actor
    _validate(assignment)
    assignment.save()
    if partners is not None:
        assignment.partners.set(partners)
    return assignment


# --- Courses and their sessions --------------------------------------------------------------------------


def resolve_course_province(course: Course) -> AdministrativeUnit | None:
    """Where a course counts: the current province of its unit, else of its organiser, else national."""
    if course.unit_id:
        return course.unit.current_province
    if course.organiser_id and course.organiser.unit_id:
        return course.organiser.unit.current_province
    return None


def session_slots(
    *, start: datetime.date, duration: int, unit: str, starts_in_afternoon: bool = False
) -> list[tuple[datetime.date, str]]:
    """The (date, part) of each session: one per day, or one per half-day (morning, then afternoon)."""
    if unit == Course.DurationUnit.DAYS:
        return [(start + datetime.timedelta(days=i), Session.Part.DAY) for i in range(duration)]
    slots = []
    half = 1 if starts_in_afternoon else 0
    for _i in range(duration):
        day = start + datetime.timedelta(days=half // 2)
        slots.append((day, Session.Part.AFTERNOON if half % 2 else Session.Part.MORNING))
        half += 1
    return slots


def check_course_dates(course: Course) -> None:
    if course.start_date is None or course.end_date is None or not course.duration:
        return
    if course.end_date < course.start_date:
        raise TrainingRuleError(_("The end date is before the start date."), field="end_date")
    slots = session_slots(
        start=course.start_date,
        duration=course.duration,
        unit=course.duration_unit,
        starts_in_afternoon=course.starts_in_afternoon,
    )
    last_day = slots[-1][0]
    if last_day != course.end_date:
        raise TrainingRuleError(
            _(
                "A course of %(duration)s %(unit)s starting on %(start)s ends on %(expected)s, "
                "not on %(end)s: change the duration or the dates."
            )
            % {
                "duration": course.duration,
                "unit": course.get_duration_unit_display(),
                "start": course.start_date.strftime("%d/%m/%Y"),
                "expected": last_day.strftime("%d/%m/%Y"),
                "end": course.end_date.strftime("%d/%m/%Y"),
            },
            field="duration",
        )


def course_sync_sessions(*, course: Course) -> None:
    """Make the course's sessions match its dates; sessions with attendance recorded are never dropped."""
    wanted = session_slots(
        start=course.start_date,
        duration=course.duration,
        unit=course.duration_unit,
        starts_in_afternoon=course.starts_in_afternoon,
    )
    existing = {(session.date, session.part): session for session in course.sessions.all()}
    obsolete = [session.pk for slot, session in existing.items() if slot not in set(wanted)]
    if obsolete:
        if Attendance.objects.filter(session_id__in=obsolete).exists():
            raise TrainingRuleError(
                _(
                    "Attendance has been recorded for sessions that the new dates would remove. "
                    "Clear that attendance first, or keep the dates."
                )
            )
        Session.objects.filter(pk__in=obsolete).delete()
    to_create, to_update = [], []
    for number, (day, part) in enumerate(wanted, start=1):
        session = existing.get((day, part))
        if session is None:
            to_create.append(Session(course=course, number=number, date=day, part=part))
        elif session.number != number:
            session.number = number
            to_update.append(session)
    Session.objects.bulk_update(to_update, ["number"])
    Session.objects.bulk_create(to_create)


def _active_workshops(programme: Programme):
    return Course.objects.filter(programme=programme, kind=Course.Kind.WORKSHOP).exclude(
        status=Course.Status.CANCELLED
    )


def _check_cascade(course: Course, leaders: list[Enrolment] | None) -> None:
    if course.kind in Course.FOLLOW_UP_KINDS:
        if course.core_course_id is None:
            raise TrainingRuleError(
                _("A cascade workshop or wrap-up follows a core course: choose it."), field="core_course"
            )
        if course.core_course.kind != Course.Kind.CORE:
            raise TrainingRuleError(_("Choose a core course to follow."), field="core_course")
        if course.core_course_id == course.pk:
            raise TrainingRuleError(_("A course cannot follow itself."), field="core_course")
        # A cascade is one programme: its limits and targets are the core course's programme's.
        course.programme_id = course.core_course.programme_id
    elif course.core_course_id is not None:
        raise TrainingRuleError(
            _("Only a cascade workshop or a wrap-up follows a core course."), field="core_course"
        )
    if leaders:
        if course.kind != Course.Kind.WORKSHOP:
            raise TrainingRuleError(_("Only a cascade workshop is led by core trainees."), field="led_by")
        strangers = [
            leader
            for leader in leaders
            if leader.course_id != course.core_course_id or leader.role != Enrolment.Role.CORE_TRAINEE
        ]
        if strangers:
            raise TrainingRuleError(
                _("%(name)s is not a core trainee of the core course.") % {"name": strangers[0].person},
                field="led_by",
            )

    programme = course.programme
    if course.kind != Course.Kind.WORKSHOP or programme is None:
        return
    if course.status != Course.Status.CANCELLED and programme.max_workshops is not None:
        others = _active_workshops(programme).exclude(pk=course.pk).count()
        if others >= programme.max_workshops:
            raise TrainingRuleError(
                _(
                    "%(programme)s allows at most %(limit)s cascade workshops and %(count)s are already "
                    "recorded. Cancel one first, or raise the limit on the programme."
                )
                % {"programme": programme.name, "limit": programme.max_workshops, "count": others}
            )
    limit = programme.max_workshop_participants
    if limit is not None and (course.capacity is None or course.capacity > limit):
        if course.capacity is None:
            course.capacity = limit
        else:
            raise TrainingRuleError(
                _("%(programme)s allows at most %(limit)s participants per workshop.")
                % {"programme": programme.name, "limit": limit},
                field="capacity",
            )


@transaction.atomic
def course_save(*, course: Course, actor, leaders: Iterable[Enrolment] | None = None) -> Course:
    """Create or change a course: its province, cascade links, programme limits, capacity and sessions."""
    if course.pk is not None:
        stored = Course.objects.select_for_update().get(pk=course.pk)
        if not course_can_be_changed_by(course=stored, actor=actor):
            raise PermissionDenied
    province = resolve_course_province(course)
    course.province = province
    if not user_has_national_scope(actor) and not _is_own_province(actor, course.province_id):
        if province is None:
            raise TrainingRuleError(
                _(
                    "Choose where the course is held (an administrative unit of your province), or an "
                    "organiser in your province: you can record courses of your own province only."
                ),
                field="unit",
            )
        raise TrainingRuleError(
            _("This course would belong to %(province)s: you can record courses of your own province only.")
            % {"province": province.name},
            field="unit",
        )
    if course.programme_id:
        # Lock the programme so that two people adding the 15th workshop at once cannot both succeed.
        Programme.objects.select_for_update().filter(pk=course.programme_id).first()
    leaders = list(leaders) if leaders is not None else None
    _check_cascade(course, leaders)
    check_course_dates(course)
    if course.completion_rule == Course.CompletionRule.MIN_PERCENT and not course.completion_percent:
        raise TrainingRuleError(
            _("Enter the share of sessions a participant must attend to complete the course."),
            field="completion_percent",
        )
    if course.pk is not None and course.capacity is not None:
        learners = (
            Enrolment.objects.filter(course=course).learners().exclude(status=Enrolment.Status.WITHDRAWN)
        )
        enrolled = learners.count()
        if enrolled > course.capacity:
            raise TrainingRuleError(
                _("%(count)s participants are already enrolled: the capacity cannot be lower than that.")
                % {"count": enrolled},
                field="capacity",
            )
    if course.pk is None:
        course.created_by = actor
    _validate(course)
    course.save()
    if leaders is not None:
        course.led_by.set(leaders)
    course_sync_sessions(course=course)
    course_update_completion(course=course)
    return course


@transaction.atomic
def course_trainer_save(*, trainer: CourseTrainer, actor) -> CourseTrainer:
    if not course_can_be_changed_by(course=trainer.course, actor=actor):
        raise PermissionDenied
    if trainer.person_id:
        trainer.name = ""
    _validate(trainer)
    trainer.save()
    return trainer


@transaction.atomic
def course_trainer_remove(*, trainer: CourseTrainer, actor) -> None:
    if not course_can_be_changed_by(course=trainer.course, actor=actor):
        raise PermissionDenied
    trainer.delete()


# --- Enrolments --------------------------------------------------------------------------------------------


def _check_room(course: Course, *, adding: int = 1) -> None:
    """Capacity counts learners (trainees and core trainees) who have not withdrawn."""
    limits = []
    if course.capacity is not None:
        limits.append(course.capacity)
    programme = course.programme
    if course.kind == Course.Kind.WORKSHOP and programme and programme.max_workshop_participants:
        limits.append(programme.max_workshop_participants)
    if not limits:
        return
    limit = min(limits)
    enrolled = (
        Enrolment.objects.filter(course=course).learners().exclude(status=Enrolment.Status.WITHDRAWN).count()
    )
    if enrolled + adding > limit:
        raise TrainingRuleError(
            _(
                "The course is full: %(enrolled)s of %(limit)s places are taken, "
                "and %(adding)s more cannot be enrolled."
            )
            % {"enrolled": enrolled, "limit": limit, "adding": adding}
        )


def _check_person_for_actor(person: Person, actor) -> None:
    if not _is_own_province(actor, person.province_id):
        raise TrainingRuleError(
            _("%(name)s is not recorded in your province: you can enrol people of your own province only.")
            % {"name": person.full_name},
            field="person",
        )


@transaction.atomic
def enrolment_create(
    *,
    course: Course,
    person: Person,
    actor,
    role: str = Enrolment.Role.TRAINEE,
    alumna_of: str = "",
    nominated_by=None,
    invited_from: Enrolment | None = None,
) -> Enrolment:
    if not course_can_be_changed_by(course=course, actor=actor):
        raise PermissionDenied
    course = Course.objects.select_for_update(of=("self",)).select_related("programme").get(pk=course.pk)
    _check_person_for_actor(person, actor)
    if Enrolment.objects.filter(course=course, person=person).exists():
        raise TrainingRuleError(
            _("%(name)s is already enrolled in this course.") % {"name": person.full_name}, field="person"
        )
    if course.status == Course.Status.CANCELLED:
        raise TrainingRuleError(_("The course has been cancelled: no one can be enrolled."))
    if role in Enrolment.LEARNER_ROLES:
        _check_room(course)
    enrolment = Enrolment(
        course=course,
        person=person,
        role=role,
        alumna_of=alumna_of,
        nominated_by=nominated_by,
        invited_from=invited_from,
        created_by=actor,
    )
    _validate(enrolment)
    enrolment.save()
    return enrolment


@transaction.atomic
def enrolment_create_with_new_person(*, course: Course, person: Person, actor, **details) -> Enrolment:
    """Add someone to the directory and enrol her, or do neither (a full course keeps her out)."""
    person_save(person=person, actor=actor)
    return enrolment_create(course=course, person=person, actor=actor, **details)


@transaction.atomic
def enrolment_save(
    *, enrolment: Enrolment, actor, withdrawn: bool, completed: bool | None = None
) -> Enrolment:
    """Change an enrolment's details; its status follows attendance unless withdrawn (or manual rule)."""
    course = (
        Course.objects.select_for_update(of=("self",)).select_related("programme").get(pk=enrolment.course_id)
    )
    if not course_can_be_changed_by(course=course, actor=actor):
        raise PermissionDenied
    stored = Enrolment.objects.get(pk=enrolment.pk)
    was_counted = stored.is_learner and stored.status != Enrolment.Status.WITHDRAWN
    will_count = enrolment.is_learner and not withdrawn
    if will_count and not was_counted:
        _check_room(course)
    if withdrawn:
        enrolment.status = Enrolment.Status.WITHDRAWN
    elif course.completion_rule == Course.CompletionRule.MANUAL and completed is not None:
        enrolment.status = Enrolment.Status.COMPLETED if completed else Enrolment.Status.REGISTERED
    elif enrolment.status == Enrolment.Status.WITHDRAWN:
        enrolment.status = Enrolment.Status.REGISTERED
    _validate(enrolment)
    enrolment.save()
    course_update_completion(course=course)
    enrolment.refresh_from_db(fields=["status"])
    return enrolment


@transaction.atomic
def enrolment_remove(*, enrolment: Enrolment, actor) -> None:
    if not course_can_be_changed_by(course=enrolment.course, actor=actor):
        raise PermissionDenied
    if enrolment.certificate_number:
        raise TrainingRuleError(
            _("A certificate has been issued for this enrolment: withdraw it instead of removing it.")
        )
    enrolment.delete()


# --- Attendance and completion -------------------------------------------------------------------------


@transaction.atomic
def attendance_save(*, course: Course, present: set[tuple[int, int]], actor) -> None:
    """Store the whole grid of a course at once: `present` holds (enrolment id, session id) pairs.

    Every cell of the grid is written, absent ones as `present=False`, so that "absent" differs from
    "not recorded yet". Then the enrolments' statuses follow the course's completion rule.
    """
    if not course_can_be_changed_by(course=course, actor=actor):
        raise PermissionDenied
    enrolment_ids = list(
        Enrolment.objects.filter(course=course)
        .exclude(status=Enrolment.Status.WITHDRAWN)
        .values_list("pk", flat=True)
    )
    session_ids = list(Session.objects.filter(course=course).values_list("pk", flat=True))
    unknown = {pair for pair in present if pair[0] not in enrolment_ids or pair[1] not in session_ids}
    if unknown:
        raise TrainingRuleError(_("The attendance sheet is out of date: reload the page and enter it again."))
    Attendance.objects.filter(session__course=course, enrolment_id__in=enrolment_ids).delete()
    Attendance.objects.bulk_create(
        Attendance(
            session_id=session_id, enrolment_id=enrolment_id, present=(enrolment_id, session_id) in present
        )
        for enrolment_id in enrolment_ids
        for session_id in session_ids
    )
    course_update_completion(course=course)


def completion_status(*, rule: str, percent: int | None, attended: int, sessions: int, current: str) -> str:
    """The status an enrolment earns from its attendance under the course's completion rule."""
    if current == Enrolment.Status.WITHDRAWN:
        return current
    if rule == Course.CompletionRule.MANUAL:
        if current == Enrolment.Status.COMPLETED:
            return current
        return Enrolment.Status.ATTENDED if attended else Enrolment.Status.REGISTERED
    if sessions and attended:
        if rule == Course.CompletionRule.ALL_SESSIONS and attended >= sessions:
            return Enrolment.Status.COMPLETED
        if rule == Course.CompletionRule.MIN_PERCENT and attended * 100 >= (percent or 100) * sessions:
            return Enrolment.Status.COMPLETED
    return Enrolment.Status.ATTENDED if attended else Enrolment.Status.REGISTERED


def course_update_completion(*, course: Course) -> int:
    """Recompute every enrolment's status in two queries plus one UPDATE per status that changes."""
    sessions = Session.objects.filter(course=course).count()
    rows = (
        Enrolment.objects.filter(course=course)
        .annotate(attended=Count("attendances", filter=Q(attendances__present=True)))
        .values_list("pk", "role", "status", "attended")
    )
    changes: dict[str, list[int]] = {}
    for pk, role, status, attended in rows:
        if role in Enrolment.LEARNER_ROLES:
            new_status = completion_status(
                rule=course.completion_rule,
                percent=course.completion_percent,
                attended=attended,
                sessions=sessions,
                current=status,
            )
        elif status == Enrolment.Status.WITHDRAWN:
            new_status = status
        else:
            # Trainers, facilitators and observers take part; they do not complete the course.
            new_status = Enrolment.Status.ATTENDED if attended else Enrolment.Status.REGISTERED
        if new_status != status:
            changes.setdefault(new_status, []).append(pk)
    for status, pks in changes.items():
        audited_update(Enrolment.objects.filter(pk__in=pks).select_related("person", "course"), status=status)
    return sum(len(pks) for pks in changes.values())


# --- Wrap-up ------------------------------------------------------------------------------------------------


@transaction.atomic
def wrap_up_invite_core_trainees(*, wrap_up: Course, actor) -> int:
    """Enrol every core trainee of the core course in its wrap-up; returns how many were added."""
    if not course_can_be_changed_by(course=wrap_up, actor=actor):
        raise PermissionDenied
    if wrap_up.kind != Course.Kind.WRAP_UP or wrap_up.core_course_id is None:
        raise TrainingRuleError(_("Only a wrap-up that follows a core course can invite its core trainees."))
    wrap_up = Course.objects.select_for_update(of=("self",)).select_related("programme").get(pk=wrap_up.pk)
    already = Enrolment.objects.filter(course=wrap_up).values("person_id")
    core_trainees = list(
        Enrolment.objects.filter(course_id=wrap_up.core_course_id, role=Enrolment.Role.CORE_TRAINEE)
        .exclude(status=Enrolment.Status.WITHDRAWN)
        .exclude(person_id__in=already)
        .order_by("pk")
    )
    if not core_trainees:
        return 0
    _check_room(wrap_up, adding=len(core_trainees))
    created = Enrolment.objects.bulk_create(
        Enrolment(
            course=wrap_up,
            person_id=core.person_id,
            role=Enrolment.Role.CORE_TRAINEE,
            alumna_of=core.alumna_of,
            nominated_by_id=core.nominated_by_id,
            invited_from=core,
            created_by=actor,
        )
        for core in core_trainees
    )
    log_bulk_create(created, actor=actor, related=["person"])
    return len(core_trainees)


@transaction.atomic
def wrap_up_invite_participants(*, wrap_up: Course, enrolments: list[Enrolment], actor) -> int:
    """Invite chosen workshop participants (the best ones) to the wrap-up, within the programme's limit."""
    if not course_can_be_changed_by(course=wrap_up, actor=actor):
        raise PermissionDenied
    if wrap_up.kind != Course.Kind.WRAP_UP or wrap_up.core_course_id is None:
        raise TrainingRuleError(_("Only a wrap-up that follows a core course can invite participants."))
    wrap_up = Course.objects.select_for_update(of=("self",)).select_related("programme").get(pk=wrap_up.pk)
    if not enrolments:
        raise TrainingRuleError(_("Choose at least one participant to invite."))
    strangers = [
        e
        for e in enrolments
        if e.course.core_course_id != wrap_up.core_course_id or e.course.kind != Course.Kind.WORKSHOP
    ]
    if strangers:
        raise TrainingRuleError(
            _("%(name)s did not take part in a workshop of this cascade.") % {"name": strangers[0].person}
        )
    already = set(Enrolment.objects.filter(course=wrap_up).values_list("person_id", flat=True))
    fresh = {e.person_id: e for e in enrolments if e.person_id not in already}
    limit = wrap_up.programme.max_wrap_up_invitees if wrap_up.programme else None
    if limit is not None:
        invited = Enrolment.objects.filter(
            course=wrap_up, invited_from__course__kind=Course.Kind.WORKSHOP
        ).count()
        if invited + len(fresh) > limit:
            raise TrainingRuleError(
                _(
                    "%(programme)s invites at most %(limit)s workshop participants to the wrap-up: "
                    "%(invited)s are invited already and you chose %(chosen)s more."
                )
                % {
                    "programme": wrap_up.programme.name,
                    "limit": limit,
                    "invited": invited,
                    "chosen": len(fresh),
                }
            )
    if not fresh:
        return 0
    _check_room(wrap_up, adding=len(fresh))
    created = Enrolment.objects.bulk_create(
        Enrolment(
            course=wrap_up,
            person_id=source.person_id,
            role=Enrolment.Role.TRAINEE,
            nominated_by_id=source.nominated_by_id,
            alumna_of=source.alumna_of,
            invited_from=source,
            created_by=actor,
        )
        for source in fresh.values()
    )
    log_bulk_create(created, actor=actor, related=["person"])
    return len(fresh)


# --- Feedback and action plans --------------------------------------------------------------------------


@transaction.atomic
def feedback_save(*, feedback: Feedback, actor) -> Feedback:
    if not course_can_be_changed_by(course=feedback.enrolment.course, actor=actor):
        raise PermissionDenied
    if feedback.enrolment.status == Enrolment.Status.WITHDRAWN:
        raise TrainingRuleError(_("She withdrew from the course: there is no feedback to record."))
    _validate(feedback)
    feedback.save()
    return feedback


@transaction.atomic
def action_plan_save(*, action_plan: ActionPlan, milestones_formset, actor) -> ActionPlan:
    """Save a core trainee's plan and its milestones together."""
    enrolment = action_plan.enrolment
    if not course_can_be_changed_by(course=enrolment.course, actor=actor):
        raise PermissionDenied
    if enrolment.role != Enrolment.Role.CORE_TRAINEE:
        raise TrainingRuleError(_("Personal action plans are written by core trainees."))
    if action_plan.pk is None:
        action_plan.created_by = actor
    _validate(action_plan)
    action_plan.save()
    milestones_formset.instance = action_plan
    milestones_formset.save()
    return action_plan
