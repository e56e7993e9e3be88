"""The computations an indicator can name, each `compute(*, indicator, period, province=None, user)`.

Every computation reads through the models' `visible_to(user)` and aggregates in the database (one query,
two for the quota share). `period` is a `reports.periods.Period`, or None for the whole programme;
`province` a current province, or None for the national figure. Parameters (Indicator.parameters):

- courses_held: `kind` (Course.Kind), `programme` (programme code), `status` ("held", default, or
  "recorded": every course not cancelled). Read from the summaries.
- people_trained: unique learners who attended or completed a course that started in the period, with
  `gender`, `minority` (true), `ethnic_group` (name), `leadership_level`, `kind`, `programme`.
- cascade_reach: unique people reached by cascade workshops (kind workshop with a core course),
  `programme`.
- women_share_at_stage: percent of women among the candidacies of a term that reached `stage`
  (default: official), `term` (id; default the latest term with candidacies).
- quota_compliance: percent of the bodies with candidates that meet their quota target of `metric`
  (default women_official), `term` as above.
- manual: the sum of the values entered by hand for periods within the period asked (a province's own
  values for a province; every value for the national figure).
"""

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from candidates.models import Candidacy, QuotaTarget, Stage, Term, stage_step
from candidates.services import quota_compliance
from directory.models import AdministrativeUnit, Person
from reports.models import Indicator, ManualValue, ProvinceQuarterSummary
from reports.periods import Period
from trainings.models import Course, Enrolment
from trainings.selectors import reached_q

Computation = Indicator.Computation
REGISTRY: dict[str, Callable[..., Decimal | int | None]] = {}

KNOWN_PARAMETERS = {
    Computation.COURSES_HELD: {"kind", "programme", "status"},
    Computation.PEOPLE_TRAINED: {
        "gender",
        "minority",
        "ethnic_group",
        "leadership_level",
        "kind",
        "programme",
    },
    Computation.CASCADE_REACH: {"programme"},
    Computation.WOMEN_SHARE_AT_STAGE: {"stage", "term"},
    Computation.QUOTA_COMPLIANCE: {"metric", "term"},
    Computation.MANUAL: set(),
}


def register(name: str):
    def decorator(function):
        REGISTRY[name] = function
        return function

    return decorator


def check_parameters(*, computation: str, parameters: dict) -> None:
    """Refuse parameters a computation does not read, so that a typo does not silently count everything."""
    if not isinstance(parameters, dict):
        raise ValidationError({"parameters": _("Write the parameters as a JSON object.")})
    unknown = set(parameters) - KNOWN_PARAMETERS.get(computation, set())
    if unknown:
        raise ValidationError(
            {
                "parameters": _("Not read by this computation: %(names)s.")
                % {"names": ", ".join(sorted(unknown))}
            }
        )
    if "kind" in parameters and parameters["kind"] not in Course.Kind.values:
        raise ValidationError({"parameters": _("Unknown course kind: %(kind)s.") % parameters})
    if "stage" in parameters and parameters["stage"] not in Stage.values:
        raise ValidationError({"parameters": _("Unknown stage: %(stage)s.") % parameters})
    if "metric" in parameters and parameters["metric"] not in QuotaTarget.Metric.values:
        raise ValidationError({"parameters": _("Unknown quota metric: %(metric)s.") % parameters})


def compute(
    *, indicator: Indicator, period: Period | None, province: AdministrativeUnit | None = None, user
) -> Decimal | int | None:
    return REGISTRY[indicator.computation](indicator=indicator, period=period, province=province, user=user)


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- Training ------------------------------------------------------------------------------------------


def _course_filters(parameters: dict, period: Period | None, province, prefix: str = "course__") -> Q:
    condition = ~Q(**{f"{prefix}status": Course.Status.CANCELLED})
    if period is not None:
        condition &= Q(**{f"{prefix}start_date__gte": period.start, f"{prefix}start_date__lte": period.end})
    if province is not None:
        condition &= Q(**{f"{prefix}province": province})
    if parameters.get("kind"):
        condition &= Q(**{f"{prefix}kind": parameters["kind"]})
    if parameters.get("programme"):
        condition &= Q(**{f"{prefix}programme__code": parameters["programme"]})
    return condition


@register(Computation.COURSES_HELD)
def courses_held(*, indicator, period, province=None, user) -> int:
    parameters = indicator.parameters
    rows = ProvinceQuarterSummary.objects.visible_to(user)
    if period is not None:
        rows = rows.filter(quarter_start__gte=period.start, quarter_start__lte=period.end)
    if province is not None:
        rows = rows.filter(province=province)
    if parameters.get("kind"):
        rows = rows.filter(kind=parameters["kind"])
    if parameters.get("programme"):
        rows = rows.filter(programme__code=parameters["programme"])
    field = "courses_recorded" if parameters.get("status") == "recorded" else "courses_held"
    return rows.aggregate(total=Sum(field))["total"] or 0


def people_trained_q(parameters: dict) -> Q:
    """Conditions on the person (a Person query)."""
    condition = Q()
    if parameters.get("gender"):
        condition &= Q(gender=parameters["gender"])
    if parameters.get("minority"):
        condition &= Q(ethnic_group__is_minority=True)
    if parameters.get("ethnic_group"):
        condition &= Q(ethnic_group__name=parameters["ethnic_group"])
    if parameters.get("leadership_level"):
        condition &= Q(leadership_level=parameters["leadership_level"])
    return condition


def people_among(enrolments) -> QuerySet[Person]:
    """The people of some enrolments, each once.

    Written as `person IN (enrolments)` rather than COUNT(DISTINCT person): PostgreSQL answers the first
    with a hashed semi-join, several times faster than the sort COUNT(DISTINCT) needs over 200,000 rows.
    """
    return Person.objects.filter(pk__in=enrolments.values("person_id"))


@register(Computation.PEOPLE_TRAINED)
def people_trained(*, indicator, period, province=None, user) -> int:
    parameters = indicator.parameters
    enrolments = Enrolment.objects.visible_to(user).filter(
        reached_q(), _course_filters(parameters, period, province)
    )
    return people_among(enrolments).filter(people_trained_q(parameters)).count()


@register(Computation.CASCADE_REACH)
def cascade_reach(*, indicator, period, province=None, user) -> int:
    parameters = {**indicator.parameters, "kind": Course.Kind.WORKSHOP}
    enrolments = Enrolment.objects.visible_to(user).filter(
        reached_q(), _course_filters(parameters, period, province), course__core_course__isnull=False
    )
    return people_among(enrolments).count()


# --- Candidates ----------------------------------------------------------------------------------------


def indicator_term(parameters: dict, user) -> Term | None:
    if parameters.get("term"):
        return Term.objects.filter(pk=parameters["term"]).first()
    used = Exists(Candidacy.objects.visible_to(user).filter(term=OuterRef("pk")))
    return Term.objects.filter(used).order_by("-start_year", "kind").first()


@register(Computation.WOMEN_SHARE_AT_STAGE)
def women_share_at_stage(*, indicator, period, province=None, user) -> Decimal | None:
    parameters = indicator.parameters
    term = indicator_term(parameters, user)
    if term is None:
        return None
    candidacies = Candidacy.objects.visible_to(user).filter(
        term=term, funnel_position__gte=stage_step(parameters.get("stage") or Stage.OFFICIAL)
    )
    if province is not None:
        candidacies = candidacies.filter(province=province)
    counts = candidacies.aggregate(
        total=Count("pk"), women=Count("pk", filter=Q(person__gender=Person.Gender.FEMALE))
    )
    return percent(counts["women"], counts["total"])


@register(Computation.QUOTA_COMPLIANCE)
def quota_share_met(*, indicator, period, province=None, user) -> Decimal | None:
    parameters = indicator.parameters
    term = indicator_term(parameters, user)
    if term is None:
        return None
    metric = parameters.get("metric") or QuotaTarget.Metric.WOMEN_OFFICIAL
    checks = [
        check
        for check in quota_compliance(term=term, province=province, user=user)
        if check.target.metric == metric and check.status != check.EMPTY
    ]
    return percent(sum(1 for check in checks if check.status == check.MET), len(checks))


# --- Entered by hand -----------------------------------------------------------------------------------


def manual_values(*, user, period: Period | None, province=None):
    values = ManualValue.objects.visible_to(user)
    if period is not None:
        values = values.filter(period_start__gte=period.start, period_end__lte=period.end)
    if province is not None:
        values = values.filter(unit=province)
    return values


@register(Computation.MANUAL)
def manual(*, indicator, period, province=None, user) -> Decimal | None:
    values = manual_values(user=user, period=period, province=province).filter(indicator=indicator)
    return values.aggregate(total=Sum("value"))["total"]
