"""The demo data: its requirements, its idempotence, and the stories it tells."""

import datetime

import pytest
from django.http import QueryDict

from candidates.demo import DemoDataMissing, load_candidates_demo
from candidates.models import SEQUENCE, Body, Candidacy, Stage, StageChange, Term
from candidates.selectors import candidacy_filter, pipeline_funnel
from candidates.services import QuotaCheck, candidacy_advance, quota_compliance
from directory.models import AdministrativeUnit
from tests.conftest import make_province
from trainings.models import Course, Enrolment

pytestmark = pytest.mark.django_db


@pytest.fixture
def provinces(ha_tinh, nghe_an):
    return {"42": ha_tinh, "40": nghe_an, "38": make_province("38", "Tỉnh Thanh Hóa")}


@pytest.fixture
def districts(provinces):
    """The legacy Hà Tĩnh and three of its districts, as the reference data has them."""
    legacy = AdministrativeUnit.objects.create(
        catalogue="legacy",
        code="42",
        name="Tỉnh Hà Tĩnh",
        short_name="Hà Tĩnh",
        kind="province",
        successor=provinces["42"],
    )
    for code, name in (("436", "Thành phố Hà Tĩnh"), ("443", "Huyện Can Lộc"), ("445", "Huyện Thạch Hà")):
        AdministrativeUnit.objects.create(
            catalogue="legacy", code=code, name=name, short_name=name, kind="district", parent=legacy
        )


def test_it_names_the_missing_provinces(ha_tinh):
    with pytest.raises(DemoDataMissing, match=r"40 Nghệ An, 38 Thanh Hóa.*load_reference_data"):
        load_candidates_demo()
    assert not Term.objects.exists()


def test_a_second_run_creates_nothing(provinces):
    first = load_candidates_demo()
    counts = (Candidacy.objects.count(), StageChange.objects.count(), Enrolment.objects.count())
    second = load_candidates_demo()
    assert (
        first["candidacies_created"] > 400 and first["stage_changes_created"] > first["candidacies_created"]
    )
    assert second["people_created"] == second["candidacies_created"] == second["stage_changes_created"] == 0
    assert (Candidacy.objects.count(), StageChange.objects.count(), Enrolment.objects.count()) == counts
    assert first["follow"] == second["follow"]


def test_every_candidacy_history_ends_where_the_candidacy_stands(provinces):
    load_candidates_demo()
    for candidacy in Candidacy.objects.prefetch_related("stage_changes"):
        changes = list(candidacy.stage_changes.all())
        assert changes[0].move == StageChange.Move.ENTRY
        assert (changes[-1].to_stage, changes[-1].on_date) == (candidacy.stage, candidacy.stage_since)
        assert [change.on_date for change in changes] == sorted(change.on_date for change in changes)


def test_the_quota_table_shows_a_province_met_one_exactly_met_and_one_short(provinces):
    load_candidates_demo()
    term = Term.objects.get(kind=Term.Kind.PEOPLES_COUNCILS, start_year=2026)
    checks = {check.body.province.code: check for check in quota_compliance(term=term) if check.body.province}
    assert checks["42"].status == QuotaCheck.MET
    assert (checks["38"].count, checks["38"].total, checks["38"].gap) == (49, 140, 0)
    assert checks["40"].message == "5 more women needed among official candidates"


def test_the_ha_tinh_2021_pool_was_trained_by_the_third_class(provinces, ministry):
    load_candidates_demo()
    course = Course.objects.get(province=provinces["42"], start_date=datetime.date(2019, 7, 15))
    assert course.enrolments.count() == 24
    term = Term.objects.get(kind=Term.Kind.PEOPLES_COUNCILS, start_year=2021)
    data = QueryDict(mutable=True)
    data.update({"term": term.pk, "province": provinces["42"].pk})
    funnel = pipeline_funnel(candidacies=candidacy_filter(user=ministry, data=data, pipeline=True).qs)
    pool = funnel.rows[0]
    assert pool.women == pool.trained_women == 18  # every woman of the pool took class 3


def test_the_2026_funnel_shows_trained_women_reaching_the_election(provinces, ministry):
    load_candidates_demo()
    term = Term.objects.get(kind=Term.Kind.PEOPLES_COUNCILS, start_year=2026)
    data = QueryDict(mutable=True)
    data.update({"term": term.pk})
    funnel = pipeline_funnel(candidacies=candidacy_filter(user=ministry, data=data, pipeline=True).qs)
    elected = funnel.rows[-1]
    assert elected.reached == 56 + 85 + 85  # the seats of the three councils
    assert 0 < elected.trained_women < elected.women


def test_the_woman_to_follow_can_be_walked_to_elected(provinces, officer_ha_tinh):
    result = load_candidates_demo()
    candidacy = Candidacy.objects.get(pk=result["follow"]["candidacy"])
    assert candidacy.stage == Stage.POOL and candidacy.person.full_name == "Lê Thị Minh Hoà"
    assert candidacy.person.candidacies.filter(stage=Stage.ELECTED).count() == 2  # 2021 and 2026
    for stage in [*SEQUENCE[1:], Stage.ELECTED]:
        candidacy_advance(candidacy=candidacy, to_stage=stage, reason="", actor=officer_ha_tinh)
    candidacy.refresh_from_db()
    assert candidacy.stage == Stage.ELECTED


def test_the_bodies_of_abolished_districts_keep_their_2021_candidacies(provinces, districts, officer_ha_tinh):
    load_candidates_demo()
    district_bodies = Body.objects.filter(level=Body.Level.DISTRICT)
    assert district_bodies.count() == 3
    assert all(
        body.abolished_on == datetime.date(2025, 7, 1) and body.province == provinces["42"]
        for body in district_bodies
    )
    visible = Candidacy.objects.visible_to(officer_ha_tinh).filter(body__in=district_bodies)
    assert visible.exists() and not visible.exclude(term__start_year=2021).exists()
