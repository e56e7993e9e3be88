"""Programmes, plans, courses and what happens in them: enrolments, attendance, feedback, action plans.

Scoping (directory.scoping): a course belongs to the current province derived from where it is held (its
administrative unit), else from its organiser; a course with no province is national (central offices,
donor programmes run from Hà Nội for ministries) and only national roles see it. Everything hanging off a
course (sessions, trainers, enrolments, attendance, feedback, action plans) follows the course. A plan
belongs to the province that issued it (none for a ministry's plan). An officer sees a programme when it
is her province's own programme, or when it has a course or a plan in her province: she can read such a
national programme (to see what her course is part of) but only national roles change it.

Cascades: a workshop (kind WORKSHOP) and a wrap-up (kind WRAP_UP) point to the core course they follow
(`Course.core_course`, reverse `follow_ups`) and take its programme; a workshop's leaders are core-trainee
enrolments of that core course (`Course.led_by`, reverse `Enrolment.led_workshops`). The programme's limits
(`max_workshops`, `max_workshop_participants`, `max_wrap_up_invitees`) are enforced by the services with a
message; `target_workshops` and `target_reach` are what the cascade page measures against. Reach counts
learners (trainees, core trainees) whose status is attended or completed: attendance is the evidence.

Sessions are generated (services.course_sync_sessions) from start date, `duration` and `duration_unit`:
one DAY session per day, or MORNING/AFTERNOON half-days in a row (from the afternoon when
`starts_in_afternoon`); the last one must fall on the end date. `Enrolment.status` is computed from the
attendance by `Course.completion_rule` (every session / at least `completion_percent` % / manual), in bulk,
after every save of the attendance grid or of the course; only "withdrawn" (and "completed" under the
manual rule) is typed.

Trainers: `CourseTrainer` is the course's teaching staff, each either a person in the directory or an
external trainer typed by name, with the credentials the documents print ("Dr. Đặng Ngọc Toàn, gender
consultant, ADB"). Enrolment roles trainer/facilitator are for directory people whose attendance (and,
later, certificate) is tracked in that role, e.g. a core trainee facilitating a session.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import CURRENT_PROVINCES, AdministrativeUnit, Organisation, Person
from directory.scoping import scope_to_province, user_has_national_scope
from directory.text import fold


class Audited(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        abstract = True


# --- Programmes and plans -------------------------------------------------------------------------------


class ProgrammeQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ProgrammeQuerySet":
        # A national programme has no province of its own, so scoping by its own field alone would hide
        # it from every officer; she also sees it through her province's courses and plans.
        if user_has_national_scope(user):
            return self.all()
        courses = scope_to_province(Course.objects.all(), user, "province")
        plans = scope_to_province(Plan.objects.all(), user, "province")
        own = scope_to_province(Programme.objects.all(), user, "province")
        return self.filter(
            Q(pk__in=own.values("pk"))
            | Exists(courses.filter(programme=OuterRef("pk")))
            | Exists(plans.filter(programme=OuterRef("pk")))
        )


class Programme(Audited):
    """A training programme (AWIL 2024) with its funder, targets and the limits of its cascade."""

    name = models.CharField(_("name"), max_length=255)
    code = models.CharField(
        _("code"), max_length=40, unique=True, help_text=_("A short unique code, e.g. AWIL-2024.")
    )
    funder = models.ForeignKey(
        Organisation,
        verbose_name=_("funder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funded_programmes",
        help_text=_("Who pays: a donor, a ministry or a People's Committee."),
    )
    implementer = models.ForeignKey(
        Organisation,
        verbose_name=_("implementing organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="implemented_programmes",
    )
    province = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programmes",
        limit_choices_to=CURRENT_PROVINCES,
        help_text=_("Empty for a national programme."),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    funding_source = models.CharField(_("funding source"), max_length=255, blank=True)
    target_reach = models.PositiveIntegerField(
        _("target reach"), null=True, blank=True, help_text=_("People the programme intends to reach.")
    )
    target_workshops = models.PositiveIntegerField(_("planned cascade workshops"), null=True, blank=True)
    max_workshops = models.PositiveIntegerField(
        _("maximum cascade workshops"),
        null=True,
        blank=True,
        help_text=_("No more workshops than this can be recorded."),
    )
    max_workshop_participants = models.PositiveIntegerField(
        _("maximum participants per workshop"), null=True, blank=True
    )
    max_wrap_up_invitees = models.PositiveIntegerField(
        _("maximum workshop participants invited to the wrap-up"), null=True, blank=True
    )
    search_key = models.CharField(max_length=400, editable=False, db_index=True, default="")

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_date", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_key = fold(f"{self.code} {self.name}")[:400]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("trainings:programme_detail", args=[self.pk])

    @property
    def is_donor_funded(self) -> bool:
        """Certificates of donor-funded programmes carry the donor; select_related("funder") first."""
        return self.funder is not None and self.funder.kind == Organisation.Kind.DONOR


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PlanQuerySet":
        return scope_to_province(self, user, "province")


class Plan(Audited):
    """An official plan (Kế hoạch) that groups courses and assigns tasks to organisations."""

    number = models.CharField(_("number"), max_length=60, blank=True, help_text=_("e.g. 123/KH-UBND"))
    title = models.CharField(_("title"), max_length=500)
    issued_on = models.DateField(_("date issued"), null=True, blank=True)
    issuer = models.ForeignKey(
        Organisation,
        verbose_name=_("issuing body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_plans",
    )
    province = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_plans",
        limit_choices_to=CURRENT_PROVINCES,
        help_text=_("Empty for a ministry's or a central office's plan."),
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    basis = models.TextField(_("legal basis"), blank=True, help_text=_("The documents the plan implements."))
    objectives = models.TextField(_("purpose and requirements"), blank=True)
    funding_source = models.TextField(_("funding source"), blank=True)
    search_key = models.CharField(max_length=600, editable=False, db_index=True, default="")

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip() if self.number else self.title

    def save(self, *args, **kwargs):
        self.search_key = fold(f"{self.number} {self.title}")[:600]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("trainings:plan_detail", args=[self.pk])


class AssignmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AssignmentQuerySet":
        return scope_to_province(self, user, "plan__province")

    def overdue(self, today: datetime.date | None = None) -> "AssignmentQuerySet":
        today = today or timezone.localdate()
        return self.filter(due_date__lt=today, status__in=Assignment.OPEN_STATUSES)


class Assignment(Audited):
    """A task a plan gives to an organisation: "provide the list of female candidates"."""

    class Status(models.TextChoices):
        TODO = "todo", _("to do")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    OPEN_STATUSES = (Status.TODO, Status.IN_PROGRESS)

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="assignments"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="assignments"
    )
    partners = models.ManyToManyField(
        Organisation,
        verbose_name=_("working with"),
        blank=True,
        related_name="partner_assignments",
    )
    task = models.TextField(_("task"))
    course = models.ForeignKey(
        "Course",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assignments",
        help_text=_("When the task concerns one course of the plan."),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.TODO)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = [models.F("due_date").asc(nulls_last=True), "id"]

    def __str__(self) -> str:
        return self.task[:80]

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.due_date and self.status in self.OPEN_STATUSES and self.due_date < timezone.localdate()
        )


# --- Courses ---------------------------------------------------------------------------------------------


class CourseQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CourseQuerySet":
        return scope_to_province(self, user, "province")


class Course(Audited):
    class Kind(models.TextChoices):
        CORE = "core", _("core course (training of trainers)")
        WORKSHOP = "workshop", _("cascade workshop")
        CLASS = "class", _("training class")
        WRAP_UP = "wrap_up", _("wrap-up workshop")
        OTHER = "other", _("other")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")
        HYBRID = "hybrid", _("in person and online")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    class DurationUnit(models.TextChoices):
        DAYS = "days", _("days")
        HALF_DAYS = "half_days", _("half-days")

    class CompletionRule(models.TextChoices):
        ALL_SESSIONS = "all", _("attended every session")
        MIN_PERCENT = "percent", _("attended at least a share of the sessions")
        MANUAL = "manual", _("decided by the organiser")

    # Kinds that follow a core course in a cascade.
    FOLLOW_UP_KINDS = (Kind.WORKSHOP, Kind.WRAP_UP)

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="courses",
    )
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), null=True, blank=True, on_delete=models.PROTECT, related_name="courses"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.CLASS)
    component = models.CharField(
        _("component"), max_length=60, blank=True, help_text=_("e.g. Component 2, or Class 3 of the plan.")
    )
    title = models.CharField(_("title"), max_length=500)
    code = models.CharField(
        _("code"),
        max_length=40,
        blank=True,
        default="",
        help_text=_("A short unique code, e.g. AWIL-2024-C1 (used by the attendee import command)."),
    )
    topics = models.TextField(_("topics"), blank=True)
    audience = models.TextField(_("intended audience"), blank=True)
    core_course = models.ForeignKey(
        "self",
        verbose_name=_("core course followed"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        limit_choices_to={"kind": Kind.CORE},
        help_text=_("For a cascade workshop or a wrap-up: the core course it follows."),
    )
    led_by = models.ManyToManyField(
        "Enrolment",
        verbose_name=_("led by core trainees"),
        blank=True,
        related_name="led_workshops",
        help_text=_("Core trainees of the core course who led this workshop."),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    duration = models.PositiveSmallIntegerField(_("duration"), validators=[MinValueValidator(1)])
    duration_unit = models.CharField(
        _("duration counted in"), max_length=16, choices=DurationUnit.choices, default=DurationUnit.DAYS
    )
    starts_in_afternoon = models.BooleanField(
        _("starts in the afternoon"), default=False, help_text=_("For courses counted in half-days.")
    )
    format = models.CharField(_("format"), max_length=16, choices=Format.choices, default=Format.IN_PERSON)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("administrative unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="courses",
        help_text=_("Where the course is held: province, commune or ward."),
    )
    organiser = models.ForeignKey(
        Organisation,
        verbose_name=_("organiser"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organised_courses",
    )
    province = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="province_courses",
        editable=False,
        help_text=_("Derived from the administrative unit or the organiser; empty for a national course."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Most trainees and core trainees the course takes.")
    )
    funding_source = models.CharField(_("funding source"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    completion_rule = models.CharField(
        _("completion rule"),
        max_length=16,
        choices=CompletionRule.choices,
        default=CompletionRule.ALL_SESSIONS,
    )
    completion_percent = models.PositiveSmallIntegerField(
        _("share of sessions needed (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    notes = models.TextField(_("notes"), blank=True)
    search_key = models.CharField(max_length=1000, editable=False, db_index=True, default="")

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["-start_date", "title", "id"]
        indexes = [
            models.Index(fields=["province", "start_date"]),
            models.Index(fields=["programme", "kind"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="course_ends_after_it_starts",
                violation_error_message=_("The end date is before the start date."),
            ),
            # Old courses have no code: unique only when set.
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code=""),
                name="unique_course_code",
                violation_error_message=_("Another course already has this code."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.search_key = fold(f"{self.title} {self.component} {self.venue} {self.topics}")[:1000]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("trainings:course_detail", args=[self.pk])

    @property
    def is_core(self) -> bool:
        return self.kind == self.Kind.CORE

    @property
    def is_workshop(self) -> bool:
        return self.kind == self.Kind.WORKSHOP

    @property
    def duration_in_days(self) -> Decimal:
        if self.duration_unit == self.DurationUnit.HALF_DAYS:
            return Decimal(self.duration) / 2
        return Decimal(self.duration)


class CourseTrainerQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CourseTrainerQuerySet":
        return scope_to_province(self, user, "course__province")


class CourseTrainer(models.Model):
    """One of a course's trainers: a person in the directory, or an external trainer typed by name."""

    class Role(models.TextChoices):
        TRAINER = "trainer", _("trainer")
        LEAD = "lead", _("lead trainer")
        SPEAKER = "speaker", _("guest speaker")
        ASSISTANT = "assistant", _("assistant trainer")

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="trainers"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person in the directory"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trainer_of",
    )
    name = models.CharField(
        _("name"), max_length=150, blank=True, help_text=_("For an external trainer not in the directory.")
    )
    credentials = models.CharField(
        _("credentials"),
        max_length=500,
        blank=True,
        help_text=_("Title, expertise and organisation, as the documents print them."),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.TRAINER)

    objects = CourseTrainerQuerySet.as_manager()

    class Meta:
        verbose_name = _("trainer")
        verbose_name_plural = _("trainers")
        ordering = ["course", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(name=""),
                name="trainer_is_a_person_or_has_a_name",
                violation_error_message=_("Choose a person in the directory or type the trainer's name."),
            ),
            models.UniqueConstraint(
                fields=["course", "person"],
                name="unique_trainer_person_per_course",
                violation_error_message=_("This person is already a trainer of the course."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.person.full_name if self.person_id else self.name


class SessionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SessionQuerySet":
        return scope_to_province(self, user, "course__province")


class Session(models.Model):
    """A day or half-day of a course, generated from its dates and duration; attendance is per session."""

    class Part(models.TextChoices):
        DAY = "day", _("full day")
        MORNING = "morning", _("morning")
        AFTERNOON = "afternoon", _("afternoon")

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="sessions"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    date = models.DateField(_("date"))
    part = models.CharField(_("part of the day"), max_length=16, choices=Part.choices, default=Part.DAY)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["course", "number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "date", "part"], name="unique_session_per_course_slot"),
        ]

    def __str__(self) -> str:
        if self.part == self.Part.DAY:
            return self.date.strftime("%d/%m/%Y")
        return f"{self.date:%d/%m/%Y} {self.get_part_display()}"


# --- Enrolments and what hangs off them ------------------------------------------------------------------


class EnrolmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> "EnrolmentQuerySet":
        return scope_to_province(self, user, "course__province")

    def learners(self) -> "EnrolmentQuerySet":
        return self.filter(role__in=Enrolment.LEARNER_ROLES)


class Enrolment(Audited):
    class Role(models.TextChoices):
        TRAINEE = "trainee", _("trainee")
        CORE_TRAINEE = "core_trainee", _("core trainee")
        TRAINER = "trainer", _("trainer")
        FACILITATOR = "facilitator", _("facilitator")
        OBSERVER = "observer", _("observer")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered")
        ATTENDED = "attended", _("attended")
        COMPLETED = "completed", _("completed")
        WITHDRAWN = "withdrawn", _("withdrawn")

    # Learners fill a course's capacity, count towards its reach and can complete it.
    LEARNER_ROLES = (Role.TRAINEE, Role.CORE_TRAINEE)

    # No index of their own: (course, person) is the unique constraint's index and (person, course) the
    # one below, and each serves lookups by its first column. Two fewer indexes to update for every
    # enrolment an import writes.
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="enrolments", db_index=False
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="enrolments", db_index=False
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.TRAINEE)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.REGISTERED)
    alumna_of = models.CharField(
        _("alumna of"),
        max_length=120,
        blank=True,
        help_text=_("An earlier programme she took part in, e.g. WILJ."),
    )
    nominated_by = models.ForeignKey(
        Organisation,
        verbose_name=_("nominating organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    invited_from = models.ForeignKey(
        "self",
        verbose_name=_("invited from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
        help_text=_("For a wrap-up: her enrolment in the workshop she was picked from."),
    )
    pre_test_score = models.DecimalField(
        _("pre-test score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    post_test_score = models.DecimalField(
        _("post-test score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        # No default ordering: it would slip into DISTINCT and GROUP BY of the reach counts. Lists order
        # explicitly (by the person's sort key, the official list order).
        constraints = [
            models.UniqueConstraint(
                fields=["course", "person"],
                name="unique_enrolment_per_course",
                violation_error_message=_("This person is already enrolled in the course."),
            ),
            models.UniqueConstraint(
                fields=["certificate_number"],
                condition=~Q(certificate_number=""),
                name="unique_certificate_number",
            ),
        ]
        indexes = [models.Index(fields=["person", "course"])]

    def __str__(self) -> str:
        return f"{self.person} – {self.course}"

    @property
    def is_learner(self) -> bool:
        return self.role in self.LEARNER_ROLES


class AttendanceQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AttendanceQuerySet":
        return scope_to_province(self, user, "session__course__province")


class Attendance(models.Model):
    """Whether one enrolled person was present at one session; absent rows are kept, unlike blanks."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendances"
    )
    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="attendances"
    )
    present = models.BooleanField(_("present"), default=False)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="unique_attendance_per_session"),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} @ {self.session}"


RATING_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class FeedbackQuerySet(models.QuerySet):
    def visible_to(self, user) -> "FeedbackQuerySet":
        return scope_to_province(self, user, "enrolment__course__province")


class Feedback(models.Model):
    """A participant's ratings (1 poor – 5 excellent) and comments on a course."""

    enrolment = models.OneToOneField(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="feedback"
    )
    overall = models.PositiveSmallIntegerField(_("overall"), validators=RATING_VALIDATORS)
    content = models.PositiveSmallIntegerField(
        _("content"), null=True, blank=True, validators=RATING_VALIDATORS
    )
    trainers = models.PositiveSmallIntegerField(
        _("trainers"), null=True, blank=True, validators=RATING_VALIDATORS
    )
    logistics = models.PositiveSmallIntegerField(
        _("organisation and logistics"), null=True, blank=True, validators=RATING_VALIDATORS
    )
    usefulness = models.PositiveSmallIntegerField(
        _("usefulness for her work"), null=True, blank=True, validators=RATING_VALIDATORS
    )
    comments = models.TextField(_("comments"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), auto_now=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self) -> str:
        return str(self.enrolment)


class ActionPlanQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ActionPlanQuerySet":
        return scope_to_province(self, user, "enrolment__course__province")


class ActionPlan(Audited):
    """A core trainee's personal action plan: how she will apply and pass on what she learnt."""

    enrolment = models.OneToOneField(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="action_plan"
    )
    short_term_goals = models.TextField(_("short-term goals"), blank=True)
    long_term_goals = models.TextField(_("long-term goals"), blank=True)
    strategies = models.TextField(_("strategies"), blank=True)
    follow_up_notes = models.TextField(_("follow-up notes"), blank=True)

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self) -> str:
        return str(self.enrolment.person)

    def get_absolute_url(self) -> str:
        return reverse("trainings:action_plan", args=[self.enrolment_id])


class MilestoneQuerySet(models.QuerySet):
    def visible_to(self, user) -> "MilestoneQuerySet":
        return scope_to_province(self, user, "action_plan__enrolment__course__province")

    def overdue(self, today: datetime.date | None = None) -> "MilestoneQuerySet":
        today = today or timezone.localdate()
        return self.filter(due_date__lt=today, status__in=Milestone.OPEN_STATUSES)


class Milestone(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

    OPEN_STATUSES = (Status.PLANNED, Status.IN_PROGRESS)

    action_plan = models.ForeignKey(
        ActionPlan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("milestone"), max_length=255)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    notes = models.TextField(_("notes"), blank=True)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = [models.F("due_date").asc(nulls_last=True), "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.due_date and self.status in self.OPEN_STATUSES and self.due_date < timezone.localdate()
        )


# --- Attendee imports (trainings.imports) --------------------------------------------------------------


class ImportBatchQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ImportBatchQuerySet":
        return scope_to_province(self, user, "course__province")


def _import_upload_to(batch: "ImportBatch", filename: str) -> str:
    return f"imports/course-{batch.course_id}/{timezone.now():%Y%m%d-%H%M%S}-{filename}"


class ImportBatch(models.Model):
    """One attendee list uploaded to a course: the file as sent, the mapping used, what the commit did.

    The file is kept so that the preview can be recomputed (never trusted from the page) and the error
    report rebuilt. `counts` holds the outcomes (new, matched, updated, already_enrolled, skipped, errors);
    `problems` the rows with problems at the last preview or at the commit, each message rendered in every
    language of the site (`{"row": 12, "problems": [{"column": "D", "messages": {"vi": …, "en": …}}]}`);
    `skipped_rows` the error rows a commit left out at the officer's request, in the same shape.
    """

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("previewed")
        COMMITTED = "committed", _("imported")
        FAILED = "failed", _("refused")
        DISCARDED = "discarded", _("discarded")

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="import_batches"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    file = models.FileField(_("file"), upload_to=_import_upload_to, max_length=300, blank=True)
    original_filename = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PREVIEWED)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    skipped_rows = models.JSONField(_("skipped error rows"), default=list, blank=True)
    error = models.JSONField(_("why the file was refused"), default=dict, blank=True)
    committed_at = models.DateTimeField(_("imported"), null=True, blank=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendee import")
        verbose_name_plural = _("attendee imports")
        ordering = ["-uploaded_at", "-pk"]
        indexes = [models.Index(fields=["course", "uploaded_at"])]

    def __str__(self) -> str:
        return f"{self.original_filename} – {self.course}"

    def get_absolute_url(self) -> str:
        return reverse("trainings:import_preview", args=[self.course_id, self.pk])
