"""The figures of a dashboard that cannot be added up from quarter rows, kept per dashboard and refreshed.

Why: DESIGN.md §6 asks for every dashboard in ≤ 150 ms at national scale. Course and participation counts
add up from `ProvinceQuarterSummary` rows, refreshed synchronously when a province's data changes (cheap:
one GROUP BY over one province). Unique people do not add up (a woman trained in two quarters, two
provinces or two programmes counts once), nor does the candidate funnel's split by training (a look-up in
the enrolments per candidacy); counted over the raw rows they cost about a second at national scale, even
on a narrow pre-joined copy of the enrolments (≈ 150 ms per distinct count on PostgreSQL here); quota
compliance counts every candidacy of the term. So they are computed once per dashboard (audience and
filters) into a `DashboardSnapshot` row and recomputed by a task when the data changes, instead of on
every request.

Refresh, incremental by province:
1. A change in a province (signals and watermarks of `reports.summaries`) marks stale the snapshots of
   that province's dashboards and the national ones; other provinces' snapshots stay as they are. A change
   the summaries do not follow by province (a person, an indicator, a candidacy …) marks every snapshot.
2. Marking enqueues `reports.tasks.refresh_dashboard_snapshots` (django.tasks: the database worker in
   production, at once in the tests), which recomputes the stale snapshots.
3. Meanwhile a dashboard shows the last figures and says so, with the time they were counted
   (`Dashboard.updating`, `Dashboard.people_as_of`); the quarterly report asks for fresh ones (`fresh=True`).
A dashboard never seen before is computed on its first request (about a second at national scale) and
kept. Snapshots not read for `KEEP_DAYS` are deleted rather than refreshed.
"""

import datetime
from decimal import Decimal

from django.db import connection
from django.db.models import Count, F, Q
from django.utils import timezone

from accounts.models import User
from candidates.models import Body, Candidacy, QuotaTarget, Stage
from candidates.selectors import (
    EXIT_STAGES,
    FUNNEL_STAGES,
    Funnel,
    FunnelRow,
    pipeline_funnel,
    with_training,
)
from candidates.services import QuotaCheck, quota_compliance
from directory.models import Person
from directory.scoping import user_has_national_scope, user_province_id
from reports.filters import CURRENT_NAMES, DashboardScope
from reports.indicators import compute, indicator_term, people_among
from reports.models import DashboardSnapshot, Indicator
from reports.periods import Period
from trainings.models import Course, Enrolment
from trainings.selectors import reached_q

CASCADE_LIMIT = 20
KEEP_DAYS = 30
REQUEUE_AFTER = datetime.timedelta(minutes=10)
# Indicators counted over the enrolments (unique people) or the candidacies: kept in the snapshot. Those
# added up from the summaries and the values entered by hand are read on each request.
SLOW_COMPUTATIONS = (
    Indicator.Computation.PEOPLE_TRAINED,
    Indicator.Computation.CASCADE_REACH,
    Indicator.Computation.WOMEN_SHARE_AT_STAGE,
    Indicator.Computation.QUOTA_COMPLIANCE,
)
ALL = "all"


def snapshot_key(*, user, scope: DashboardScope) -> str:
    # What a user may see depends only on her scope: national, or one province.
    audience = "national" if user_has_national_scope(user) else f"province-{user_province_id(user)}"
    parts = (
        scope.period.code if scope.period else "",
        scope.programme.pk if scope.programme else "",
        scope.province.pk if scope.province else "",
        scope.kind,
    )
    return f"{audience}:" + ":".join(map(str, parts))


# --- The counts ------------------------------------------------------------------------------------------


def scope_enrolments(*, user, scope: DashboardScope, kind: str | None = None):
    """The learners' participations (attended or completed) in the courses the dashboard counts."""
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


def people_by_province(enrolments) -> dict[int, int]:
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


def cascade_rows(*, user, scope: DashboardScope) -> list[dict]:
    """The cascades with workshops in scope, by people reached: one query."""
    workshops = Course.objects.visible_to(user).filter(kind=Course.Kind.WORKSHOP, core_course__isnull=False)
    workshops = workshops.exclude(status=Course.Status.CANCELLED)
    if scope.period is not None:
        workshops = workshops.filter(start_date__gte=scope.period.start, start_date__lte=scope.period.end)
    if scope.province is not None:
        workshops = workshops.filter(province=scope.province)
    if scope.programme is not None:
        workshops = workshops.filter(programme=scope.programme)
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
        {
            "core_course_id": row["core_course_id"],
            "title": row["core_course__title"],
            "province_id": row["core_course__province_id"],
            "workshops": row["count"],
            "people": row["people"],
            "target_reach": row["core_course__programme__target_reach"],
        }
        for row in rows
    ]


def _candidate_figures(*, user, scope: DashboardScope) -> tuple[int | None, dict | None, list]:
    """The term, its funnel and its quota checks (body, target, total, count: the counts scan every
    candidacy of the term)."""
    term = indicator_term({}, user)
    if term is None:
        return None, None, []
    candidacies = Candidacy.objects.visible_to(user).filter(term=term)
    if scope.province is not None:
        candidacies = candidacies.filter(province=scope.province)
    funnel = pipeline_funnel(candidacies=with_training(candidacies))
    checks = [
        [check.body.pk, check.target.pk, check.total, check.count]
        for check in quota_compliance(term=term, province=scope.province, user=user)
    ]
    return (
        term.pk,
        {
            "rows": [_funnel_row(row) for row in funnel.rows],
            "exits": [_funnel_row(row) for row in funnel.exits],
            "total": funnel.total,
        },
        checks,
    )


def quota_checks_from_figures(figures: dict) -> list[QuotaCheck]:
    """The stored quota checks, with their bodies and targets read again: two queries (none if empty)."""
    stored = figures.get("quota_checks") or []
    if not stored:
        return []
    bodies = Body.objects.select_related("province", "unit").in_bulk({row[0] for row in stored})
    targets = QuotaTarget.objects.in_bulk({row[1] for row in stored})
    return [
        QuotaCheck(body=bodies[body], target=targets[target], total=total, count=count)
        for body, target, total, count in stored
        if body in bodies and target in targets  # one deleted since: its change marked this snapshot stale
    ]


_FUNNEL_COUNTS = ("reached", "women", "trained", "trained_women", "now", "now_women", "bar")


def _funnel_row(row: FunnelRow) -> dict:
    return {"stage": str(row.stage), **{name: getattr(row, name) for name in _FUNNEL_COUNTS}}


def funnel_from_figures(figures: dict | None) -> Funnel | None:
    """The stored funnel, with its labels in today's language."""
    if figures is None:
        return None
    labels = dict(FUNNEL_STAGES) | {stage: Stage(stage).label for stage in EXIT_STAGES}

    def rows(stored):
        return [
            FunnelRow(stage=row["stage"], label=labels.get(row["stage"], row["stage"]), **_counts(row))
            for row in stored
        ]

    return Funnel(rows=rows(figures["rows"]), exits=rows(figures["exits"]), total=figures["total"])


def _counts(row: dict) -> dict:
    return {name: row[name] for name in _FUNNEL_COUNTS}


def compute_figures(*, user, scope: DashboardScope) -> dict:
    """Every slow figure of one dashboard, as JSON-ready values."""
    enrolments = scope_enrolments(user=user, scope=scope)
    people = people_among(enrolments).aggregate(
        people=Count("pk"), women=Count("pk", filter=Q(gender=Person.Gender.FEMALE))
    )
    by_province = (
        people_by_province(enrolments) if scope.province is None and user_has_national_scope(user) else {}
    )
    indicators = {}
    for indicator in Indicator.objects.filter(is_shown=True, computation__in=SLOW_COMPUTATIONS):
        value = compute(indicator=indicator, period=scope.period, province=scope.province, user=user)
        indicators[str(indicator.pk)] = None if value is None else str(value)
    term_id, funnel, quota_checks = _candidate_figures(user=user, scope=scope)
    return {
        "people": people["people"],
        "women": people["women"],
        "people_by_province": {str(key): value for key, value in by_province.items() if key is not None},
        "indicators": indicators,
        "cascades": cascade_rows(user=user, scope=scope),
        "term_id": term_id,
        "funnel": funnel,
        "quota_checks": quota_checks,
    }


def indicator_value(figures: dict, indicator: Indicator):
    stored = figures.get("indicators", {}).get(str(indicator.pk), ALL)
    if stored is ALL:
        return ALL  # not in the snapshot (an indicator added since): the caller computes it
    return None if stored is None else Decimal(stored) if "." in stored else int(stored)


# --- Reading and refreshing ------------------------------------------------------------------------------


def snapshot_for(*, user, scope: DashboardScope, fresh: bool = False) -> DashboardSnapshot:
    """The snapshot of a dashboard: stored (possibly stale, see `stale`), or computed now if there is none
    or `fresh` is asked and it is stale. One query when it is stored."""
    key = snapshot_key(user=user, scope=scope)
    snapshot = DashboardSnapshot.objects.filter(key=key).first()
    today = timezone.localdate()
    if snapshot is None or (fresh and snapshot.stale):
        snapshot = _store(key=key, user=user, scope=scope)
    elif snapshot.stale:
        _queue_if_forgotten(snapshot)
    if snapshot.read_on != today:
        DashboardSnapshot.objects.filter(pk=snapshot.pk).update(read_on=today)
        snapshot.read_on = today
    return snapshot


def _store(*, key: str, user, scope: DashboardScope) -> DashboardSnapshot:
    generation = DashboardSnapshot.objects.filter(key=key).values_list("generation", flat=True).first()
    figures = compute_figures(user=user, scope=scope)
    snapshot, _created = DashboardSnapshot.objects.update_or_create(
        key=key,
        create_defaults={
            "audience_province_id": None if user_has_national_scope(user) else user_province_id(user),
            "province": scope.province,
            "period": scope.period.code if scope.period else "",
            "programme": scope.programme,
            "kind": scope.kind,
            "figures": figures,
            "computed_at": timezone.now(),
        },
        defaults={"figures": figures, "computed_at": timezone.now()},
    )
    if generation is not None:
        # Fresh unless a change was marked while counting (then its own refresh is queued).
        fresh = DashboardSnapshot.objects.filter(pk=snapshot.pk, generation=generation).update(stale=False)
        snapshot.stale = not fresh
    return snapshot


def _queue_if_forgotten(snapshot: DashboardSnapshot) -> None:
    """A stale snapshot whose refresh was never queued, or long ago (a worker lost it), is queued again."""
    now = timezone.now()
    if snapshot.refresh_queued_at is None or snapshot.refresh_queued_at < now - REQUEUE_AFTER:
        queue_refresh()
        snapshot.refresh_from_db()


def mark_stale(*, provinces=None) -> int:
    """Mark the snapshots of some provinces (ids, and `summaries.NATIONAL` for national courses) and the
    national ones stale, or every snapshot (`provinces` None), and queue their refresh. Returns the rows
    marked."""
    snapshots = DashboardSnapshot.objects.all()
    if provinces is not None:
        ids = {province for province in provinces if isinstance(province, int)}
        snapshots = snapshots.filter(Q(province__isnull=True) | Q(province_id__in=ids))
    marked = snapshots.update(stale=True, generation=F("generation") + 1)
    if marked:
        queue_refresh()
    return marked


def queue_refresh() -> None:
    from reports.tasks import refresh_dashboard_snapshots

    DashboardSnapshot.objects.filter(stale=True).update(refresh_queued_at=timezone.now())
    refresh_dashboard_snapshots.enqueue()


def _reader(snapshot: DashboardSnapshot) -> User:
    """A stand-in for the snapshot's audience: scoping reads only the role and the province."""
    if snapshot.audience_province_id is None:
        return User(role=User.Role.MINISTRY, is_active=True)
    return User(role=User.Role.OFFICER, is_active=True, province_id=snapshot.audience_province_id)


def _scope(snapshot: DashboardSnapshot) -> DashboardScope:
    return DashboardScope(
        period=Period.parse(snapshot.period) if snapshot.period else None,
        programme=snapshot.programme,
        province=snapshot.province,
        kind=snapshot.kind,
        names=CURRENT_NAMES,
    )


def snapshots_refresh(*, only_stale: bool = True) -> int:
    """Recompute the stale snapshots (or all) read in the last `KEEP_DAYS`; delete older ones."""
    cutoff = timezone.localdate() - datetime.timedelta(days=KEEP_DAYS)
    DashboardSnapshot.objects.filter(Q(read_on__lt=cutoff) | Q(read_on__isnull=True), stale=True).delete()
    snapshots = DashboardSnapshot.objects.select_related("province", "programme").order_by("pk")
    if only_stale:
        snapshots = snapshots.filter(stale=True)
    count = 0
    for snapshot in snapshots:
        _store(key=snapshot.key, user=_reader(snapshot), scope=_scope(snapshot))
        count += 1
    return count
