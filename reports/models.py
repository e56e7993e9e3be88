"""Indicators with their targets and hand-entered values, and the summaries the dashboards read.

An **indicator** names a figure of the programme ("key cadres trained in gender equality") and how it is
obtained: a computation registered in `reports.indicators` over the recorded data, with its parameters
(course kind, programme, gender, stage …), or "manual" for what the system does not record (books printed,
media pieces), entered as `ManualValue` rows with their source. **Targets** are set per period (a quarter
`2026Q3`, a half-year `2026H1`, a year `2026`, or the whole programme: no period) and per administrative
unit (none: national).

`ProvinceQuarterSummary` exists for speed (DESIGN.md §6, see `reports.summaries`).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from directory.models import CURRENT_PROVINCES, AdministrativeUnit
from directory.scoping import scope_to_province
from reports.periods import Period


def validate_period_code(value: str) -> None:
    if value:
        Period.parse(value)


class PeriodMixin(models.Model):
    """A period code (blank: the whole programme) and its first and last day, derived for SQL filters."""

    period = models.CharField(
        _("period"),
        max_length=8,
        blank=True,
        validators=[validate_period_code],
        help_text=_("2026Q3 for a quarter, 2026H1 for a half-year, 2026 for a year; empty: whole programme."),
    )
    period_start = models.DateField(null=True, blank=True, editable=False)
    period_end = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.normalise_period()
        super().save(*args, **kwargs)

    def normalise_period(self) -> None:
        if self.period:
            parsed = Period.parse(self.period)
            self.period, self.period_start, self.period_end = parsed.code, parsed.start, parsed.end
        else:
            self.period, self.period_start, self.period_end = "", None, None

    @property
    def period_label(self) -> str:
        return self.period or str(_("whole programme"))


class Indicator(models.Model):
    class Unit(models.TextChoices):
        PEOPLE = "people", _("people")
        COURSES = "courses", _("courses")
        PERCENT = "percent", _("percent")
        OTHER = "other", _("other")

    class Computation(models.TextChoices):
        COURSES_HELD = "courses_held", _("courses held")
        PEOPLE_TRAINED = "people_trained", _("unique people trained")
        CASCADE_REACH = "cascade_reach", _("people reached by cascade workshops")
        WOMEN_SHARE_AT_STAGE = "women_share_at_stage", _("share of women at a pipeline stage")
        QUOTA_COMPLIANCE = "quota_compliance", _("share of bodies meeting their quota")
        MANUAL = "manual", _("entered by hand")

    code = models.CharField(_("code"), max_length=40, unique=True)
    # Indicators are data, not code strings: gettext cannot translate them, so each carries its English
    # name beside the official Vietnamese one; `display_name` picks the one of the active language.
    name = models.CharField(_("name"), max_length=255, help_text=_("The official (Vietnamese) name."))
    name_en = models.CharField(
        _("name in English"), max_length=255, blank=True, help_text=_("Empty: the official name is shown.")
    )
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices, default=Unit.PEOPLE)
    computation = models.CharField(_("computation"), max_length=32, choices=Computation.choices)
    parameters = models.JSONField(
        _("parameters"),
        default=dict,
        blank=True,
        help_text=_(
            'e.g. {"kind": "class", "programme": "DA8-2022", "gender": "female", "stage": "official", '
            '"metric": "women_official", "term": 3}'
        ),
    )
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position on the dashboard"), default=100)
    is_shown = models.BooleanField(_("shown on the dashboards"), default=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.display_name}"

    @property
    def display_name(self) -> str:
        """The name in the active language: the English one when English is active and it is set."""
        if self.name_en and (get_language() or "").split("-")[0] == "en":
            return self.name_en
        return self.name

    def clean(self) -> None:
        from reports.indicators import check_parameters

        check_parameters(computation=self.computation, parameters=self.parameters)


class Target(PeriodMixin):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicator_targets",
        limit_choices_to=CURRENT_PROVINCES,
        help_text=_("Empty: the national target."),
    )
    value = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    source = models.CharField(
        _("source"), max_length=500, blank=True, help_text=_("Where the target is set.")
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "period", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "unit"],
                name="unique_target_per_period_and_unit",
                violation_error_message=_("This indicator already has a target for that period and unit."),
            ),
            models.UniqueConstraint(
                fields=["indicator", "period"],
                condition=Q(unit__isnull=True),
                name="unique_national_target_per_period",
                violation_error_message=_("This indicator already has a national target for that period."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period_label}: {self.value}"


class ManualValueQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ManualValueQuerySet":
        # National figures (no unit) are public to every user of the app; provincial ones follow scoping.
        from directory.scoping import user_has_national_scope, user_province_id

        if user_has_national_scope(user):
            return self
        return self.filter(unit_id=user_province_id(user)) if user_province_id(user) else self.none()


class ManualValue(PeriodMixin):
    """A figure the system does not record (books printed), entered by hand with its source."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="manual_values"
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicator_values",
        limit_choices_to=CURRENT_PROVINCES,
        help_text=_("Empty: a national figure."),
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    source = models.CharField(_("source"), max_length=500, help_text=_("The document the figure comes from."))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    entered_at = models.DateTimeField(_("entered"), auto_now_add=True)

    objects = ManualValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("value entered by hand")
        verbose_name_plural = _("values entered by hand")
        ordering = ["indicator", "period_start", "pk"]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period_label}: {self.value}"

    def clean(self) -> None:
        if self.indicator_id and self.indicator.computation != Indicator.Computation.MANUAL:
            raise ValidationError(
                {"indicator": _("This indicator is computed from the data: its values cannot be typed.")}
            )
        if not self.period:
            raise ValidationError({"period": _("Enter the period the figure is for.")})


class SummaryQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SummaryQuerySet":
        return scope_to_province(self, user, "province")


class ProvinceQuarterSummary(models.Model):
    """Course and enrolment counts of one province, quarter, course kind and programme (see summaries)."""

    province = models.ForeignKey(
        AdministrativeUnit, null=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    legacy_province = models.ForeignKey(
        AdministrativeUnit,
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The pre-2025 province of the course's unit, when the course was recorded under one.",
    )
    quarter_start = models.DateField()
    kind = models.CharField(max_length=16)
    programme = models.ForeignKey(
        "trainings.Programme", null=True, on_delete=models.CASCADE, related_name="+"
    )
    courses_recorded = models.PositiveIntegerField(default=0)
    courses_held = models.PositiveIntegerField(default=0)
    learners = models.PositiveIntegerField(default=0)
    reached = models.PositiveIntegerField(default=0)
    reached_women = models.PositiveIntegerField(default=0)

    objects = SummaryQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["province", "quarter_start"])]

    def __str__(self) -> str:
        return f"{self.province_id} {self.quarter_start} {self.kind}"


class SummaryState(models.Model):
    """One row: how far the summaries have read the data (the watermarks of `reports.summaries`)."""

    enrolment_max_id = models.BigIntegerField(default=0)
    attendance_max_id = models.BigIntegerField(default=0)
    course_max_id = models.BigIntegerField(default=0)
    course_max_updated = models.DateTimeField(null=True)
    candidacy_max_id = models.BigIntegerField(default=0)
    stage_change_max_id = models.BigIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True)
    # A new random number whenever a figure a dashboard shows may have changed.
    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"summaries refreshed at {self.refreshed_at}"


class DashboardSnapshot(models.Model):
    """The figures of one dashboard (audience and filters) that cannot be added up from quarter rows.

    Unique people, cascade reach and the candidate funnel with its training split, stored as JSON and
    refreshed by a task when the data of their province changes (see `reports.snapshots`).
    """

    key = models.CharField(max_length=200, unique=True)
    # Who reads it: None for national users, else the officers' province (whose rows are all they see).
    audience_province = models.ForeignKey(
        AdministrativeUnit, null=True, on_delete=models.CASCADE, related_name="+"
    )
    # The filters: the province of the dashboard (None: national), period code, programme and course kind.
    province = models.ForeignKey(AdministrativeUnit, null=True, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=8, blank=True)
    programme = models.ForeignKey(
        "trainings.Programme", null=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=16, blank=True)
    figures = models.JSONField(default=dict)
    computed_at = models.DateTimeField()
    stale = models.BooleanField(default=False)
    # Raised by every change that makes the snapshot stale: a refresh that started before it leaves it stale.
    generation = models.PositiveBigIntegerField(default=0)
    refresh_queued_at = models.DateTimeField(null=True)
    read_on = models.DateField(null=True)

    class Meta:
        indexes = [models.Index(fields=["stale", "province"])]

    def __str__(self) -> str:
        return self.key


class ReportRunQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReportRunQuerySet":
        # National reports (no province) are for national roles only: scoping drops them for officers.
        return scope_to_province(self, user, "province")


def _report_file_path(run: "ReportRun", filename: str) -> str:
    # One folder per report and version, never reused: a file, once written, is never replaced.
    scope = run.province.code if run.province_id else "national"
    return f"reports/quarterly/{run.period}/{scope}/{run.pk}-v{run.version}-{run.language}/{filename}"


class ReportRun(models.Model):
    """A quarterly (half-year, yearly) report asked for, generated in the background and kept as issued.

    Its parameters, narrative and document header are frozen when it is asked for; its PDF and Excel files
    are written once, with their SHA-256, and never rewritten. Asking again for the same period, scope and
    language makes the next version, with a new document number.
    """

    class Language(models.TextChoices):
        VIETNAMESE = "vi", _("Vietnamese")
        ENGLISH = "en", _("English")

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting for the worker")
        RUNNING = "running", _("being generated")
        DONE = "done", _("issued")
        FAILED = "failed", _("failed")

    # The texts the administrator writes: the report's narrative, and its document header (Decree 30).
    NARRATIVE_FIELDS = ("results", "difficulties", "recommendations")
    HEADER_FIELDS = (
        "issuer_parent",
        "issuer",
        "issuer_abbreviation",
        "place",
        "signer_title",
        "signer_name",
        "recipients",
    )
    WRITTEN_FIELDS = NARRATIVE_FIELDS + HEADER_FIELDS

    period = models.CharField(_("period"), max_length=8, validators=[validate_period_code])
    province = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=CURRENT_PROVINCES,
        help_text=_("Empty: the national report."),
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    version = models.PositiveIntegerField(_("version"), default=1)

    results = models.TextField(_("results"), blank=True)
    difficulties = models.TextField(_("difficulties"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)

    issuer_parent = models.CharField(_("superior body"), max_length=200, blank=True)
    issuer = models.CharField(_("issuing body"), max_length=200)
    issuer_abbreviation = models.CharField(_("abbreviation of the issuing body"), max_length=30)
    number = models.PositiveIntegerField(_("number"), editable=False)
    number_year = models.PositiveSmallIntegerField(editable=False)
    place = models.CharField(_("place"), max_length=60)
    signer_title = models.CharField(_("title of the signer"), max_length=200)
    signer_name = models.CharField(_("name of the signer"), max_length=200, blank=True)
    recipients = models.TextField(_("recipients"), blank=True, help_text=_("One a line."))

    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("error"), blank=True)

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked for by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("asked for"), auto_now_add=True)
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)

    pdf = models.FileField(_("PDF"), upload_to=_report_file_path, blank=True, max_length=200)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    pdf_pages = models.PositiveSmallIntegerField(_("pages"), null=True, blank=True)
    xlsx = models.FileField(_("Excel file"), upload_to=_report_file_path, blank=True, max_length=200)
    xlsx_sha256 = models.CharField(_("SHA-256 of the Excel file"), max_length=64, blank=True)

    objects = ReportRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("quarterly report")
        verbose_name_plural = _("quarterly reports")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "province", "language", "version"],
                name="unique_report_version_per_province",
            ),
            models.UniqueConstraint(
                fields=["period", "language", "version"],
                condition=Q(province__isnull=True),
                name="unique_national_report_version",
            ),
            models.UniqueConstraint(fields=["number_year", "number"], name="unique_report_number_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.document_number} {self.period} v{self.version}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("reports:quarterly_detail", args=[self.pk])

    @property
    def document_number(self) -> str:
        """ "Số: 12/BC-UBND" without the "Số:" (Decree 30/2020/NĐ-CP, Appendix I: number/kind-issuer)."""
        # A draft (the command line) has no number yet: the space is left blank, as on paper.
        number = self.number if self.number else "\u2003\u2003"
        return f"{number}/BC-{self.issuer_abbreviation}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
