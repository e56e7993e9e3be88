"""The pipeline funnel: counts at every stage against an independent count, women's shares, training."""

import datetime
import re

import pytest
from django.http import QueryDict
from django.urls import reverse

from candidates.models import Body, Candidacy, Stage
from candidates.selectors import candidacy_filter, pipeline_funnel
from candidates.services import candidacy_advance
from directory.models import EthnicGroup, Person
from tests.candidates.conftest import candidacy_at, make_body, man, walk, woman
from trainings.models import Course, Enrolment, Programme

pytestmark = pytest.mark.django_db

# For the independent count: the stages each current stage has passed, written out by hand.
PASSED = {
    Stage.POOL: {"pool"},
    Stage.PLANNING: {"pool", "planning"},
    Stage.TRAINED: {"pool", "planning", "trained"},
    Stage.ROUND_1: {"pool", "planning", "trained", "round_1"},
    Stage.ROUND_2: {"pool", "planning", "trained", "round_1", "round_2"},
    Stage.ROUND_3: {"pool", "planning", "trained", "round_1", "round_2", "round_3"},
    Stage.OFFICIAL: {"pool", "planning", "trained", "round_1", "round_2", "round_3", "official"},
    Stage.NOT_ELECTED: {"pool", "planning", "trained", "round_1", "round_2", "round_3", "official"},
    Stage.ELECTED: {"pool", "planning", "trained", "round_1", "round_2", "round_3", "official", "elected"},
}


def funnel_for(user, **params):
    data = QueryDict(mutable=True)
    data.update(params)
    pipeline_filter = candidacy_filter(user=user, data=data, pipeline=True)
    assert pipeline_filter.is_valid(), pipeline_filter.errors
    return pipeline_funnel(candidacies=pipeline_filter.qs)


def row(funnel, stage):
    return next(row for row in funnel.rows if row.stage == stage)


@pytest.fixture
def cycle(ha_tinh, ha_tinh_council, councils_2026):
    """A small cycle: (stage, gender) of each candidacy, every stage represented."""
    plan = [
        (Stage.POOL, "f"), (Stage.POOL, "m"), (Stage.PLANNING, "f"), (Stage.TRAINED, "f"),
        (Stage.ROUND_1, "m"), (Stage.ROUND_2, "f"), (Stage.ROUND_3, "f"), (Stage.OFFICIAL, "m"),
        (Stage.OFFICIAL, "f"), (Stage.ELECTED, "f"), (Stage.ELECTED, "m"), (Stage.NOT_ELECTED, "f"),
    ]  # fmt: skip
    created = []
    for stage, gender in plan:
        person = woman(ha_tinh) if gender == "f" else man(ha_tinh)
        created.append(candidacy_at(person, ha_tinh_council, councils_2026, stage))
    # A woman withdrawn after round 2 keeps having reached round 2.
    withdrawn = candidacy_at(woman(ha_tinh), ha_tinh_council, councils_2026, Stage.ROUND_2)
    walk(withdrawn, Stage.WITHDRAWN)
    created.append(withdrawn)
    return created


def test_the_funnel_counts_agree_with_an_independent_count(cycle, councils_2026, ministry):
    funnel = funnel_for(ministry, term=councils_2026.pk)
    passed = []
    for candidacy in Candidacy.objects.select_related("person"):
        stages = PASSED[Stage.ROUND_2] if candidacy.stage == Stage.WITHDRAWN else PASSED[candidacy.stage]
        passed.append((stages, candidacy.person.gender == Person.Gender.FEMALE, candidacy.stage))
    for stage in ["pool", "planning", "trained", "round_1", "round_2", "round_3", "official", "elected"]:
        assert row(funnel, stage).reached == sum(1 for stages, _w, _s in passed if stage in stages), stage
        assert row(funnel, stage).women == sum(1 for stages, w, _s in passed if stage in stages and w), stage
    for stage in ["pool", "planning", "round_3", "official"]:
        assert row(funnel, stage).now == sum(1 for _p, _w, s in passed if s == stage)
    assert row(funnel, "elected").now == 2
    assert {exit.stage: exit.now for exit in funnel.exits} == {"not_elected": 1, "withdrawn": 1}
    assert funnel.total == 13


def test_the_funnel_shows_the_womens_share_and_bars(cycle, councils_2026, ministry):
    funnel = funnel_for(ministry, term=councils_2026.pk)
    assert row(funnel, "pool").reached == 13 and row(funnel, "pool").bar == 100
    official = row(funnel, "official")
    assert (official.reached, official.women) == (5, 3)
    assert str(official.women_share) == "60.0"


def test_the_list_behind_a_count_holds_exactly_those_candidacies(cycle, councils_2026, ministry_client):
    response = ministry_client.get(
        reverse("candidates:candidacy_list"),
        {"term": councils_2026.pk, "reached": "round_2", "gender": "female"},
    )
    assert response.status_code == 200
    # Women at round 2 or further: round 2, round 3, official, elected, not elected, withdrawn after round 2.
    assert response.context["page"].paginator.count == 6


class TestTraining:
    @pytest.fixture
    def course(self, ha_tinh) -> Course:
        programme = Programme.objects.create(name="Hà Tĩnh 2019", code="HT-2019")
        return Course.objects.create(
            programme=programme,
            title="Lớp tập huấn 3",
            start_date=datetime.date(2025, 7, 15),
            end_date=datetime.date(2025, 7, 16),
            duration=2,
            province=ha_tinh,
        )

    def enrol(self, course, person, status=Enrolment.Status.COMPLETED, role=Enrolment.Role.TRAINEE):
        return Enrolment.objects.create(course=course, person=person, status=status, role=role)

    def test_trained_counts_only_completed_or_attended_courses_begun_before_the_stage_date(
        self, ha_tinh, ha_tinh_council, councils_2026, course, ministry
    ):
        trained = candidacy_at(
            woman(ha_tinh), ha_tinh_council, councils_2026, Stage.OFFICIAL, on_date=datetime.date(2025, 9, 1)
        )
        self.enrol(course, trained.person)
        attended = candidacy_at(
            woman(ha_tinh), ha_tinh_council, councils_2026, Stage.OFFICIAL, on_date=datetime.date(2025, 9, 1)
        )
        self.enrol(course, attended.person, status=Enrolment.Status.ATTENDED)
        registered_only = candidacy_at(
            woman(ha_tinh), ha_tinh_council, councils_2026, Stage.OFFICIAL, on_date=datetime.date(2025, 9, 1)
        )
        self.enrol(course, registered_only.person, status=Enrolment.Status.REGISTERED)
        too_late = candidacy_at(
            woman(ha_tinh), ha_tinh_council, councils_2026, Stage.OFFICIAL, on_date=datetime.date(2025, 7, 1)
        )
        self.enrol(course, too_late.person)
        as_observer = candidacy_at(
            man(ha_tinh), ha_tinh_council, councils_2026, Stage.OFFICIAL, on_date=datetime.date(2025, 9, 1)
        )
        self.enrol(course, as_observer.person, role=Enrolment.Role.OBSERVER)

        official = row(funnel_for(ministry, term=councils_2026.pk), "official")
        assert (official.reached, official.trained, official.trained_women, official.not_trained) == (
            5,
            2,
            2,
            3,
        )
        assert row(funnel_for(ministry, term=councils_2026.pk, trained="yes"), "pool").reached == 2
        assert row(funnel_for(ministry, term=councils_2026.pk, trained="no"), "pool").reached == 3

    def test_training_can_be_limited_to_one_programme(
        self, ha_tinh, ha_tinh_council, councils_2026, course, ministry
    ):
        candidacy = candidacy_at(
            woman(ha_tinh), ha_tinh_council, councils_2026, Stage.OFFICIAL, on_date=datetime.date(2025, 9, 1)
        )
        self.enrol(course, candidacy.person)
        other = Programme.objects.create(name="AWIL 2024", code="AWIL-2024")
        assert (
            row(
                funnel_for(ministry, term=councils_2026.pk, training_programme=course.programme_id), "pool"
            ).trained
            == 1
        )
        assert (
            row(funnel_for(ministry, term=councils_2026.pk, training_programme=other.pk), "pool").trained == 0
        )

    def test_a_woman_trained_then_elected_counts_at_every_stage(
        self, ha_tinh, ha_tinh_council, councils_2026, course, ministry
    ):
        candidacy = candidacy_at(woman(ha_tinh), ha_tinh_council, councils_2026, Stage.POOL)
        self.enrol(course, candidacy.person)
        walk(
            candidacy,
            Stage.PLANNING,
            Stage.TRAINED,
            Stage.ROUND_1,
            Stage.ROUND_2,
            Stage.ROUND_3,
            Stage.OFFICIAL,
            Stage.ELECTED,
        )
        funnel = funnel_for(ministry, term=councils_2026.pk)
        assert [row.trained_women for row in funnel.rows] == [1] * 8


class TestFilters:
    def test_the_pipeline_filters_by_body_level_and_province(
        self, ha_tinh, nghe_an, ha_tinh_council, nghe_an_council, councils_2026, ministry
    ):
        commune = make_body("Hội đồng nhân dân phường Thành Sen", ha_tinh, level=Body.Level.COMMUNE)
        candidacy_at(woman(ha_tinh), ha_tinh_council, councils_2026)
        candidacy_at(woman(ha_tinh), commune, councils_2026)
        candidacy_at(woman(nghe_an), nghe_an_council, councils_2026)
        assert funnel_for(ministry, term=councils_2026.pk).total == 3
        assert funnel_for(ministry, term=councils_2026.pk, province=ha_tinh.pk).total == 2
        assert funnel_for(ministry, term=councils_2026.pk, province=ha_tinh.pk, body=commune.pk).total == 1
        assert funnel_for(ministry, term=councils_2026.pk, level=Body.Level.PROVINCE).total == 2

    def test_the_pipeline_filters_by_ethnic_group_and_minority(
        self, ha_tinh, ha_tinh_council, councils_2026, ministry
    ):
        thai = EthnicGroup.objects.create(name="Thái", code="03", code_list="1979", is_minority=True)
        kinh = EthnicGroup.objects.create(name="Kinh", code="01", code_list="1979", is_minority=False)
        candidacy_at(woman(ha_tinh, ethnic_group=thai), ha_tinh_council, councils_2026)
        candidacy_at(woman(ha_tinh, ethnic_group=kinh), ha_tinh_council, councils_2026)
        assert funnel_for(ministry, term=councils_2026.pk, ethnic_group=thai.pk).total == 1
        assert funnel_for(ministry, term=councils_2026.pk, minority="on").total == 1

    @pytest.mark.parametrize(
        ("band", "expected"), [("under_40", 1), ("40_49", 2), ("50_59", 1), ("60_plus", 0), ("unknown", 1)]
    )
    def test_the_pipeline_filters_by_age_at_the_start_of_the_term(
        self, ha_tinh, ha_tinh_council, councils_2026, ministry, band, expected
    ):
        # Ages in 2026: 39, 40, 49, 50, unknown.
        for birth_year in (1987, 1986, 1977, 1976, None):
            candidacy_at(woman(ha_tinh, birth_year=birth_year), ha_tinh_council, councils_2026)
        assert funnel_for(ministry, term=councils_2026.pk, age_band=band).total == expected

    def test_the_pipeline_page_defaults_to_the_latest_term_with_candidacies(
        self, cycle, councils_2026, assembly_2026, ministry_client
    ):
        response = ministry_client.get(reverse("candidates:pipeline"))
        assert response.status_code == 200
        assert response.context["term"] == councils_2026
        assert response.context["funnel"].total == 13

    def test_a_new_pipeline_with_no_candidacy_says_so(self, councils_2026, ministry_client):
        response = ministry_client.get(reverse("candidates:pipeline"))
        assert response.context["funnel"].total == 0
        assert "No candidacy in this term and scope yet." in response.content.decode()


def test_moves_keep_the_funnel_in_step(ha_tinh, ha_tinh_council, councils_2026, ministry, officer_ha_tinh):
    candidacy = candidacy_at(woman(ha_tinh), ha_tinh_council, councils_2026, Stage.ROUND_2)
    assert row(funnel_for(ministry, term=councils_2026.pk), "round_2").reached == 1
    candidacy_advance(
        candidacy=candidacy,
        to_stage=Stage.ROUND_1,
        reason="Repeated.",
        actor=officer_ha_tinh,
        on_date=datetime.date(2025, 9, 1),
    )
    funnel = funnel_for(ministry, term=councils_2026.pk)
    assert row(funnel, "round_2").reached == 0 and row(funnel, "round_1").now == 1


def test_every_count_links_to_a_list_of_exactly_that_many(cycle, councils_2026, ministry_client):
    """Follow each number of the funnel table to its list: the list holds as many candidacies."""
    for params in ({}, {"trained": "no"}):
        page = ministry_client.get(reverse("candidates:pipeline"), params).content.decode()
        links = re.findall(r'<a href="(/candidates/list/\?[^"]+)"[^>]*>(\d+)</a>', page)
        assert len(links) > 30
        for url, number in links:
            response = ministry_client.get(url.replace("&amp;", "&"))
            assert response.context["page"].paginator.count == int(number), url
