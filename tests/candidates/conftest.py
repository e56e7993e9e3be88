"""Fixtures of the candidates tests: terms, bodies, quota targets and a way to walk a candidacy.

Candidacies are made through `candidacy_create` and moved through `candidacy_advance`, as the app does, so
that every test candidacy has its history.
"""

import datetime
from decimal import Decimal

import pytest

from candidates.models import Body, Candidacy, QuotaTarget, Stage, Term
from candidates.services import candidacy_advance, candidacy_create
from directory.models import Person
from tests.directory.factories import PersonFactory

ELECTION_2026 = datetime.date(2026, 3, 15)


@pytest.fixture(autouse=True)
def _messages_in_english(english):
    """Every test here reads messages word for word, in English (the shared `english` fixture)."""


@pytest.fixture
def councils_2026(db) -> Term:
    return Term.objects.create(
        name="People's Councils 2026–2031",
        kind=Term.Kind.PEOPLES_COUNCILS,
        start_year=2026,
        end_year=2031,
        election_date=ELECTION_2026,
    )


@pytest.fixture
def assembly_2026(db) -> Term:
    return Term.objects.create(
        name="National Assembly XVI 2026–2031",
        kind=Term.Kind.NATIONAL_ASSEMBLY,
        start_year=2026,
        end_year=2031,
        election_date=ELECTION_2026,
    )


def make_body(name: str, unit, kind=Body.Kind.PEOPLES_COUNCIL, level=Body.Level.PROVINCE, **extra) -> Body:
    return Body.objects.create(name=name, kind=kind, level=level, unit=unit, **extra)


@pytest.fixture
def ha_tinh_council(ha_tinh) -> Body:
    return make_body("Hội đồng nhân dân tỉnh Hà Tĩnh", ha_tinh, seats=50)


@pytest.fixture
def nghe_an_council(nghe_an) -> Body:
    return make_body("Hội đồng nhân dân tỉnh Nghệ An", nghe_an, seats=75)


@pytest.fixture
def national_assembly(db) -> Body:
    return make_body("Quốc hội", None, kind=Body.Kind.NATIONAL_ASSEMBLY, level=Body.Level.NATIONAL, seats=500)


@pytest.fixture
def women_official_target(db) -> QuotaTarget:
    return QuotaTarget.objects.create(
        body_kind=Body.Kind.PEOPLES_COUNCIL,
        metric=QuotaTarget.Metric.WOMEN_OFFICIAL,
        threshold=Decimal("35"),
        legal_source="Law 85/2015/QH13, Article 8",
        valid_from=datetime.date(2015, 9, 1),
    )


def woman(province, **extra) -> Person:
    return PersonFactory(province=province, gender=Person.Gender.FEMALE, **extra)


def man(province, **extra) -> Person:
    extra.setdefault("middle_name", "Văn")
    return PersonFactory(province=province, gender=Person.Gender.MALE, **extra)


def candidacy_at(
    person: Person,
    body: Body,
    term: Term,
    stage: str = Stage.POOL,
    *,
    actor=None,
    on_date: datetime.date = datetime.date(2025, 6, 1),
) -> Candidacy:
    """A candidacy recorded straight at `stage` (an entry, as an imported list would be)."""
    return candidacy_create(
        person=person, body=body, term=term, nominated_by=None, stage=stage, actor=actor, on_date=on_date
    )


def walk(candidacy: Candidacy, *stages: str, actor=None, on_date: datetime.date = datetime.date(2025, 9, 1)):
    """Move a candidacy one stage after another, each move a step forward, all on one date."""
    for stage in stages:
        candidacy_advance(candidacy=candidacy, to_stage=stage, reason="", actor=actor, on_date=on_date)
    candidacy.refresh_from_db()
    return candidacy
