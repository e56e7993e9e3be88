"""Reads of candidacies: lists, the pipeline funnel and the histories, each a fixed number of queries.

Every selector starts from `Candidacy.objects.visible_to(user)`, and every count is computed in the
database.

**Trained.** A candidacy counts as trained when its person attended or completed a course as a learner
(trainee or core trainee; status "attended" or "completed"), in any programme or in the programme asked
for, that started on or before the date the candidacy reached its current stage. Training after that date
did not help her get there. This is the fact from the training records; the pipeline stage "trained" is
what an officer recorded, and the two are kept apart. The training is a fact about the person, so courses
of any province count, and her training history lists them all.

**Funnel.** A candidacy counts as having reached every stage on the road up to its funnel position
(`Candidacy.funnel_position`): one at round 2 has reached the pool, planning, trained, round 1 and round 2,
whether or not those earlier stages were recorded (a candidacy recorded straight at round 1 has passed the
pool). Elected and appointed reach the last row; not elected stops at the official candidacy; a withdrawn
candidacy keeps the position it left from; a candidacy moved back counts where it stands now. The page
shows both "reached this stage" and "now at this stage".
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from candidates.models import SEQUENCE, SUCCESSES, Candidacy, Stage, StageChange, Term
from candidates.services import share_percent
from directory.models import Person
from trainings.models import Enrolment, Programme

TRAINED_STATUSES = (Enrolment.Status.ATTENDED, Enrolment.Status.COMPLETED)

# The rows of the funnel: the road, then the successes (elected or appointed) as the last row.
FUNNEL_STAGES: tuple[tuple[str, str], ...] = (
    *((stage, Stage(stage).label) for stage in SEQUENCE),
    (Stage.ELECTED, _("elected or appointed")),
)
EXIT_STAGES = (Stage.NOT_ELECTED, Stage.WITHDRAWN)


def trained_enrolments(*, programme: Programme | None = None) -> QuerySet[Enrolment]:
    """The enrolments that make the candidacy of the outer query count as trained (module docstring)."""
    enrolments = Enrolment.objects.filter(
        person=OuterRef("person"),
        role__in=Enrolment.LEARNER_ROLES,
        status__in=TRAINED_STATUSES,
        course__start_date__lte=OuterRef("stage_since"),
    )
    if programme is not None:
        enrolments = enrolments.filter(course__programme=programme)
    return enrolments


def with_training(candidacies: QuerySet, *, programme: Programme | None = None) -> QuerySet:
    return candidacies.annotate(trained=Exists(trained_enrolments(programme=programme)))


def visible_candidacies(*, user) -> QuerySet[Candidacy]:
    return Candidacy.objects.visible_to(user)


def candidacy_filter(*, user, data: QueryDict | None = None, pipeline: bool = False):
    """The FilterSet of the list (or of the pipeline page) over the user's candidacies."""
    from candidates.filters import CandidacyFilter, PipelineFilter

    filter_class = PipelineFilter if pipeline else CandidacyFilter
    return filter_class(
        data if data is not None else QueryDict(), queryset=visible_candidacies(user=user), user=user
    )


def candidacy_rows(queryset: QuerySet[Candidacy]) -> QuerySet[Candidacy]:
    """A list's rows: one query with everything a row shows, in the official list order."""
    return queryset.select_related("person", "body", "term", "province").order_by(
        "term", "body__name", "person__sort_key", "pk"
    )


def default_term(*, user) -> Term | None:
    """The most recent term with candidacies the user can see, else the most recent term."""
    used = Exists(visible_candidacies(user=user).filter(term=OuterRef("pk")))
    return Term.objects.annotate(used=used).order_by("-used", "-start_year", "kind").first()


# --- The funnel ------------------------------------------------------------------------------------------


@dataclass
class FunnelRow:
    stage: str
    label: str
    reached: int = 0
    women: int = 0
    trained: int = 0
    trained_women: int = 0
    now: int = 0
    now_women: int = 0
    bar: int = 0  # width of the bar, in percent of the first row

    @property
    def women_share(self) -> Decimal | None:
        return share_percent(count=self.women, total=self.reached)

    @property
    def not_trained(self) -> int:
        return self.reached - self.trained

    @property
    def not_trained_women(self) -> int:
        return self.women - self.trained_women

    @property
    def women_bar(self) -> int:
        return round(self.women * 100 / self.reached) if self.reached else 0


@dataclass
class Funnel:
    rows: list[FunnelRow] = field(default_factory=list)
    exits: list[FunnelRow] = field(default_factory=list)
    total: int = 0


def pipeline_funnel(*, candidacies: QuerySet[Candidacy]) -> Funnel:
    """Counts at every stage of the road, for women and for the trained, in one query.

    The candidacies (annotated with `trained`, see `with_training`) are grouped by trained × gender, at
    most six groups, each with a count per funnel row and per current stage; the groups are added up here.
    """
    aggregates = {
        f"reached_{position}": Count("pk", filter=Q(funnel_position__gte=position))
        for position in range(len(FUNNEL_STAGES))
    }
    aggregates |= {f"now_{stage}": Count("pk", filter=Q(stage=stage)) for stage in Stage.values}
    groups = candidacies.values("trained", "person__gender").annotate(**aggregates).order_by()

    rows = [FunnelRow(stage=stage, label=label) for stage, label in FUNNEL_STAGES]
    exits = [FunnelRow(stage=stage, label=Stage(stage).label) for stage in EXIT_STAGES]
    funnel = Funnel(rows=rows, exits=exits)
    for group in groups:
        woman = group["person__gender"] == Person.Gender.FEMALE
        trained = bool(group["trained"])
        for position, row in enumerate(rows):
            reached = group[f"reached_{position}"]
            row.reached += reached
            row.women += reached if woman else 0
            row.trained += reached if trained else 0
            row.trained_women += reached if woman and trained else 0
        for row in rows[:-1] + exits:
            now = group[f"now_{row.stage}"]
            row.now += now
            row.now_women += now if woman else 0
        successes = sum(group[f"now_{stage}"] for stage in SUCCESSES)
        rows[-1].now += successes
        rows[-1].now_women += successes if woman else 0
        funnel.total += sum(group[f"now_{stage}"] for stage in Stage.values)
    top = rows[0].reached
    for row in rows:
        row.bar = round(row.reached * 100 / top) if top else 0
    return funnel


# --- One candidacy ---------------------------------------------------------------------------------------


def candidacy_history(*, candidacy: Candidacy) -> QuerySet[StageChange]:
    return (
        StageChange.objects.filter(candidacy=candidacy).select_related("changed_by").order_by("on_date", "pk")
    )


def other_candidacies(*, candidacy: Candidacy, user) -> QuerySet[Candidacy]:
    """The person's other candidacies the user can see, the latest term first: her road across terms."""
    return (
        visible_candidacies(user=user)
        .filter(person_id=candidacy.person_id)
        .exclude(pk=candidacy.pk)
        .select_related("body", "term")
        .order_by("-term__start_year", "body__name", "pk")
    )


def training_history(*, person: Person) -> QuerySet[Enrolment]:
    """Every course the person was enrolled in, oldest first (module docstring: any province)."""
    return (
        Enrolment.objects.filter(person=person)
        .select_related("course", "course__programme")
        .order_by("course__start_date", "pk")
    )


def counts_as_training(enrolment: Enrolment) -> bool:
    return enrolment.role in Enrolment.LEARNER_ROLES and enrolment.status in TRAINED_STATUSES
