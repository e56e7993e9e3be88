"""The national and provincial dashboards: every figure aggregated in the database, a fixed set of queries.

Course and participation counts come from the summaries (`reports.summaries`), refreshed when a province's
data changes; unique people, people-counting indicators, women's shares, cascade reach, the candidate
funnel and quota compliance from the dashboard's snapshot (`reports.snapshots`), recomputed by a task when
the data changes; targets and values entered by hand are read on each request. Every read goes through
`visible_to(user)`.
"""

import datetime
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.db.models import F, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from candidates.models import Term
from candidates.selectors import Funnel
from candidates.services import QuotaCheck
from directory.models import AdministrativeUnit
from directory.scoping import user_has_national_scope, user_province_id
from reports.filters import HISTORICAL_NAMES, DashboardFilter, DashboardScope
from reports.indicators import compute, manual_values
from reports.models import Indicator, ProvinceQuarterSummary, Target
from reports.periods import Period
from reports.snapshots import (
    ALL,
    funnel_from_figures,
    indicator_value,
    quota_checks_from_figures,
    snapshot_for,
)
from reports.summaries import summaries_ensure_fresh
from trainings.models import Course, Programme

Computation = Indicator.Computation

RANKING_LIMIT = 100


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
    url: str = ""  # the list behind the value; none for a value entered by hand (its source says where)
    sources: list[str] = field(default_factory=list)  # of the values entered by hand that are added up

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
    url: str = ""


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
    # True while the unique people, cascades and funnel shown are those counted at `people_as_of`, before
    # the latest change, and their refresh is under way (reports.snapshots).
    updating: bool = False
    people_as_of: datetime.datetime | None = None

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


def dashboard_indicators(
    *, user, scope: DashboardScope, figures: dict | None = None, term: Term | None = None
) -> list[IndicatorRow]:
    """Every shown indicator with its value, target and list: five queries, plus one per indicator counted
    from the summaries (cheap) or missing from the snapshot's `figures` (added since it was counted)."""
    indicators = list(Indicator.objects.filter(is_shown=True).order_by("position", "code"))
    period_code = scope.period.code if scope.period else ""
    targets = Target.objects.filter(
        indicator__in=indicators, period__in={period_code, ""}, unit=scope.province
    ).order_by("-period")
    # The target of the period asked for, else the whole programme's.
    chosen: dict[int, Target] = {}
    for target in targets:
        chosen.setdefault(target.indicator_id, target)
    # Values entered by hand: their sums in one query, their sources in another.
    entered = manual_values(user=user, period=scope.period, province=scope.province).filter(
        indicator__in=[i for i in indicators if i.computation == Computation.MANUAL]
    )
    manual = dict(
        entered.values("indicator").annotate(total=Sum("value")).values_list("indicator", "total").order_by()
    )
    sources: dict[int, list[str]] = {}
    for indicator_id, source in entered.values_list("indicator", "source").distinct().order_by("source"):
        sources.setdefault(indicator_id, []).append(source)
    codes = {i.parameters.get("programme") for i in indicators if i.parameters.get("programme")}
    programmes = dict(Programme.objects.filter(code__in=codes).values_list("code", "pk")) if codes else {}
    rows = []
    for indicator in indicators:
        if indicator.computation == Computation.MANUAL:
            value = manual.get(indicator.pk)
        else:
            value = indicator_value(figures or {}, indicator)
        if value is ALL:
            value = compute(indicator=indicator, period=scope.period, province=scope.province, user=user)
        rows.append(
            IndicatorRow(
                indicator=indicator,
                value=value,
                target=chosen.get(indicator.pk),
                url=_indicator_url(indicator, scope=scope, programmes=programmes, term=term),
                sources=sources.get(indicator.pk, []),
            )
        )
    return rows


def _indicator_url(indicator: Indicator, *, scope: DashboardScope, programmes: dict, term) -> str:
    """The list behind an indicator's value, with the indicator's own parameters where the list reads them."""
    parameters = indicator.parameters
    # An indicator reads the dashboard's period and province, not its programme and kind.
    base = DashboardScope(period=scope.period, programme=None, province=scope.province, kind="", names="")
    courses = {
        "programme": programmes.get(parameters.get("programme")),
        "kind": parameters.get("kind"),
    }
    if indicator.computation == Computation.COURSES_HELD:
        status = None if parameters.get("status") == "recorded" else "held"
        return course_list_url(base, status=status, **courses)
    if indicator.computation == Computation.PEOPLE_TRAINED:
        return course_list_url(base, **courses)
    if indicator.computation == Computation.CASCADE_REACH:
        return course_list_url(base, programme=courses["programme"], kind=Course.Kind.WORKSHOP)
    params = _query(
        term=parameters.get("term") or (term.pk if term else None),
        province=scope.province.pk if scope.province else None,
    )
    if indicator.computation == Computation.WOMEN_SHARE_AT_STAGE:
        stage = parameters.get("stage") or "official"
        return f"{reverse('candidates:candidacy_list')}?{params}&reached={stage}"
    if indicator.computation == Computation.QUOTA_COMPLIANCE:
        return f"{reverse('candidates:quota_table')}?{params}"
    return ""


def filtered_dashboard(
    *, user, data, province: AdministrativeUnit | None, fresh: bool = False
) -> tuple[DashboardFilter, Dashboard]:
    """The dashboard of `province` (None: the national one) under the filters of `data` (a page's query,
    or {"period": …} for a report), as its page, its Excel export and the quarterly report build it.

    Filters that cannot be read are named on the returned filter's form and left out: every figure is
    then the unfiltered one. `fresh` as for dashboard().
    """
    filterset = DashboardFilter(
        data, queryset=ProvinceQuarterSummary.objects.visible_to(user), user=user, province=province
    )
    summaries = filterset.qs if filterset.is_valid() else filterset.queryset
    board = dashboard(
        user=user, summaries=summaries, scope=filterset.scope(), with_ranking=province is None, fresh=fresh
    )
    return filterset, board


def dashboard(
    *, user, summaries, scope: DashboardScope, with_ranking: bool, fresh: bool = False
) -> Dashboard:
    """Everything a dashboard shows; `summaries` is the filtered summary queryset (DashboardFilter.qs).

    A fixed number of queries whatever the size of the data (DESIGN.md §6). While the snapshot of unique
    people and the funnel is being refreshed after a change, it shows the previous figures with
    `updating` set and the time they were counted; `fresh=True` (a report to be issued) counts them now.
    """
    summaries_ensure_fresh()
    snapshot = snapshot_for(user=user, scope=scope, fresh=fresh)
    figures = snapshot.figures
    summaries = _summary_rows(summaries, scope)

    totals = summaries.aggregate(
        courses_held=Coalesce(Sum("courses_held"), 0),
        courses_recorded=Coalesce(Sum("courses_recorded"), 0),
        learners=Coalesce(Sum("learners"), 0),
        reached=Coalesce(Sum("reached"), 0),
    )
    board_figures = [
        Figure(
            _("Courses held"), totals["courses_held"], course_list_url(scope, status="held"), "courses-held"
        ),
        Figure(_("Courses recorded"), totals["courses_recorded"], course_list_url(scope), "courses-recorded"),
        Figure(_("Enrolled learners"), totals["learners"], course_list_url(scope), "learners"),
        Figure(_("Participations (attended)"), totals["reached"], course_list_url(scope), "reached"),
        Figure(_("People trained"), figures["people"], course_list_url(scope), "people"),
        Figure(_("Women trained"), figures["women"], course_list_url(scope), "women"),
    ]

    trend = []
    for row in (
        summaries.values("quarter_start")
        .annotate(held=Sum("courses_held"), reached_total=Sum("reached"), women=Sum("reached_women"))
        .order_by("quarter_start")
    ):
        quarter = Period.containing(row["quarter_start"])
        trend.append(
            QuarterRow(
                quarter=quarter.code,
                courses_held=row["held"],
                reached=row["reached_total"],
                reached_women=row["women"],
                url=course_list_url(replace(scope, period=quarter)),
            )
        )

    ranking = _ranking(summaries=summaries, scope=scope, figures=figures) if with_ranking else []
    cascades = _cascades(user=user, scope=scope, figures=figures)

    term = Term.objects.filter(pk=figures["term_id"]).first() if figures.get("term_id") else None
    funnel = None
    checks: list[QuotaCheck] = []
    if term is not None:
        funnel = funnel_from_figures(figures.get("funnel"))
        checks = quota_checks_from_figures(figures)

    candidate_params = _query(
        term=term.pk if term else None, province=scope.province.pk if scope.province else None
    )
    return Dashboard(
        scope=scope,
        figures=board_figures,
        indicators=dashboard_indicators(user=user, scope=scope, figures=figures, term=term),
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
        updating=snapshot.stale,
        people_as_of=snapshot.computed_at,
    )


def _ranking(*, summaries, scope: DashboardScope, figures: dict) -> list[RankingRow]:
    """Provinces by people trained: two queries (summaries by province, units); people from the snapshot.

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
    people = figures.get("people_by_province", {})
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
                people=None if is_legacy else people.get(str(unit.pk), 0),
                url=reverse("reports:province", args=[current_id]) if current_id else "",
            )
        )
    rows.sort(key=lambda row: (-(row.people or 0), -row.reached, row.name))
    return rows[:RANKING_LIMIT]


def _cascades(*, user, scope: DashboardScope, figures: dict) -> list[CascadeRow]:
    """The cascades with workshops in scope, by people reached (from the snapshot)."""
    national = user_has_national_scope(user)
    return [
        CascadeRow(
            core_course_id=row["core_course_id"],
            title=row["title"],
            workshops=row["workshops"],
            people=row["people"],
            target_reach=row["target_reach"],
            # An officer cannot open a national core course: her workshops are the list behind the figure.
            url=reverse("trainings:cascade", args=[row["core_course_id"]])
            if national or row["province_id"] == user_province_id(user)
            else course_list_url(scope, kind=Course.Kind.WORKSHOP),
        )
        for row in figures.get("cascades", [])
    ]
