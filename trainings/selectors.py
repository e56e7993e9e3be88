"""Reads that grow with the data: lists, cascade trees and summaries, each a fixed number of queries.

Every selector starts from a manager's `visible_to(user)`, and every count is computed in the database.
"""

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from directory.models import Person
from trainings.models import (
    ActionPlan,
    Assignment,
    Course,
    CourseTrainer,
    Enrolment,
    Feedback,
    Milestone,
    Plan,
    Programme,
    Session,
)

REACHED_STATUSES = (Enrolment.Status.ATTENDED, Enrolment.Status.COMPLETED)


def reached_q(prefix: str = "") -> Q:
    """Learners who took part: the evidence of reach is attendance, not registration."""
    return Q(**{f"{prefix}role__in": Enrolment.LEARNER_ROLES, f"{prefix}status__in": REACHED_STATUSES})


def active_learner_q(prefix: str = "") -> Q:
    """Learners holding a place (capacity counts them): trainees and core trainees not withdrawn."""
    return Q(**{f"{prefix}role__in": Enrolment.LEARNER_ROLES}) & ~Q(
        **{f"{prefix}status": Enrolment.Status.WITHDRAWN}
    )


def with_enrolment_counts(courses: QuerySet) -> QuerySet:
    return courses.annotate(
        enrolled_count=Count("enrolments", filter=active_learner_q("enrolments__"), distinct=True),
        reached_count=Count("enrolments", filter=reached_q("enrolments__"), distinct=True),
    )


# --- Programmes -------------------------------------------------------------------------------------------


def programme_list(*, user, filters=None) -> QuerySet[Programme]:
    from trainings.filters import ProgrammeFilter

    programmes = (
        Programme.objects.visible_to(user)
        .select_related("funder", "implementer", "province")
        .annotate(
            course_count=Count(
                "courses", filter=Q(courses__in=Course.objects.visible_to(user)), distinct=True
            ),
        )
        .order_by("-start_date", "name", "pk")
    )
    return ProgrammeFilter(filters, queryset=programmes).qs


def programme_courses(*, programme: Programme, user) -> QuerySet[Course]:
    courses = Course.objects.visible_to(user).filter(programme=programme)
    return with_enrolment_counts(courses.select_related("province", "core_course")).order_by(
        "start_date", "pk"
    )


# --- Plans and assignments ------------------------------------------------------------------------------


def _overdue_assignments_q(prefix: str = "") -> Q:
    today = timezone.localdate()
    return Q(
        **{f"{prefix}due_date__lt": today, f"{prefix}status__in": Assignment.OPEN_STATUSES},
    )


def plan_list(*, user, filters=None) -> QuerySet[Plan]:
    from trainings.filters import PlanFilter

    plans = (
        Plan.objects.visible_to(user)
        .select_related("issuer", "province", "programme")
        .annotate(
            course_count=Count("courses", distinct=True),
            assignment_count=Count("assignments", distinct=True),
            overdue_count=Count("assignments", filter=_overdue_assignments_q("assignments__"), distinct=True),
        )
        .order_by("-issued_on", "-pk")
    )
    return PlanFilter(filters, queryset=plans).qs


def plan_assignments(*, plan: Plan) -> QuerySet[Assignment]:
    return (
        plan.assignments.select_related("organisation", "course")
        .prefetch_related("partners")
        .order_by("due_date", "pk")
    )


def assignment_list(*, user, filters=None) -> QuerySet[Assignment]:
    from trainings.filters import AssignmentFilter

    assignments = (
        Assignment.objects.visible_to(user)
        .select_related("organisation", "plan", "plan__province", "course")
        .prefetch_related("partners")
        .order_by("due_date", "pk")
    )
    return AssignmentFilter(filters, queryset=assignments).qs


# --- Courses ------------------------------------------------------------------------------------------------


def course_list(*, user, filters=None) -> QuerySet[Course]:
    from trainings.filters import CourseFilter

    courses = with_enrolment_counts(
        Course.objects.visible_to(user).select_related("programme", "province", "unit")
    ).order_by("-start_date", "title", "pk")
    return CourseFilter(filters, queryset=courses, user=user).qs


def course_enrolments(*, course: Course) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(course=course)
        .select_related("person", "person__organisation", "nominated_by")
        .annotate(
            attended_sessions=Count("attendances", filter=Q(attendances__present=True)),
            has_feedback=Exists(Feedback.objects.filter(enrolment=OuterRef("pk"))),
            has_action_plan=Exists(ActionPlan.objects.filter(enrolment=OuterRef("pk"))),
        )
        .order_by("person__sort_key", "pk")
    )


def course_trainers(*, course: Course) -> QuerySet[CourseTrainer]:
    return course.trainers.select_related("person", "person__organisation").order_by("pk")


@dataclass
class AttendanceGrid:
    sessions: list[Session]
    rows: list[tuple[Enrolment, list[tuple[Session, bool | None]]]]


def attendance_grid(*, course: Course) -> AttendanceGrid:
    """Sessions, enrolled people and their marks in three queries, whatever the size of the course."""
    sessions = list(course.sessions.order_by("number"))
    enrolments = list(
        Enrolment.objects.filter(course=course)
        .exclude(status=Enrolment.Status.WITHDRAWN)
        .select_related("person")
        .prefetch_related("attendances")
        .order_by("person__sort_key", "pk")
    )
    rows = []
    for enrolment in enrolments:
        marks = {attendance.session_id: attendance.present for attendance in enrolment.attendances.all()}
        rows.append((enrolment, [(session, marks.get(session.pk)) for session in sessions]))
    return AttendanceGrid(sessions=sessions, rows=rows)


@dataclass
class FeedbackSummary:
    responses: int
    averages: dict[str, float | None]
    distribution: list[tuple[int, int]]
    comments: list[Feedback] = field(default_factory=list)


RATING_FIELDS = ("overall", "content", "trainers", "logistics", "usefulness")


def feedback_summary(*, course: Course) -> FeedbackSummary:
    feedback = Feedback.objects.filter(enrolment__course=course)
    totals = feedback.aggregate(
        responses=Count("pk"),
        **{f"average_{name}": Avg(name) for name in RATING_FIELDS},
        **{f"overall_{score}": Count("pk", filter=Q(overall=score)) for score in range(1, 6)},
    )
    comments = list(
        feedback.exclude(comments="").select_related("enrolment__person").order_by("-submitted_at")[:100]
    )
    return FeedbackSummary(
        responses=totals["responses"],
        averages={name: totals[f"average_{name}"] for name in RATING_FIELDS},
        distribution=[(score, totals[f"overall_{score}"]) for score in range(5, 0, -1)],
        comments=comments,
    )


# --- Cascades -----------------------------------------------------------------------------------------------


@dataclass
class CascadeTotals:
    workshops_recorded: int
    workshops_held: int
    workshops_planned: int | None
    workshops_limit: int | None
    reached: int
    unique_people: int
    target_reach: int | None
    core_trainees: int
    alumnae: int
    wrap_up_invitees: int

    @property
    def reach_percent(self) -> int | None:
        if not self.target_reach:
            return None
        return round(100 * self.unique_people / self.target_reach)

    @property
    def held_percent(self) -> int | None:
        if not self.workshops_planned:
            return None
        return round(100 * self.workshops_held / self.workshops_planned)


@dataclass
class Cascade:
    core_course: Course
    core_trainees: list[Enrolment]
    workshops: list[Course]
    wrap_ups: list[Course]
    unled_workshops: list[Course]
    totals: CascadeTotals


def cascade_workshops(core_course: Course) -> QuerySet[Course]:
    return Course.objects.filter(core_course=core_course, kind=Course.Kind.WORKSHOP)


def cascade_reach(core_course: Course) -> dict[str, int]:
    """People reached by the workshops that follow a core course: a person at two workshops counts once."""
    reached = Enrolment.objects.filter(reached_q(), course__in=cascade_workshops(core_course)).exclude(
        course__status=Course.Status.CANCELLED
    )
    return reached.aggregate(reached=Count("pk"), unique_people=Count("person", distinct=True))


def cascade_detail(*, core_course: Course, user) -> Cascade:
    """The tree of a cascade in six queries: core trainees, the workshops each led, reach and totals."""
    workshops_qs = with_enrolment_counts(
        Course.objects.visible_to(user).filter(core_course=core_course)
    ).order_by("start_date", "pk")
    follow_ups = list(
        workshops_qs.prefetch_related(Prefetch("led_by", queryset=Enrolment.objects.select_related("person")))
    )
    workshops = [course for course in follow_ups if course.kind == Course.Kind.WORKSHOP]
    wrap_ups = [course for course in follow_ups if course.kind == Course.Kind.WRAP_UP]

    reached_through = reached_q("led_workshops__enrolments__") & ~Q(
        led_workshops__status=Course.Status.CANCELLED
    )
    core_trainees = list(
        Enrolment.objects.filter(course=core_course, role=Enrolment.Role.CORE_TRAINEE)
        .select_related("person", "person__organisation", "nominated_by")
        .annotate(
            people_reached=Count("led_workshops__enrolments__person", filter=reached_through, distinct=True),
        )
        .order_by("person__sort_key", "pk")
    )
    # Hang the already-annotated workshops under their leaders rather than prefetching them again.
    led: dict[int, list[Course]] = {}
    for workshop in workshops:
        for leader in workshop.led_by.all():
            led.setdefault(leader.pk, []).append(workshop)
    for trainee in core_trainees:
        trainee.workshops = led.get(trainee.pk, [])

    programme = core_course.programme
    reach = cascade_reach(core_course)
    workshop_stats = cascade_workshops(core_course).aggregate(
        recorded=Count("pk", filter=~Q(status=Course.Status.CANCELLED)),
        held=Count("pk", filter=Q(status=Course.Status.HELD)),
    )
    totals = CascadeTotals(
        workshops_recorded=workshop_stats["recorded"],
        workshops_held=workshop_stats["held"],
        workshops_planned=programme.target_workshops if programme else None,
        workshops_limit=programme.max_workshops if programme else None,
        reached=reach["reached"],
        unique_people=reach["unique_people"],
        target_reach=programme.target_reach if programme else None,
        core_trainees=len([t for t in core_trainees if t.status != Enrolment.Status.WITHDRAWN]),
        alumnae=len([t for t in core_trainees if t.alumna_of and t.status != Enrolment.Status.WITHDRAWN]),
        wrap_up_invitees=sum(course.enrolled_count for course in wrap_ups),
    )
    return Cascade(
        core_course=core_course,
        core_trainees=core_trainees,
        workshops=workshops,
        wrap_ups=wrap_ups,
        unled_workshops=[w for w in workshops if not w.led_by.all()],
        totals=totals,
    )


def wrap_up_candidates(*, wrap_up: Course) -> QuerySet[Enrolment]:
    """Workshop participants of the cascade who took part, best post-test score first."""
    return (
        Enrolment.objects.filter(
            reached_q(), course__core_course_id=wrap_up.core_course_id, course__kind=Course.Kind.WORKSHOP
        )
        .exclude(person_id__in=Enrolment.objects.filter(course=wrap_up).values("person_id"))
        .select_related("person", "course", "person__organisation")
        .order_by("-post_test_score", "person__sort_key", "pk")
    )


def cascade_action_plans(*, core_course: Course) -> QuerySet[Enrolment]:
    """Every core trainee with her plan (if any), its milestones and how many are overdue."""
    today = timezone.localdate()
    milestones = Milestone.objects.order_by("due_date", "pk")
    return (
        Enrolment.objects.filter(course=core_course, role=Enrolment.Role.CORE_TRAINEE)
        .select_related("person", "action_plan")
        .prefetch_related(Prefetch("action_plan__milestones", queryset=milestones))
        .annotate(
            overdue_milestones=Count(
                "action_plan__milestones",
                filter=Q(
                    action_plan__milestones__due_date__lt=today,
                    action_plan__milestones__status__in=Milestone.OPEN_STATUSES,
                ),
            ),
        )
        .order_by("-overdue_milestones", "person__sort_key", "pk")
    )


def people_to_enrol(*, course: Course, user, text: str) -> QuerySet[Person]:
    """Directory people matching a search, who can be enrolled by this user and are not enrolled yet."""
    if not text.strip():
        return Person.objects.none()
    return (
        Person.objects.visible_to(user)
        .search(text)
        .exclude(pk__in=Enrolment.objects.filter(course=course).values("person_id"))
        .select_related("organisation", "province")
        .order_by("sort_key", "pk")
    )
