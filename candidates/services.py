"""The rules of candidacies: who may record them, how they move between stages, and quota compliance.

Every write goes through a function here: keyword-only arguments, the acting user as `actor`, one
transaction, and a `CandidacyRuleError` whose translated message the form or page shows as is. The stage
history is append-only (`StageChange` refuses updates and deletes); a correction is a new stage change.

Stage rules (`candidacy_advance`):
- one step forward on the road (pool → planning → trained → round 1 → 2 → 3 → official candidate →
  elected / appointed / not elected) needs no reason;
- a move that skips stages or goes back needs a reason, and so does reopening a closed candidacy;
- withdrawal is possible from any open stage;
- elected, appointed, not elected and withdrawn are final: the candidacy is closed, and only an
  administrator can reopen it (to correct a mistake), with a reason;
- a stage change is dated (today unless told otherwise), never in the future, never before the last one.
"""

import datetime
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, FilteredRelation, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from candidates.models import (
    FINAL_STAGES,
    SEQUENCE,
    SUCCESSES,
    Body,
    Candidacy,
    QuotaTarget,
    Stage,
    StageChange,
    Term,
    funnel_position,
    stage_step,
)
from directory.models import AdministrativeUnit, Organisation, Person
from directory.scoping import user_has_national_scope, user_province_id


class CandidacyRuleError(Exception):
    """A business rule said no; `message` is translated and meant for the user as is."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


# --- Who may change what (the write-side twin of Candidacy.objects.visible_to) --------------------------


def candidacy_can_be_changed_by(*, candidacy: Candidacy, actor) -> bool:
    if user_has_national_scope(actor):
        return True
    return candidacy.province_id is not None and candidacy.province_id == user_province_id(actor)


def _is_administrator(actor) -> bool:
    return bool(actor and actor.is_authenticated and getattr(actor, "is_administrator", False))


def _stage_label(stage: str) -> str:
    return str(Stage(stage).label)


def _check_date(on_date: datetime.date) -> None:
    if on_date > timezone.localdate():
        raise CandidacyRuleError(_("A stage change cannot be dated in the future."), field="on_date")


# --- Creating a candidacy --------------------------------------------------------------------------------


@transaction.atomic
def candidacy_create(
    *,
    person: Person,
    body: Body,
    term: Term,
    nominated_by: Organisation | None = None,
    stage: str = Stage.POOL,
    actor,
    on_date: datetime.date | None = None,
    notes: str = "",
    reason: str = "",
) -> Candidacy:
    """Record a person as a candidate for a body in a term, at the stage she has reached.

    A candidacy can be recorded at any stage (a list of official candidates is recorded as such, a past
    term's results as elected or not elected): the first stage change says so, with the optional reason.
    This is also the entry point of the candidate list import. `actor=None` is the system itself (the
    demo data, a command), which no scope limits.
    """
    officer = actor is not None and not user_has_national_scope(actor)
    if officer and (person.province_id is None or person.province_id != user_province_id(actor)):
        raise PermissionDenied
    if stage not in Stage.values:
        raise CandidacyRuleError(_("Choose a stage."), field="stage")
    if body.kind not in term.body_kinds:
        raise CandidacyRuleError(
            _("%(body)s does not take candidates in the term “%(term)s”: choose a term of its kind.")
            % {"body": body.name, "term": term.name},
            field="term",
        )
    if body.abolished_on and body.abolished_on <= term.starts_on:
        raise CandidacyRuleError(
            _("%(body)s was abolished on %(date)s, before the term “%(term)s” began.")
            % {"body": body.name, "date": body.abolished_on.strftime("%d/%m/%Y"), "term": term.name},
            field="body",
        )
    province = Candidacy.resolve_province(body=body, person=person)
    if officer and (province is None or province.pk != user_province_id(actor)):
        raise CandidacyRuleError(
            _(
                "This candidacy would count for another province: you can record candidacies of your own "
                "province only."
            ),
            field="body",
        )
    if Candidacy.objects.filter(person=person, body=body, term=term).exists():
        raise CandidacyRuleError(
            _("%(name)s is already a candidate for %(body)s in the term “%(term)s”.")
            % {"name": person.full_name, "body": body.name, "term": term.name},
            field="body",
        )
    on_date = on_date or timezone.localdate()
    _check_date(on_date)
    candidacy = Candidacy.objects.create(
        person=person,
        body=body,
        term=term,
        nominated_by=nominated_by,
        stage=stage,
        stage_since=on_date,
        funnel_position=funnel_position(stage),
        province=province,
        notes=notes.strip(),
        created_by=actor,
    )
    StageChange.objects.create(
        candidacy=candidacy,
        from_stage="",
        to_stage=stage,
        move=StageChange.Move.ENTRY,
        on_date=on_date,
        reason=reason.strip(),
        changed_by=actor,
    )
    return candidacy


# --- Moving a candidacy between stages -------------------------------------------------------------------


def classify_move(*, from_stage: str, to_stage: str) -> str:
    """Which kind of move a change of stage is (a `StageChange.Move`), before any permission check."""
    if from_stage in FINAL_STAGES:
        return StageChange.Move.REOPEN
    if to_stage == Stage.WITHDRAWN:
        return StageChange.Move.EXIT
    from_step, to_step = stage_step(from_stage), stage_step(to_stage)
    if to_step == from_step + 1:
        return StageChange.Move.FORWARD
    if to_step > from_step + 1:
        return StageChange.Move.SKIP
    return StageChange.Move.BACK


def skipped_stages(*, from_stage: str, to_stage: str) -> list[str]:
    from_step, to_step = stage_step(from_stage), stage_step(to_stage)
    if from_step is None or to_step is None:
        return []
    return list(SEQUENCE[from_step + 1 : to_step])


@transaction.atomic
def candidacy_advance(
    *, candidacy: Candidacy, to_stage: str, reason: str, actor, on_date: datetime.date | None = None
) -> StageChange:
    """Move a candidacy to another stage and record the move; see the module docstring for the rules.

    `actor=None` is the system itself (the demo data, a command), which no scope limits.
    """
    if actor is not None and not candidacy_can_be_changed_by(candidacy=candidacy, actor=actor):
        raise PermissionDenied
    # Two officers recording a move at once must not both start from the same stage.
    candidacy = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
    reason = (reason or "").strip()
    on_date = on_date or timezone.localdate()
    if to_stage not in Stage.values:
        raise CandidacyRuleError(_("Choose a stage."), field="to_stage")
    current = candidacy.stage
    if to_stage == current:
        raise CandidacyRuleError(
            _("The candidacy is already at the stage “%(stage)s”.") % {"stage": _stage_label(current)},
            field="to_stage",
        )
    _check_date(on_date)
    if on_date < candidacy.stage_since:
        raise CandidacyRuleError(
            _(
                "The candidacy has been at the stage “%(stage)s” since %(date)s: the next change cannot be "
                "dated before that."
            )
            % {"stage": _stage_label(current), "date": candidacy.stage_since.strftime("%d/%m/%Y")},
            field="on_date",
        )

    move = classify_move(from_stage=current, to_stage=to_stage)
    if move == StageChange.Move.REOPEN:
        if not _is_administrator(actor):
            raise CandidacyRuleError(
                _(
                    "“%(stage)s” is a final stage: the candidacy is closed. Only an administrator can "
                    "reopen it, to correct a mistake."
                )
                % {"stage": _stage_label(current)},
                field="to_stage",
            )
        if not reason:
            raise CandidacyRuleError(
                _("Reopening a closed candidacy corrects the record: say why in the reason."), field="reason"
            )
    elif move == StageChange.Move.SKIP and not reason:
        skipped = skipped_stages(from_stage=current, to_stage=to_stage)
        raise CandidacyRuleError(
            ngettext(
                "Moving from “%(from)s” to “%(to)s” skips %(count)s stage (%(skipped)s): say why in the "
                "reason.",
                "Moving from “%(from)s” to “%(to)s” skips %(count)s stages (%(skipped)s): say why in the "
                "reason.",
                len(skipped),
            )
            % {
                "from": _stage_label(current),
                "to": _stage_label(to_stage),
                "count": len(skipped),
                "skipped": ", ".join(f"“{_stage_label(stage)}”" for stage in skipped),
            },
            field="reason",
        )
    elif move == StageChange.Move.BACK and not reason:
        raise CandidacyRuleError(
            _("Moving back from “%(from)s” to “%(to)s” needs a reason.")
            % {"from": _stage_label(current), "to": _stage_label(to_stage)},
            field="reason",
        )

    change = StageChange.objects.create(
        candidacy=candidacy,
        from_stage=current,
        to_stage=to_stage,
        move=move,
        on_date=on_date,
        reason=reason,
        changed_by=actor,
    )
    candidacy.stage = to_stage
    candidacy.stage_since = on_date
    candidacy.funnel_position = funnel_position(to_stage, candidacy.funnel_position)
    candidacy.save(update_fields=["stage", "stage_since", "funnel_position", "updated_at"])
    return change


# --- Quota arithmetic ------------------------------------------------------------------------------------


def quota_gap(*, count: int, total: int, threshold: Decimal) -> int | None:
    """The fewest people of the group (women, ethnic minorities) to add to reach the threshold.

    With `count` of `total` in the group and a threshold t (a share below 1), adding x people of the group
    (who join the total too) gives (count + x) / (total + x). The smallest whole x with
    (count + x) / (total + x) ≥ t is

        x = ceil((t · total − count) / (1 − t)),   or 0 when count / total ≥ t already.

    A share exactly at the threshold meets it. The arithmetic is exact (fractions, no floating point), so
    that 7 of 20 is exactly 35%. No candidates at all gives None: there is no share to speak of yet.
    """
    if total == 0:
        return None
    share = Fraction(threshold) / 100
    if Fraction(count, total) >= share:
        return 0
    return math.ceil((share * total - count) / (1 - share))


def share_percent(*, count: int, total: int) -> Decimal | None:
    """The share as a percentage with one decimal, for display; None when there is no one to count."""
    if total == 0:
        return None
    return (Decimal(count) * 100 / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class QuotaCheck:
    """One body (and, for a national body seen from a province, that province's part of it) against one
    quota target."""

    body: Body
    target: QuotaTarget
    total: int
    count: int

    MET = "met"
    SHORT = "short"
    EMPTY = "empty"

    @property
    def share(self) -> Decimal | None:
        return share_percent(count=self.count, total=self.total)

    @property
    def gap(self) -> int | None:
        return quota_gap(count=self.count, total=self.total, threshold=self.target.threshold)

    @property
    def status(self) -> str:
        if self.total == 0:
            return self.EMPTY
        return self.MET if self.gap == 0 else self.SHORT

    @property
    def message(self) -> str:
        if self.status == self.EMPTY:
            return _("No candidates yet")
        if self.status == self.MET:
            return _("Met")
        return gap_message(metric=self.target.metric, gap=self.gap)


def gap_message(*, metric: str, gap: int) -> str:
    Metric = QuotaTarget.Metric
    if metric == Metric.MINORITY_OFFICIAL:
        text = ngettext(
            "%(count)s more ethnic-minority candidate needed among official candidates",
            "%(count)s more ethnic-minority candidates needed among official candidates",
            gap,
        )
    elif metric == Metric.WOMEN_PLANNING:
        text = ngettext(
            "%(count)s more woman needed in cadre planning",
            "%(count)s more women needed in cadre planning",
            gap,
        )
    elif metric == Metric.WOMEN_MEMBERS:
        text = ngettext(
            "%(count)s more woman needed among members", "%(count)s more women needed among members", gap
        )
    else:
        text = ngettext(
            "%(count)s more woman needed among official candidates",
            "%(count)s more women needed among official candidates",
            gap,
        )
    return text % {"count": gap}


_NOT_WITHDRAWN = [stage for stage in Stage.values if stage != Stage.WITHDRAWN]


def quota_population_q(metric: str, prefix: str = "") -> Q:
    """The candidacies a metric is a share of.

    Official candidates: every candidacy that reached the official list (including those elected or not
    elected afterwards) and was not withdrawn. Cadre planning: every candidacy that reached planning and
    was not withdrawn. Members: the elected and the appointed.
    """
    Metric = QuotaTarget.Metric
    if metric == Metric.WOMEN_MEMBERS:
        return Q(**{f"{prefix}stage__in": SUCCESSES})
    reached = Stage.PLANNING if metric == Metric.WOMEN_PLANNING else Stage.OFFICIAL
    return Q(**{f"{prefix}funnel_position__gte": stage_step(reached), f"{prefix}stage__in": _NOT_WITHDRAWN})


def quota_group_q(metric: str, prefix: str = "") -> Q:
    """The part of the population the share counts: women, or members of an ethnic minority."""
    if metric == QuotaTarget.Metric.MINORITY_OFFICIAL:
        return Q(**{f"{prefix}person__ethnic_group__is_minority": True})
    return Q(**{f"{prefix}person__gender": Person.Gender.FEMALE})


# Without a province, the national table lists national and provincial bodies only; a province's table
# lists all its levels (a national table of every commune's People's Council would be thousands of rows).
NATIONAL_TABLE_LEVELS = (Body.Level.NATIONAL, Body.Level.PROVINCE)


def quota_compliance(
    *,
    term: Term,
    province: AdministrativeUnit | None = None,
    body: Body | None = None,
    user=None,
) -> list[QuotaCheck]:
    """Every body of the term that a quota target applies to, with its counts against each target.

    Two queries whatever the size of the data: the targets, and the bodies with every count annotated
    (one LEFT JOIN to the term's candidacies, counted with filters). A provincial officer (`user`) gets
    her own province whatever `province` says. For a national body seen from a province, only the
    candidacies of that province count (the candidates standing there).
    """
    if user is not None and not user_has_national_scope(user):
        province_id = user_province_id(user)
        if province_id is None:
            return []
        province = AdministrativeUnit(pk=province_id)
    targets = [
        target
        for target in QuotaTarget.objects.filter(Q(term__isnull=True) | Q(term=term)).order_by("pk")
        if target.applies_to_term(term)
    ]
    kinds = {target.body_kind for target in targets} & set(term.body_kinds)
    if not kinds:
        return []

    condition = Q(candidacies__term=term)
    bodies = Body.objects.open_in(term).filter(kind__in=kinds)
    if province is not None:
        bodies = bodies.filter(Q(province=province) | Q(province__isnull=True))
        condition &= Q(candidacies__province=province)
    else:
        bodies = bodies.filter(level__in=NATIONAL_TABLE_LEVELS)
    if body is not None:
        bodies = bodies.filter(pk=body.pk)

    prefix = "term_candidacies__"
    counts = {}
    for metric in QuotaTarget.Metric.values:
        population = quota_population_q(metric, prefix)
        counts[f"{metric}_total"] = Count("term_candidacies", filter=population)
        counts[f"{metric}_count"] = Count(
            "term_candidacies", filter=population & quota_group_q(metric, prefix)
        )
    bodies = (
        bodies.annotate(term_candidacies=FilteredRelation("candidacies", condition=condition))
        .annotate(**counts)
        .select_related("province", "unit")
        .order_by("province__name", "level", "name", "pk")
    )

    checks = []
    for found in bodies:
        # The most specific target of each metric wins (QuotaTarget docstring).
        chosen: dict[str, QuotaTarget] = {}
        for target in targets:
            if target.applies_to(body=found, term=term):
                held = chosen.get(target.metric)
                if held is None or target.specificity > held.specificity:
                    chosen[target.metric] = target
        for metric in QuotaTarget.Metric.values:
            if metric in chosen:
                checks.append(
                    QuotaCheck(
                        body=found,
                        target=chosen[metric],
                        total=getattr(found, f"{metric}_total"),
                        count=getattr(found, f"{metric}_count"),
                    )
                )
    return checks
