"""Who in a list is already recorded: by citizen ID, else by name and date (or year) of birth.

Matching runs in batches, a fixed few queries per batch of rows, never one per row (DESIGN.md §6): this
is why it is ours and not django-import-export's row-by-row `get_instance`.

Outcomes, one per row:
- NEW: nobody recorded matches.
- MATCHED: the same person; `changes` lists the fields the row would fill in or change.
- CONFLICT: probably the same person, but something that identifies a person disagrees (same ID but
  another name, year of birth or sex; same name and date of birth but another ID; several people fit).
  Nothing is merged: the user decides.
- ELSEWHERE: the ID number is recorded for a person outside `scope_queryset` (another province, for a
  provincial officer). Nothing about that person is returned or shown, not even their name: the message
  only says the number is recorded in another province and to ask ministry staff, who can see it. The row
  cannot be imported as a new person either, since ID numbers are unique.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from django.db import connections
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from directory.importing.cleaning import display_date
from directory.importing.issues import Finding
from directory.importing.pipeline import ParsedRow, RowStatus
from directory.models import Person
from directory.text import fold

# Rows matched per batch where the values go into `IN (...)` one by one (SQLite); on PostgreSQL they go
# as one array (directory.lookups.AnyOf), and a whole list is one batch.
BATCH_SIZE = 2000

# Fields a row may fill in or change on a matched person (identity fields disagreeing are conflicts).
UPDATABLE_FIELDS = (
    "gender",
    "birth_date",
    "birth_year",
    "citizen_id",
    "phone",
    "email",
    "position",
    "workplace",
    "ethnic_group",
    "province",
    "notes",
)


class Outcome(StrEnum):
    NEW = "new"
    MATCHED = "matched"
    CONFLICT = "conflict"
    ELSEWHERE = "elsewhere"


class MatchedBy(StrEnum):
    NOTHING = ""
    CITIZEN_ID = "citizen_id"
    NAME_BIRTH_DATE = "name_birth_date"
    NAME_BIRTH_YEAR = "name_birth_year"
    NAME = "name"


@dataclass(frozen=True)
class FieldChange:
    """A field the row would write on the matched person: `old` is blank when it only fills a gap."""

    field: str
    old: Any
    new: Any

    @property
    def fills_blank(self) -> bool:
        return self.old in (None, "")


@dataclass
class Match:
    sheet_row: int
    outcome: Outcome
    person: Person | None = None
    matched_by: MatchedBy = MatchedBy.NOTHING
    changes: list[FieldChange] = field(default_factory=list)
    reasons: list[Finding] = field(default_factory=list)  # why a conflict, or why elsewhere
    candidates: list[Person] = field(default_factory=list)  # for a conflict between several people

    @property
    def messages(self) -> list[str]:
        return [reason.message for reason in self.reasons]


def match_people(
    rows: Iterable[ParsedRow], *, scope_queryset: QuerySet, batch_size: int | None = None
) -> list[Match]:
    """One Match per row holding a person (blank and heading rows are left out), in the rows' order.

    `scope_queryset` is the Person queryset the user may see, e.g. `Person.objects.visible_to(user)`:
    people are matched only inside it, and an ID number found only outside it gives ELSEWHERE.
    Queries: at most three per batch of `batch_size` rows (default: the whole list on PostgreSQL,
    BATCH_SIZE rows elsewhere) (ID numbers recorded anywhere, the people
    among them in scope, people by name in scope); two when no ID of the batch is recorded.
    """
    people = [row for row in rows if row.status in (RowStatus.OK, RowStatus.ERROR) and row.values]
    if batch_size is None:
        batch_size = BATCH_SIZE if connections[scope_queryset.db].vendor != "postgresql" else len(people) or 1
    matches: list[Match] = []
    for start in range(0, len(people), batch_size):
        matches.extend(_match_batch(people[start : start + batch_size], scope_queryset))
    return matches


def _match_batch(rows: list[ParsedRow], scope: QuerySet) -> list[Match]:
    ids = {row.values["citizen_id"] for row in rows if row.values.get("citizen_id")}
    by_id: dict[str, Person] = {}
    elsewhere: set[str] = set()
    if ids:
        # Which numbers are recorded at all (ID and key only, whatever the scope), then the people among
        # them the user may see: a list of new people costs one query here.
        recorded = dict(Person.objects.filter(citizen_id__any_of=ids).values_list("citizen_id", "pk"))
        if recorded:
            visible = scope.filter(pk__any_of=recorded.values()).select_related("province", "ethnic_group")
            by_id = {person.citizen_id: person for person in visible}
            elsewhere = recorded.keys() - by_id.keys()

    by_name: dict[str, list[Person]] = defaultdict(list)
    keys = {
        row.search_key
        for row in rows
        if row.search_key
        and not (row.values.get("citizen_id") in by_id or row.values.get("citizen_id") in elsewhere)
    }
    if keys:
        namesakes = (
            scope.filter(search_key__any_of=keys).select_related("province", "ethnic_group").order_by("pk")
        )
        for person in namesakes:
            by_name[person.search_key].append(person)

    matches = []
    for row in rows:
        citizen_id = row.values.get("citizen_id")
        if citizen_id and citizen_id in by_id:
            matches.append(_by_citizen_id(row, by_id[citizen_id]))
        elif citizen_id and citizen_id in elsewhere:
            matches.append(_elsewhere(row))
        else:
            matches.append(_by_name(row, by_name.get(row.search_key, [])))
    return matches


def _elsewhere(row: ParsedRow) -> Match:
    return Match(
        row.sheet_row,
        Outcome.ELSEWHERE,
        reasons=[
            Finding(
                "citizen_id_elsewhere",
                _("This ID number is already recorded in another province; ask ministry staff."),
            )
        ],
    )


def _birth_text(birth_date: date | None, year: int | None) -> str:
    if birth_date:
        return display_date(birth_date)
    return str(year) if year else "?"


def _identity_disagreements(row: ParsedRow, person: Person, *, compare_name: bool) -> list[Finding]:
    values = row.values
    reasons = []
    if compare_name and row.search_key and row.search_key != person.search_key:
        reasons.append(
            Finding(
                "name_differs",
                _("This ID number is recorded for %(name)s, not for the name in this row."),
                {"name": person.full_name},
            )
        )
    row_date, row_year = values.get("birth_date"), values.get("birth_year")
    if (row_date and person.birth_date and row_date != person.birth_date) or (
        row_year and person.year_of_birth and row_year != person.year_of_birth
    ):
        reasons.append(
            Finding(
                "birth_differs",
                _("%(name)s is recorded as born %(recorded)s; this row says %(row)s."),
                {
                    "name": person.full_name,
                    "recorded": _birth_text(person.birth_date, person.year_of_birth),
                    "row": _birth_text(row_date, row_year),
                },
            )
        )
    gender = values.get("gender")
    if gender and person.gender and gender != person.gender:
        reasons.append(
            Finding(
                "gender_differs",
                _("%(name)s is recorded as %(recorded)s; this row says %(row)s."),
                {
                    "name": person.full_name,
                    "recorded": Person.Gender(person.gender).label,
                    "row": Person.Gender(gender).label,
                },
            )
        )
    return reasons


def _by_citizen_id(row: ParsedRow, person: Person) -> Match:
    reasons = _identity_disagreements(row, person, compare_name=True)
    if reasons:
        return Match(row.sheet_row, Outcome.CONFLICT, person, MatchedBy.CITIZEN_ID, reasons=reasons)
    return Match(
        row.sheet_row, Outcome.MATCHED, person, MatchedBy.CITIZEN_ID, changes=changes_for(row, person)
    )


def _by_name(row: ParsedRow, namesakes: list[Person]) -> Match:
    if not namesakes:
        return Match(row.sheet_row, Outcome.NEW)
    values = row.values
    row_date, row_year = values.get("birth_date"), values.get("birth_year")
    if row_date:
        exact = [person for person in namesakes if person.birth_date == row_date]
        year_only = [
            person for person in namesakes if not person.birth_date and person.birth_year == row_date.year
        ]
        candidates, matched_by = (
            (exact, MatchedBy.NAME_BIRTH_DATE) if exact else (year_only, MatchedBy.NAME_BIRTH_YEAR)
        )
    elif row_year:
        candidates = [person for person in namesakes if person.year_of_birth == row_year]
        matched_by = MatchedBy.NAME_BIRTH_YEAR
    else:
        # No date of birth in the row: a namesake may or may not be the same person.
        return Match(
            row.sheet_row,
            Outcome.CONFLICT,
            matched_by=MatchedBy.NAME,
            candidates=namesakes,
            reasons=[
                Finding(
                    "namesake_without_birth",
                    ngettext_lazy(
                        "A person named %(name)s is already recorded, and this row has no date of birth to "
                        "tell whether it is the same person: choose, or add the date of birth.",
                        "%(count)d people named %(name)s are already recorded, and this row has no date of "
                        "birth to tell them apart: choose the right person, or add the date of birth.",
                        "count",
                    ),
                    {"count": len(namesakes), "name": values.get("full_name", "")},
                )
            ],
        )
    if len(candidates) > 1:
        candidates = _break_tie(row, candidates)
    if not candidates:
        return Match(row.sheet_row, Outcome.NEW)
    if len(candidates) > 1:
        return Match(
            row.sheet_row,
            Outcome.CONFLICT,
            matched_by=matched_by,
            candidates=candidates,
            reasons=[
                Finding(
                    "several_people",
                    _(
                        "%(count)d people with this name and date of birth are already recorded: choose the "
                        "right one."
                    ),
                    {"count": len(candidates)},
                )
            ],
        )
    person = candidates[0]
    reasons = _identity_disagreements(row, person, compare_name=False)
    citizen_id = values.get("citizen_id")
    if citizen_id and person.citizen_id and citizen_id != person.citizen_id:
        reasons.append(
            Finding(
                "citizen_id_differs",
                _("%(name)s, born %(birth)s, is already recorded with another ID number (%(recorded)s)."),
                {
                    "name": person.full_name,
                    "birth": _birth_text(person.birth_date, person.year_of_birth),
                    "recorded": person.citizen_id,
                },
            )
        )
    if reasons:
        return Match(
            row.sheet_row, Outcome.CONFLICT, person, matched_by, reasons=reasons, candidates=[person]
        )
    return Match(row.sheet_row, Outcome.MATCHED, person, matched_by, changes=changes_for(row, person))


def _break_tie(row: ParsedRow, candidates: list[Person]) -> list[Person]:
    """Among namesakes born the same day, those of the row's province, then of its workplace."""
    province = row.values.get("province")
    if province is not None:
        same = [person for person in candidates if person.province_id == province.pk]
        candidates = same or candidates
    workplace = fold(row.values.get("workplace", ""))
    if workplace and len(candidates) > 1:
        same = [person for person in candidates if fold(person.workplace) == workplace]
        candidates = same or candidates
    return candidates


def changes_for(row: ParsedRow, person: Person) -> list[FieldChange]:
    """The fields the row would fill in (blank on the person) or change (a different value)."""
    changes = []
    for field_key in UPDATABLE_FIELDS:
        new = row.values.get(field_key)
        if new in (None, ""):
            continue
        if field_key in ("ethnic_group", "province"):
            old = getattr(person, field_key)
            if old is None or old.pk != new.pk:
                changes.append(FieldChange(field_key, old, new))
            continue
        old = getattr(person, field_key)
        if field_key == "birth_year" and person.birth_date:
            continue  # derived from the date on save
        if field_key in ("workplace", "position", "notes") and fold(old) == fold(new):
            continue
        if old != new:
            changes.append(FieldChange(field_key, old, new))
    return changes
