"""Course and enrolment counts per province, quarter, course kind and programme, kept for the dashboards.

Why: DESIGN.md §6 asks for every dashboard in ≤ 150 ms with a fixed number of queries at national scale
(4,000 courses, 250,000 enrolments, 500,000 attendance rows). Counting enrolments by province and quarter
over the raw tables takes hundreds of milliseconds on every request; the same counts read from this table
(a few thousand rows) take a few. Figures that cannot be added up from quarter rows (unique people: one
woman trained in two quarters counts once) are kept per dashboard in `reports.snapshots`: every refresh
here marks the snapshots of the same provinces (and the national ones) stale and queues their refresh.

Staleness: a summary row is rebuilt, one province at a time, from one GROUP BY query. Three ways lead there:
1. Signals (`reports.signals`): saving or deleting a course, an enrolment or an attendance row marks its
   province, and the marked provinces are refreshed once when the transaction commits.
2. Watermarks, checked on every dashboard read with one query: bulk writes (the attendee import, the
   attendance grid, `seed_scale`) send no signals, but they create rows with new ids or touch a course's
   `updated_at`. When the highest ids or the latest course update differ from those recorded at the last
   refresh, the provinces of the new rows are found and refreshed before the page is drawn.
3. `manage.py refresh_summaries` rebuilds everything (after bulk loads; `seed_scale` calls it).
A status change written with `QuerySet.update()` and not followed by any of the above (none in the app
today: statuses follow the attendance grid, whose rows are new) waits for the next of them.
"""

import secrets

from django.db import transaction
from django.db.models import Case, Count, F, Q, Subquery, When
from django.db.models.functions import TruncQuarter
from django.utils import timezone

from candidates.models import Candidacy, StageChange
from directory.models import AdministrativeUnit, Person
from reports.models import ProvinceQuarterSummary, SummaryState
from trainings.models import Attendance, Course, Enrolment
from trainings.selectors import active_learner_q, reached_q

NATIONAL = "national"  # the key of courses without a province in a set of provinces to refresh

_LEGACY = AdministrativeUnit.Catalogue.LEGACY
_PROVINCE_KINDS = AdministrativeUnit.PROVINCE_KINDS


def _legacy_province_expression() -> Case:
    """The pre-2025 province of a course's unit, when the unit is of the legacy catalogue.

    Legacy units hang under their province through at most two levels (commune → district → province).
    """
    return Case(
        When(Q(unit__catalogue=_LEGACY, unit__kind__in=_PROVINCE_KINDS), then=F("unit_id")),
        When(Q(unit__catalogue=_LEGACY, unit__parent__kind__in=_PROVINCE_KINDS), then=F("unit__parent_id")),
        When(
            Q(unit__catalogue=_LEGACY, unit__parent__parent__kind__in=_PROVINCE_KINDS),
            then=F("unit__parent__parent_id"),
        ),
        default=None,
    )


def _province_q(provinces) -> Q:
    ids = {province for province in provinces if province != NATIONAL}
    condition = Q(province_id__in=ids)
    if NATIONAL in provinces:
        condition |= Q(province__isnull=True)
    return condition


def summaries_refresh(*, provinces=None) -> int:
    """Rebuild the summary rows of some provinces (ids, or NATIONAL for national courses), or of all.

    Returns the number of rows written.
    """
    courses = Course.objects.all()
    rows = ProvinceQuarterSummary.objects.all()
    if provinces is not None:
        provinces = set(provinces)
        if not provinces:
            return 0
        courses = courses.filter(_province_q(provinces))
        rows = rows.filter(_province_q(provinces))
    # Read before counting: a write made meanwhile is then seen as new at the next check.
    marks = _watermarks_query() if provinces is None else None
    live = ~Q(status=Course.Status.CANCELLED)
    grouped = (
        courses.annotate(quarter=TruncQuarter("start_date"), legacy=_legacy_province_expression())
        .values("province_id", "legacy", "quarter", "kind", "programme_id")
        .annotate(
            courses_recorded=Count("pk", filter=live, distinct=True),
            courses_held=Count("pk", filter=Q(status=Course.Status.HELD), distinct=True),
            learners=Count("enrolments", filter=live & active_learner_q("enrolments__")),
            reached=Count("enrolments", filter=live & reached_q("enrolments__")),
            reached_women=Count(
                "enrolments",
                filter=live & reached_q("enrolments__") & Q(enrolments__person__gender=Person.Gender.FEMALE),
            ),
        )
        .order_by()
    )
    summaries = [
        ProvinceQuarterSummary(
            province_id=group["province_id"],
            legacy_province_id=group["legacy"],
            quarter_start=group["quarter"],
            kind=group["kind"],
            programme_id=group["programme_id"],
            courses_recorded=group["courses_recorded"],
            courses_held=group["courses_held"],
            learners=group["learners"],
            reached=group["reached"],
            reached_women=group["reached_women"],
        )
        for group in grouped
    ]
    with transaction.atomic():
        state = _locked_state()
        rows.delete()
        ProvinceQuarterSummary.objects.bulk_create(summaries, batch_size=2000)
        state.version = new_version()
        if marks is not None:
            _record_watermarks(state, marks)
        else:
            state.save(update_fields=["version"])
    _snapshots_stale(provinces)
    return len(summaries)


def _snapshots_stale(provinces=None) -> None:
    """The unique-people counts of the provinces' dashboards (and the national ones) are now old too."""
    from reports.snapshots import mark_stale

    mark_stale(provinces=provinces)


def _locked_state() -> SummaryState:
    # Refreshes queue behind this lock, so that two of them never delete and insert the same rows at once.
    state = SummaryState.objects.select_for_update().filter(pk=1).first()
    if state is None:
        state, _created = SummaryState.objects.get_or_create(pk=1)
    return state


WATERMARKS = (
    "enrolment_max_id",
    "attendance_max_id",
    "course_max_id",
    "course_max_updated",
    "candidacy_max_id",
    "stage_change_max_id",
)
TRAINING_WATERMARKS = WATERMARKS[:4]


def _watermarks_query() -> dict:
    """The three watermarks in one query (a subquery each, every one an index-only look-up)."""
    first = Course.objects.order_by().values("pk")[:1]
    row = (
        Course.objects.filter(pk__in=Subquery(first))
        .annotate(
            enrolment_max_id=Subquery(Enrolment.objects.order_by("-pk").values("pk")[:1]),
            attendance_max_id=Subquery(Attendance.objects.order_by("-pk").values("pk")[:1]),
            course_max_id=Subquery(Course.objects.order_by("-pk").values("pk")[:1]),
            course_max_updated=Subquery(Course.objects.order_by("-updated_at").values("updated_at")[:1]),
            candidacy_max_id=Subquery(Candidacy.objects.order_by("-pk").values("pk")[:1]),
            stage_change_max_id=Subquery(StageChange.objects.order_by("-pk").values("pk")[:1]),
        )
        .values(*WATERMARKS)
        .first()
    )
    # No course at all: nothing to summarise, and the other tables follow the courses closely enough.
    return row or dict.fromkeys(WATERMARKS)


def _record_watermarks(state: SummaryState, marks: dict) -> None:
    for key in WATERMARKS:
        setattr(state, key, marks[key] if key == "course_max_updated" else marks[key] or 0)
    state.refreshed_at = timezone.now()
    state.save()


def _same(state: SummaryState, marks: dict, keys) -> bool:
    return all(
        getattr(state, key) == (marks[key] if key == "course_max_updated" else marks[key] or 0)
        for key in keys
    )


def summaries_ensure_fresh() -> int:
    """Refresh what writes without signals changed (two queries when nothing did); returns the data version.

    The version changes whenever a figure a dashboard shows may have changed.
    """
    marks = _watermarks_query()
    state = SummaryState.objects.filter(pk=1).first()
    if state is None:
        summaries_refresh()
        return SummaryState.objects.get(pk=1).version
    if _same(state, marks, WATERMARKS):
        return state.version
    if not _same(state, marks, WATERMARKS[len(TRAINING_WATERMARKS) :]):
        _snapshots_stale()  # new candidacies or stage changes: every dashboard's funnel
    if not _same(state, marks, TRAINING_WATERMARKS):
        changed = Course.objects.filter(
            Q(pk__gt=state.course_max_id)
            | (Q(updated_at__gt=state.course_max_updated) if state.course_max_updated else Q(pk__gt=0))
            | Q(pk__in=Enrolment.objects.filter(pk__gt=state.enrolment_max_id).values("course_id"))
            | Q(pk__in=Attendance.objects.filter(pk__gt=state.attendance_max_id).values("session__course_id"))
        )
        provinces = {
            province or NATIONAL for province in changed.values_list("province_id", flat=True).distinct()
        }
        summaries_refresh(provinces=provinces)
    with transaction.atomic():
        state = _locked_state()
        state.version = new_version()
        _record_watermarks(state, marks)
    return state.version


def data_changed() -> None:
    """Something the dashboards show but the summaries do not hold changed: a new version on commit."""
    transaction.on_commit(_bump_version)


def _bump_version() -> None:
    SummaryState.objects.filter(pk=1).update(version=new_version())
    _snapshots_stale()


def new_version() -> int:
    """A random version rather than a counter: a rolled-back transaction (or a test) that reused a counter's
    value would find the dashboards cached for other data under it."""
    return secrets.randbits(62)


# --- Refresh on commit (signals) ---------------------------------------------------------------------------


def mark_stale(province_id: int | None = None, *, course_id: int | None = None) -> None:
    """Refresh a province's summaries (or a course's, found at commit) once the transaction commits."""
    connection = transaction.get_connection()
    pending = getattr(connection, "_reports_stale", None)
    if pending is None:
        pending = connection._reports_stale = {"provinces": set(), "courses": set()}
    if course_id is not None:
        pending["courses"].add(course_id)
    else:
        pending["provinces"].add(province_id or NATIONAL)
    # Added before registering: outside a transaction, on_commit runs the refresh at once. Every mark
    # registers a callback (a rolled-back transaction discards its callbacks but not this set); the first
    # to run empties the set, and the others find nothing to do.
    transaction.on_commit(_flush)


def _flush() -> None:
    connection = transaction.get_connection()
    pending = getattr(connection, "_reports_stale", None) or {"provinces": set(), "courses": set()}
    connection._reports_stale = None
    if not (pending["provinces"] or pending["courses"]):
        return
    provinces = set(pending["provinces"])
    if pending["courses"]:
        # One query for every enrolment saved in the transaction, however many.
        provinces |= {
            province or NATIONAL
            for province in Course.objects.filter(pk__in=pending["courses"])
            .values_list("province_id", flat=True)
            .distinct()
        }
    summaries_refresh(provinces=provinces)
