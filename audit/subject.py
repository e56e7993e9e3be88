"""Everything WomenLead holds about one person, for a data-subject access request (Decree 13/2023/NĐ-CP).

One JSON document: the person record in full (it is the subject's own data), the enrolments with their
attendance, scores, feedback, action plan and certificate, the candidacies with their stage history,
and the audit entries about the person and those records. Who may ask: `may_export_person_data`.
"""

import datetime
import decimal
import json

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from candidates.models import Candidacy, StageChange
from directory.models import Person
from directory.privacy import sees_full_personal_data
from trainings.models import ActionPlan, Attendance, Enrolment, Feedback, Milestone

FORMAT_VERSION = 1


def may_export_person_data(*, person: Person, user) -> bool:
    """Administrators, and the officer of the person's province: those who see the full record."""
    return sees_full_personal_data(user, person=person)


def _plain(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def _fields(obj, names: list[str]) -> dict:
    return {name: _plain(getattr(obj, name)) for name in names}


PERSON_FIELDS = [
    "id", "family_name", "middle_name", "given_name", "full_name", "gender", "birth_date", "birth_year",
    "citizen_id", "phone", "email", "workplace", "position", "leadership_level", "notes", "created_at",
    "updated_at",
]  # fmt: skip


def person_data(person: Person) -> dict:
    """The document, built with a fixed number of queries whatever the person's history."""
    enrolments = list(
        Enrolment.objects.filter(person=person)
        .select_related("course", "course__programme", "nominated_by")
        .order_by("course__start_date", "pk")
    )
    enrolment_ids = [enrolment.pk for enrolment in enrolments]
    attendance: dict[int, list] = {}
    for mark in (
        Attendance.objects.filter(enrolment_id__in=enrolment_ids)
        .select_related("session")
        .order_by("session__date", "session__pk")
    ):
        attendance.setdefault(mark.enrolment_id, []).append(
            {"session": str(mark.session), "date": _plain(mark.session.date), "present": mark.present}
        )
    feedback = {item.enrolment_id: item for item in Feedback.objects.filter(enrolment_id__in=enrolment_ids)}
    plans = {plan.enrolment_id: plan for plan in ActionPlan.objects.filter(enrolment_id__in=enrolment_ids)}
    milestones: dict[int, list] = {}
    for milestone in Milestone.objects.filter(action_plan__in=plans.values()):
        milestones.setdefault(milestone.action_plan_id, []).append(
            _fields(milestone, ["title", "due_date", "status", "notes"])
        )
    candidacies = list(
        Candidacy.objects.filter(person=person).select_related("body", "term", "nominated_by").order_by("pk")
    )
    changes: dict[int, list] = {}
    for change in StageChange.objects.filter(candidacy__in=candidacies).order_by("on_date", "pk"):
        changes.setdefault(change.candidacy_id, []).append(
            _fields(change, ["from_stage", "to_stage", "move", "on_date", "reason", "recorded_at"])
        )

    return {
        "format": "womenlead-person-data",
        "version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "person": {
            **_fields(person, PERSON_FIELDS),
            "ethnic_group": str(person.ethnic_group) if person.ethnic_group_id else None,
            "organisation": str(person.organisation) if person.organisation_id else None,
            "province": str(person.province) if person.province_id else None,
        },
        "enrolments": [
            {
                "id": enrolment.pk,
                "course": enrolment.course.title,
                "programme": enrolment.course.programme.name if enrolment.course.programme_id else None,
                "course_dates": [_plain(enrolment.course.start_date), _plain(enrolment.course.end_date)],
                **_fields(enrolment, ["role", "status", "alumna_of", "notes", "created_at"]),
                "nominated_by": str(enrolment.nominated_by) if enrolment.nominated_by_id else None,
                "test_scores": {
                    "pre": _plain(enrolment.pre_test_score),
                    "post": _plain(enrolment.post_test_score),
                },
                "certificate_number": enrolment.certificate_number or None,
                "attendance": attendance.get(enrolment.pk, []),
                "feedback": _feedback(feedback.get(enrolment.pk)),
                "action_plan": _plan(plans.get(enrolment.pk), milestones),
            }
            for enrolment in enrolments
        ],
        "candidacies": [
            {
                "id": candidacy.pk,
                "body": candidacy.body.name,
                "term": str(candidacy.term),
                "nominated_by": str(candidacy.nominated_by) if candidacy.nominated_by_id else None,
                **_fields(candidacy, ["stage", "stage_since", "notes", "created_at"]),
                "stage_history": changes.get(candidacy.pk, []),
            }
            for candidacy in candidacies
        ],
        "audit": [_entry(entry) for entry in audit_entries_about(person, enrolments, candidacies)],
    }


def _feedback(item: Feedback | None) -> dict | None:
    if item is None:
        return None
    return _fields(
        item, ["overall", "content", "trainers", "logistics", "usefulness", "comments", "submitted_at"]
    )


def _plan(plan: ActionPlan | None, milestones: dict) -> dict | None:
    if plan is None:
        return None
    return {
        **_fields(plan, ["short_term_goals", "long_term_goals", "strategies", "follow_up_notes"]),
        "milestones": milestones.get(plan.pk, []),
    }


def audit_entries_about(person: Person, enrolments, candidacies):
    """Entries on the person, on her enrolments and candidacies (removed ones too) and their stages."""
    types = ContentType.objects.get_for_models(Person, Enrolment, Candidacy, StageChange)
    stage_ids = StageChange.objects.filter(candidacy__in=candidacies).values_list("pk", flat=True)
    about = (
        Q(content_type=types[Person], object_id=person.pk)
        | Q(content_type=types[Enrolment], object_id__in=[e.pk for e in enrolments])
        | Q(content_type=types[Candidacy], object_id__in=[c.pk for c in candidacies])
        | Q(content_type=types[StageChange], object_id__in=list(stage_ids))
        # A removed enrolment or candidacy is found by the person it named.
        | Q(content_type__in=[types[Enrolment], types[Candidacy]], changes__person__0=person.pk)
        | Q(content_type__in=[types[Enrolment], types[Candidacy]], changes__person__1=person.pk)
    )
    return LogEntry.objects.filter(about).select_related("content_type", "actor").order_by("timestamp", "pk")


def _entry(entry: LogEntry) -> dict:
    return {
        "when": entry.timestamp.isoformat(),
        "record": f"{entry.content_type.app_label}.{entry.content_type.model}",
        "record_id": entry.object_pk,
        "action": {0: "create", 1: "update", 2: "delete", 3: "access"}.get(entry.action, str(entry.action)),
        "by": entry.actor.username if entry.actor_id and entry.actor else None,
        "from": entry.remote_addr,
        "changes": entry.changes,
        "details": entry.additional_data,
    }


def person_data_json(person: Person) -> bytes:
    return json.dumps(person_data(person), ensure_ascii=False, indent=2, default=str).encode()
