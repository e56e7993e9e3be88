"""Terms, bodies and posts, candidacies with their stage history, and quota targets.

A **candidacy** is one person standing for one body (or post) in one term; men are recorded too, since
every quota is a share. It moves through the stages of `Stage`; each move is a `StageChange` row that is
never changed or deleted afterwards (the rules are in `candidates.services`).

Scoping (directory.scoping): a candidacy belongs to the current (post-2025) province of its body's unit,
so that the bodies of abolished districts and merged provinces roll up into their successor; a national
body (the National Assembly) has no unit, and its candidacies belong to the province the person is
recorded in, where she stands. A body belongs to the province of its unit, national bodies to none.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from directory.models import CURRENT_PROVINCES, AdministrativeUnit, Organisation, Person
from directory.scoping import scope_to_province, user_has_national_scope, user_province_id
from directory.text import fold, normalize_text

# --- Stages ----------------------------------------------------------------------------------------------


class Stage(models.TextChoices):
    POOL = "pool", _("candidate pool")
    PLANNING = "planning", _("in cadre planning")
    TRAINED = "trained", _("trained")
    ROUND_1 = "round_1", _("consultation round 1")
    ROUND_2 = "round_2", _("consultation round 2")
    ROUND_3 = "round_3", _("consultation round 3")
    OFFICIAL = "official", _("official candidate")
    ELECTED = "elected", _("elected")
    APPOINTED = "appointed", _("appointed")
    NOT_ELECTED = "not_elected", _("not elected")
    WITHDRAWN = "withdrawn", _("withdrawn")


# The road every candidacy follows, in order; an outcome comes one step after the official candidacy.
SEQUENCE: tuple[str, ...] = (
    Stage.POOL,
    Stage.PLANNING,
    Stage.TRAINED,
    Stage.ROUND_1,
    Stage.ROUND_2,
    Stage.ROUND_3,
    Stage.OFFICIAL,
)
OUTCOMES: tuple[str, ...] = (Stage.ELECTED, Stage.APPOINTED, Stage.NOT_ELECTED)
SUCCESSES: tuple[str, ...] = (Stage.ELECTED, Stage.APPOINTED)
# A candidacy at a final stage is closed: only an administrator can reopen it, to correct a mistake.
FINAL_STAGES: tuple[str, ...] = (*OUTCOMES, Stage.WITHDRAWN)
OUTCOME_STEP = len(SEQUENCE)


def stage_step(stage: str) -> int | None:
    """The position of a stage on the road (0 for the pool … 7 for an outcome); None for a withdrawal."""
    if stage in SEQUENCE:
        return SEQUENCE.index(stage)
    if stage in OUTCOMES:
        return OUTCOME_STEP
    return None


def funnel_position(stage: str, previous: int = 0) -> int:
    """How far along the funnel a candidacy at `stage` counts (see `Candidacy.funnel_position`).

    Elected and appointed reach the last row; not elected stops at the official candidacy it reached;
    a withdrawal keeps the position the candidacy was withdrawn from.
    """
    if stage in SUCCESSES:
        return OUTCOME_STEP
    if stage == Stage.NOT_ELECTED:
        return SEQUENCE.index(Stage.OFFICIAL)
    if stage == Stage.WITHDRAWN:
        return previous
    return SEQUENCE.index(stage)


# --- Terms and bodies ------------------------------------------------------------------------------------


class Term(models.Model):
    """An electoral or congress term: National Assembly XVI 2026–2031, People's Councils 2026–2031 …"""

    class Kind(models.TextChoices):
        NATIONAL_ASSEMBLY = "national_assembly", _("National Assembly")
        PEOPLES_COUNCILS = "peoples_councils", _("People's Councils")
        PARTY = "party", _("Party congresses")

    name = models.CharField(_("name"), max_length=120, help_text=_("e.g. People's Councils 2026–2031"))
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    election_date = models.DateField(
        _("election or congress date"), null=True, blank=True, help_text=_("The polling day, if known.")
    )

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["-start_year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "start_year"], name="unique_term_per_kind_and_year"),
            models.CheckConstraint(
                condition=Q(end_year__gt=models.F("start_year")),
                name="term_ends_after_it_starts",
                violation_error_message=_("The last year must be after the first year."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def body_kinds(self) -> tuple[str, ...]:
        """The kinds of body whose candidacies belong to a term of this kind.

        Key leadership posts of People's Committees and agencies are filled for the local government's
        term, which is the People's Councils' term.
        """
        return {
            self.Kind.NATIONAL_ASSEMBLY: (Body.Kind.NATIONAL_ASSEMBLY,),
            self.Kind.PEOPLES_COUNCILS: (Body.Kind.PEOPLES_COUNCIL, Body.Kind.LEADERSHIP_POST),
            self.Kind.PARTY: (Body.Kind.PARTY_COMMITTEE, Body.Kind.PARTY_STANDING_COMMITTEE),
        }[self.kind]

    @property
    def starts_on(self) -> datetime.date:
        return self.election_date or datetime.date(self.start_year, 1, 1)


class BodyQuerySet(models.QuerySet):
    def visible_to(self, user) -> "BodyQuerySet":
        # National bodies (the National Assembly) have no province: every user sees them, and an officer
        # sees her own province's candidacies for them.
        if user_has_national_scope(user):
            return self.all()
        province_id = user_province_id(user)
        if province_id is None:
            return self.none()
        return self.filter(Q(province_id=province_id) | Q(province__isnull=True))

    def open_in(self, term: Term) -> "BodyQuerySet":
        """Bodies that can take candidacies for the term: of its kind, and not abolished before it began."""
        return self.filter(kind__in=term.body_kinds).filter(
            Q(abolished_on__isnull=True) | Q(abolished_on__gt=term.starts_on)
        )


class Body(models.Model):
    """A body people are elected or appointed to, or a key leadership post, at one level and unit."""

    class Kind(models.TextChoices):
        PARTY_COMMITTEE = "party_committee", _("Party committee")
        PARTY_STANDING_COMMITTEE = "party_standing_committee", _("standing committee of a Party committee")
        NATIONAL_ASSEMBLY = "national_assembly", _("National Assembly")
        PEOPLES_COUNCIL = "peoples_council", _("People's Council")
        LEADERSHIP_POST = "leadership_post", _("key leadership post")

    class Level(models.TextChoices):
        NATIONAL = "national", _("national")
        PROVINCE = "province", _("provincial")
        DISTRICT = "district", _("district (abolished 2025)")
        COMMUNE = "commune", _("commune")

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("administrative unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bodies",
        help_text=_("Empty for a national body. A body of a unit abolished in 2025 keeps its old unit."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("People's Committee or agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bodies",
        help_text=_("For a leadership post: the People's Committee or agency it leads."),
    )
    seats = models.PositiveIntegerField(
        _("seats"), null=True, blank=True, help_text=_("Members to be elected, or posts to be filled.")
    )
    abolished_on = models.DateField(
        _("abolished on"),
        null=True,
        blank=True,
        help_text=_("For a body whose unit no longer exists (the districts, 1 July 2025): kept for history."),
    )
    province = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="province_bodies",
        editable=False,
        limit_choices_to=CURRENT_PROVINCES,
        help_text=_("The current province of the unit; empty for a national body."),
    )
    search_key = models.CharField(max_length=255, editable=False, db_index=True, default="")

    objects = BodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("body or post")
        verbose_name_plural = _("bodies and posts")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "unit"],
                name="unique_body_name_per_unit",
                violation_error_message=_("This unit already has a body or post of that name."),
            ),
        ]
        indexes = [models.Index(fields=["province", "kind", "level"])]

    def __str__(self) -> str:
        if self.abolished_on:
            return _("%(name)s (abolished %(year)s)") % {"name": self.name, "year": self.abolished_on.year}
        return self.name

    def save(self, *args, **kwargs):
        self.name = normalize_text(self.name)
        self.search_key = fold(self.name)[:255]
        self.province = self.unit.current_province if self.unit_id else None
        super().save(*args, **kwargs)

    @property
    def is_abolished(self) -> bool:
        return self.abolished_on is not None


# --- Candidacies -----------------------------------------------------------------------------------------


class CandidacyQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CandidacyQuerySet":
        return scope_to_province(self, user, "province")


class Candidacy(models.Model):
    """One person standing for one body or post in one term, at one stage of the pipeline."""

    Stage = Stage

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="candidacies"
    )
    body = models.ForeignKey(
        Body, verbose_name=_("body or post"), on_delete=models.PROTECT, related_name="candidacies"
    )
    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="candidacies"
    )
    nominated_by = models.ForeignKey(
        Organisation,
        verbose_name=_("nominating organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominated_candidacies",
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.POOL)
    stage_since = models.DateField(_("at this stage since"), editable=False)
    funnel_position = models.PositiveSmallIntegerField(
        _("funnel position"),
        default=0,
        editable=False,
        help_text=_("The last stage on the road this candidacy counts as having reached."),
    )
    province = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidacies",
        editable=False,
        limit_choices_to=CURRENT_PROVINCES,
    )
    notes = models.TextField(_("notes"), blank=True)
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

    objects = CandidacyQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidacy")
        verbose_name_plural = _("candidacies")
        # No default ordering: it would join the person into every count. Lists order explicitly.
        constraints = [
            models.UniqueConstraint(
                fields=["person", "body", "term"],
                name="unique_candidacy_per_body_and_term",
                violation_error_message=_("This person is already a candidate for this body in this term."),
            ),
        ]
        indexes = [
            models.Index(fields=["term", "province", "stage"]),
            models.Index(fields=["term", "body"]),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.body} ({self.term})"

    def get_absolute_url(self) -> str:
        return reverse("candidates:candidacy_detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.stage in FINAL_STAGES

    @property
    def next_stage(self) -> str | None:
        """The one-step move forward, when there is exactly one (the official candidacy has three)."""
        step = stage_step(self.stage)
        if step is None or step >= len(SEQUENCE) - 1:
            return None
        return SEQUENCE[step + 1]

    @classmethod
    def resolve_province(cls, *, body: Body, person: Person) -> AdministrativeUnit | None:
        """The current province a candidacy counts for: its body's; for a national body, the person's."""
        if body.unit_id:
            return body.province
        return person.province


# --- Stage history ---------------------------------------------------------------------------------------


class HistoryIsAppendOnly(Exception):
    """Stage changes are never changed or deleted: a correction is a new stage change."""


class StageChangeQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise HistoryIsAppendOnly("Stage changes cannot be updated.")

    def delete(self):
        raise HistoryIsAppendOnly("Stage changes cannot be deleted.")


class StageChange(models.Model):
    """One dated move of a candidacy from one stage to another: who, when, why. Append-only."""

    class Move(models.TextChoices):
        ENTRY = "entry", _("recorded")
        FORWARD = "forward", _("next stage")
        SKIP = "skip", _("skipped stages")
        BACK = "back", _("moved back")
        EXIT = "exit", _("withdrawn")
        REOPEN = "reopen", _("reopened (correction)")

    # Moves that break the order of the road and so must say why.
    IRREGULAR_MOVES = (Move.SKIP, Move.BACK, Move.REOPEN)

    candidacy = models.ForeignKey(
        Candidacy, verbose_name=_("candidacy"), on_delete=models.PROTECT, related_name="stage_changes"
    )
    from_stage = models.CharField(_("from stage"), max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to stage"), max_length=16, choices=Stage.choices)
    move = models.CharField(_("move"), max_length=16, choices=Move.choices)
    on_date = models.DateField(_("date"))
    reason = models.TextField(_("reason"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = StageChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["on_date", "id"]
        indexes = [models.Index(fields=["candidacy", "on_date"])]

    def __str__(self) -> str:
        origin = self.get_from_stage_display() or "–"
        return f"{origin} → {self.get_to_stage_display()} ({self.on_date:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise HistoryIsAppendOnly("Stage changes cannot be updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise HistoryIsAppendOnly("Stage changes cannot be deleted.")

    @property
    def is_irregular(self) -> bool:
        return self.move in self.IRREGULAR_MOVES


# --- Quota targets ---------------------------------------------------------------------------------------


class QuotaTarget(models.Model):
    """A legal minimum share (≥ 35% women among official candidates …), kept as data with its source.

    A target applies to the bodies of its kind (and level, when set) for the terms that begin within its
    valid period (and only its term, when set). When several targets of one metric apply to a body, the
    most specific wins: one naming the term, then one naming the level, then the most recent.
    """

    class Metric(models.TextChoices):
        WOMEN_OFFICIAL = "women_official", _("share of women among official candidates")
        MINORITY_OFFICIAL = "minority_official", _("share of ethnic minorities among official candidates")
        WOMEN_PLANNING = "women_planning", _("share of women in cadre planning")
        WOMEN_MEMBERS = "women_members", _("share of women among members")

    body_kind = models.CharField(_("kind of body"), max_length=32, choices=Body.Kind.choices)
    level = models.CharField(
        _("level"), max_length=16, choices=Body.Level.choices, blank=True, help_text=_("Empty: every level.")
    )
    term = models.ForeignKey(
        Term,
        verbose_name=_("term"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="quota_targets",
        help_text=_("Empty: every term that begins within the valid period."),
    )
    metric = models.CharField(_("metric"), max_length=24, choices=Metric.choices)
    threshold = models.DecimalField(
        _("minimum share (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("99.99"))],
    )
    legal_source = models.CharField(
        _("legal source"), max_length=255, help_text=_("The document and article that set the target.")
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("quota target")
        verbose_name_plural = _("quota targets")
        ordering = ["body_kind", "level", "metric", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(threshold__gt=0) & Q(threshold__lt=100),
                name="quota_threshold_between_0_and_100",
                violation_error_message=_("The minimum share must be above 0%% and below 100%%."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="quota_valid_period_in_order",
                violation_error_message=_("The end of the valid period is before its start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_body_kind_display()}: {self.get_metric_display()} ≥ {self.threshold:g}%"

    def applies_to(self, *, body: Body, term: Term) -> bool:
        if self.body_kind != body.kind or (self.level and self.level != body.level):
            return False
        return self.applies_to_term(term)

    def applies_to_term(self, term: Term) -> bool:
        if self.term_id is not None:
            return self.term_id == term.pk
        if self.valid_from and term.start_year < self.valid_from.year:
            return False
        return not (self.valid_until and term.start_year > self.valid_until.year)

    @property
    def specificity(self) -> tuple:
        return (self.term_id is not None, bool(self.level), self.valid_from or datetime.date.min)


# --- Candidate list imports (candidates.importing) -------------------------------------------------------


class CandidateImportQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CandidateImportQuerySet":
        # A national list (no province) is seen by national roles only.
        return scope_to_province(self, user, "province")


def _candidate_import_upload_to(batch: "CandidateImport", filename: str) -> str:
    return f"imports/candidates/term-{batch.term_id}/{batch.sha256[:12]}-{filename}"


class CandidateImport(models.Model):
    """One candidate list uploaded for a term: the file as sent, the column mapping, what the commit did.

    The file is kept: the preview and the commit re-read it, never trusting rows sent back by the page.
    `province` is the uploading officer's province, or for national users the default body's province
    (none for a national list). `counts` holds the outcomes of the last preview or of the commit;
    `skipped_rows` the error rows a commit left out at the user's request
    (`{"row": 12, "messages": ["…"]}`).
    """

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("previewed")
        COMMITTED = "committed", _("imported")
        DISCARDED = "discarded", _("discarded")

    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="candidate_imports"
    )
    body = models.ForeignKey(
        Body,
        verbose_name=_("default body or post"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidate_imports",
        help_text=_("For the rows that do not name a body or post."),
    )
    province = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidate_imports",
        limit_choices_to=CURRENT_PROVINCES,
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
    file = models.FileField(_("file"), upload_to=_candidate_import_upload_to, max_length=300)
    filename = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PREVIEWED)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    skipped_rows = models.JSONField(_("skipped error rows"), default=list, blank=True)
    committed_at = models.DateTimeField(_("imported"), null=True, blank=True)

    objects = CandidateImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidate list import")
        verbose_name_plural = _("candidate list imports")
        ordering = ["-uploaded_at", "-pk"]
        indexes = [models.Index(fields=["province", "uploaded_at"])]

    def __str__(self) -> str:
        return f"{self.filename} – {self.term}"

    def get_absolute_url(self) -> str:
        return reverse("candidates:import_preview", args=[self.pk])

    @property
    def candidacy_count(self) -> int | None:
        """The candidacies imported, or for a list not imported yet those its last preview would add."""
        if self.status == self.Status.COMMITTED:
            return self.counts.get("created", 0)
        if not self.counts:
            return None
        return self.counts.get("new_person", 0) + self.counts.get("existing_person", 0)

    @property
    def error_count(self) -> int | None:
        return self.counts.get("error") if self.counts else None
