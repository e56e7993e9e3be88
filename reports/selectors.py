"""The national and provincial dashboards: every figure aggregated in the database, a fixed set of queries.

Course and enrolment counts come from the summaries (`reports.summaries`); unique people, cascade reach,
the candidate funnel and quota compliance are counted directly, each in one or two queries. Every read
goes through `visible_to(user)`.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, Count, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from candidates.models import Candidacy, Term
from candidates.selectors import Funnel, pipeline_funnel
from candidates.services import QuotaCheck, quota_compliance
from directory.models import AdministrativeUnit, Person
from directory.scoping import user_has_national_scope, user_province_id
from reports.filters import HISTORICAL_NAMES, DashboardScope
from reports.indicators import compute, indicator_term, people_among
from reports.models import Indicator, Target
from reports.periods import Period
from reports.summaries import summaries_ensure_fresh
from trainings.models import Course, Enrolment
from trainings.selectors import reached_q

RANKING_LIMIT = 100
CASCADE_LIMIT = 20


@dataclass
class Figure:
    label: str
    value: int | Decimal | None
    url: str = ""
    testid: str = ""


@dataclass
class IndicatorRow:
    indicator: Indicator
    value: Decimal | int | None
    target: Target | None

    @property
    def percent_of_target(self) -> int | None:
        if self.target is None or self.value is None or not self.target.value:
            return None
        return int((Decimal(self.value) * 100 / self.target.value).quantize(Decimal("1"), ROUND_HALF_UP))


@dataclass
class QuarterRow:
    quarter: str
    courses_held: int
    reached: int
    reached_women: int


@dataclass
class RankingRow:
    province_id: int | None
    name: str
    historical: bool
    courses_held: int
    reached: int
    reached_women: int
    people: int | None
    url: str


@dataclass
class CascadeRow:
    core_course_id: int
    title: str
    workshops: int
    people: int
    target_reach: int | None
    url: str


@dataclass
class Dashboard:
    scope: DashboardScope
    figures: list[Figure]
    indicators: list[IndicatorRow]
    trend: list[QuarterRow]
    ranking: list[RankingRow]
    cascades: list[CascadeRow]
    term: Term | None
    funnel: Funnel | None
    quota_checks: list[QuotaCheck] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)

    @property
    def quotas_met(self) -> int:
        return sum(1 for check in self.quota_checks if check.status == QuotaCheck.MET)

    @property
    def quotas_short(self) -> list[QuotaCheck]:
        return [check for check in self.quota_checks if check.status == QuotaCheck.SHORT]


def _query(**params) -> str:
    clean = {key: value for key, value in params.items() if value not in (None, "", False)}
    return urlencode(clean)


def course_list_url(scope: DashboardScope, **extra) -> str:
    """The course list with the dashboard's filters, in the parameters CourseFilter reads."""
    period = scope.period
    params = {
        "programme": scope.programme.pk if scope.programme else None,
        "kind": scope.kind,
        "province": scope.province.pk if scope.province else None,
        "starts_after": period.start.isoformat() if period else None,
        "starts_before": period.end.isoformat() if period else None,
        **extra,
    }
    return f"{reverse('trainings:course_list')}?{_query(**params)}"


def _summary_rows(summaries, scope: DashboardScope):
    return summaries.filter(province=scope.province) if scope.province is not None else summaries


def _enrolments(*, user, scope: DashboardScope, kind: str | None = None):
    condition = reached_q() & ~Q(course__status=Course.Status.CANCELLED)
    if scope.period is not None:
        condition &= Q(course__start_date__gte=scope.period.start, course__start_date__lte=scope.period.end)
    if scope.province is not None:
        condition &= Q(course__province=scope.province)
    if scope.programme is not None:
        condition &= Q(course__programme=scope.programme)
    if kind or scope.kind:
        condition &= Q(course__kind=kind or scope.kind)
    return Enrolment.objects.visible_to(user).filter(condition)


def dashboard_indicators(*, user, scope: DashboardScope) -> list[IndicatorRow]:
    """Every shown indicator with its value and target: two queries plus one per indicator."""
    indicators = list(Indicator.objects.filter(is_shown=True).order_by("position", "code"))
    period_code = scope.period.code if scope.period else ""
    targets = Target.objects.filter(
        indicator__in=indicators, period__in={period_code, ""}, unit=scope.province
    ).order_by("-period")
    # The target of the period asked for, else the whole programme's.
    chosen: dict[int, Target] = {}
    for target in targets:
        chosen.setdefault(target.indicator_id, target)
    return [
        IndicatorRow(
            indicator=indicator,
            value=compute(indicator=indicator, period=scope.period, province=scope.province, user=user),
            target=chosen.get(indicator.pk),
        )
        for indicator in indicators
    ]


CACHE_SECONDS = 6 * 3600


def _cache_key(*, user, scope: DashboardScope, with_ranking: bool, version: int) -> str:
    # What a user may see depends only on her scope: national, or one province.
    audience = "national" if user_has_national_scope(user) else f"province-{user_province_id(user)}"
    parts = (
        scope.period.code if scope.period else "",
        scope.programme.pk if scope.programme else "",
        scope.province.pk if scope.province else "",
        scope.kind,
        scope.names,
        int(with_ranking),
    )
    return f"reports:dashboard:v{version}:{get_language()}:{audience}:" + ":".join(map(str, parts))


def dashboard(*, user, summaries, scope: DashboardScope, with_ranking: bool) -> Dashboard:
    """Everything a dashboard shows; `summaries` is the filtered summary queryset (DashboardFilter.qs).

    A dashboard is kept in the cache under the data version (`summaries_ensure_fresh`): any write that can
    change a figure gives a new version, so a cached dashboard is never out of date, and a dashboard is
    computed once per version, filter and audience rather than on every request (DESIGN.md §6).
    """
    version = summaries_ensure_fresh()
    key = _cache_key(user=user, scope=scope, with_ranking=with_ranking, version=version)
    board = cache.get(key)
    if board is None:
        board = _compute(user=user, summaries=summaries, scope=scope, with_ranking=with_ranking)
        cache.set(key, board, CACHE_SECONDS)
    return board


def _compute(*, user, summaries, scope: DashboardScope, with_ranking: bool) -> Dashboard:
    summaries = _summary_rows(summaries, scope)

    totals = summaries.aggregate(
        courses_held=Coalesce(Sum("courses_held"), 0),
        courses_recorded=Coalesce(Sum("courses_recorded"), 0),
        learners=Coalesce(Sum("learners"), 0),
        reached=Coalesce(Sum("reached"), 0),
    )
    people = people_among(_enrolments(user=user, scope=scope)).aggregate(
        people=Count("pk"), women=Count("pk", filter=Q(gender=Person.Gender.FEMALE))
    )
    figures = [
        Figure(
            _("Courses held"), totals["courses_held"], course_list_url(scope, status="held"), "courses-held"
        ),
        Figure(_("Courses recorded"), totals["courses_recorded"], course_list_url(scope), "courses-recorded"),
        Figure(_("Enrolled learners"), totals["learners"], course_list_url(scope), "learners"),
        Figure(_("Participations (attended)"), totals["reached"], course_list_url(scope), "reached"),
        Figure(_("People trained"), people["people"], course_list_url(scope), "people"),
        Figure(_("Women trained"), people["women"], course_list_url(scope), "women"),
    ]

    trend = [
        QuarterRow(
            quarter=Period.containing(row["quarter_start"]).code,
            courses_held=row["held"],
            reached=row["reached_total"],
            reached_women=row["women"],
        )
        for row in summaries.values("quarter_start")
        .annotate(held=Sum("courses_held"), reached_total=Sum("reached"), women=Sum("reached_women"))
        .order_by("quarter_start")
    ]

    ranking = _ranking(user=user, summaries=summaries, scope=scope) if with_ranking else []
    cascades = _cascades(user=user, scope=scope)

    term = indicator_term({}, user)
    funnel = None
    checks: list[QuotaCheck] = []
    if term is not None:
        candidacies = Candidacy.objects.visible_to(user).filter(term=term)
        if scope.province is not None:
            candidacies = candidacies.filter(province=scope.province)
        # The dashboard shows reached and women per stage, not training: `trained` is left out, sparing
        # the per-candidacy look-up in the enrolments (0.5 s at national scale).
        funnel = pipeline_funnel(candidacies=candidacies.annotate(trained=Value(False, BooleanField())))
        checks = quota_compliance(term=term, province=scope.province, user=user)

    candidate_params = _query(
        term=term.pk if term else None, province=scope.province.pk if scope.province else None
    )
    return Dashboard(
        scope=scope,
        figures=figures,
        indicators=dashboard_indicators(user=user, scope=scope),
        trend=trend,
        ranking=ranking,
        cascades=cascades,
        term=term,
        funnel=funnel,
        quota_checks=checks,
        links={
            "candidates": f"{reverse('candidates:candidacy_list')}?{candidate_params}",
            "pipeline": f"{reverse('candidates:pipeline')}?{candidate_params}",
            "quotas": f"{reverse('candidates:quota_table')}?{candidate_params}",
            "workshops": course_list_url(scope, kind=Course.Kind.WORKSHOP),
            "courses": course_list_url(scope),
        },
    )


def _ranking(*, user, summaries, scope: DashboardScope) -> list[RankingRow]:
    """Provinces by people trained: two queries (summaries by province, unique people by province).

    Under historical names, the rows of courses recorded under a pre-2025 province are shown under it,
    and the unique people are those of the current province the old one is part of.
    """
    historical = scope.names == HISTORICAL_NAMES
    key = Coalesce("legacy_province_id", "province_id") if historical else F("province_id")
    grouped = list(
        summaries.annotate(unit_key=key)
        .values("unit_key")
        .annotate(
            held=Sum("courses_held"),
            reached_total=Sum("reached"),
            women=Sum("reached_women"),
        )
        .order_by()
    )
    people = _people_by_province(_enrolments(user=user, scope=scope))
    unit_ids = [row["unit_key"] for row in grouped if row["unit_key"]]
    units = {unit.pk: unit for unit in AdministrativeUnit.objects.filter(pk__in=unit_ids)}
    rows = []
    for row in grouped:
        unit = units.get(row["unit_key"])
        if unit is None:
            continue  # national courses: they have no province to rank
        is_legacy = unit.catalogue == AdministrativeUnit.Catalogue.LEGACY
        current_id = unit.successor_id if is_legacy else unit.pk
        rows.append(
            RankingRow(
                province_id=current_id,
                name=str(unit) if is_legacy else unit.short_name,
                historical=is_legacy,
                courses_held=row["held"] or 0,
                reached=row["reached_total"] or 0,
                reached_women=row["women"] or 0,
                people=None if is_legacy else people.get(unit.pk, 0),
                url=reverse("reports:province", args=[current_id]) if current_id else "",
            )
        )
    rows.sort(key=lambda row: (-(row.people or 0), -row.reached, row.name))
    return rows[:RANKING_LIMIT]


def _people_by_province(enrolments) -> dict[int, int]:
    """Unique people per province, counted over the distinct (province, person) pairs.

    `SELECT province, COUNT(*) FROM (SELECT DISTINCT province, person …) GROUP BY province` lets PostgreSQL
    hash the pairs; the ORM's COUNT(DISTINCT person) … GROUP BY province sorts them, several times slower.
    """
    pairs = (
        enrolments.annotate(pair_province=F("course__province_id"), pair_person=F("person_id"))
        .values("pair_province", "pair_person")
        .distinct()
        .order_by()
    )
    sql, params = pairs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT pairs.pair_province, COUNT(*) FROM ({sql}) pairs GROUP BY pairs.pair_province", params
        )
        return dict(cursor.fetchall())


def _cascades(*, user, scope: DashboardScope) -> list[CascadeRow]:
    """The cascades with workshops in scope, by people reached: one query."""
    workshops = Course.objects.visible_to(user).filter(kind=Course.Kind.WORKSHOP, core_course__isnull=False)
    workshops = workshops.exclude(status=Course.Status.CANCELLED)
    if scope.period is not None:
        workshops = workshops.filter(start_date__gte=scope.period.start, start_date__lte=scope.period.end)
    if scope.province is not None:
        workshops = workshops.filter(province=scope.province)
    if scope.programme is not None:
        workshops = workshops.filter(programme=scope.programme)
    national = user_has_national_scope(user)
    rows = (
        workshops.values(
            "core_course_id",
            "core_course__title",
            "core_course__province_id",
            "core_course__programme__target_reach",
        )
        .annotate(
            count=Count("pk", distinct=True),
            people=Count("enrolments__person", filter=reached_q("enrolments__"), distinct=True),
        )
        .order_by("-people", "core_course_id")[:CASCADE_LIMIT]
    )
    return [
        CascadeRow(
            core_course_id=row["core_course_id"],
            title=row["core_course__title"],
            workshops=row["count"],
            people=row["people"],
            target_reach=row["core_course__programme__target_reach"],
            # An officer cannot open a national core course: her workshops are the list behind the figure.
            url=reverse("trainings:cascade", args=[row["core_course_id"]])
            if national or row["core_course__province_id"] == user_province_id(user)
            else course_list_url(scope, kind=Course.Kind.WORKSHOP),
        )
        for row in rows
    ]
