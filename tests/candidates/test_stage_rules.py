"""Stage rules: one step forward is free; skips, moves back and reopening need a reason; final stages."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from candidates.models import FINAL_STAGES, OUTCOMES, SEQUENCE, Body, Candidacy, Stage, StageChange
from candidates.services import CandidacyRuleError, candidacy_advance, candidacy_create
from directory.models import AdministrativeUnit
from tests.candidates.conftest import candidacy_at, make_body, man, walk, woman

pytestmark = pytest.mark.django_db

LATER = datetime.date(2025, 10, 1)


@pytest.fixture
def candidacy(ha_tinh, ha_tinh_council, councils_2026, officer_ha_tinh) -> Candidacy:
    return candidacy_at(woman(ha_tinh), ha_tinh_council, councils_2026, actor=officer_ha_tinh)


def advance(candidacy, to_stage, actor, reason="", on_date=LATER):
    return candidacy_advance(
        candidacy=candidacy, to_stage=to_stage, reason=reason, actor=actor, on_date=on_date
    )


def assert_nothing_saved(candidacy: Candidacy, stage: str, changes: int) -> None:
    candidacy.refresh_from_db()
    assert candidacy.stage == stage
    assert StageChange.objects.filter(candidacy=candidacy).count() == changes


class TestForward:
    def test_one_step_forward_needs_no_reason(self, candidacy, officer_ha_tinh):
        change = advance(candidacy, Stage.PLANNING, officer_ha_tinh)
        candidacy.refresh_from_db()
        assert candidacy.stage == Stage.PLANNING
        assert candidacy.stage_since == LATER
        assert change.move == StageChange.Move.FORWARD
        assert change.from_stage == Stage.POOL and change.changed_by == officer_ha_tinh

    def test_a_candidacy_can_walk_the_whole_road_to_elected_one_step_at_a_time(
        self, candidacy, officer_ha_tinh
    ):
        walk(candidacy, *SEQUENCE[1:], Stage.ELECTED, actor=officer_ha_tinh)
        assert candidacy.stage == Stage.ELECTED
        moves = list(candidacy.stage_changes.values_list("move", flat=True))
        assert moves == [StageChange.Move.ENTRY] + [StageChange.Move.FORWARD] * 7

    @pytest.mark.parametrize("outcome", OUTCOMES)
    def test_an_official_candidate_reaches_any_outcome_in_one_step(self, candidacy, officer_ha_tinh, outcome):
        walk(candidacy, *SEQUENCE[1:], actor=officer_ha_tinh)
        assert advance(candidacy, outcome, officer_ha_tinh).move == StageChange.Move.FORWARD

    def test_withdrawal_needs_no_reason_and_keeps_the_position_it_left_from(self, candidacy, officer_ha_tinh):
        walk(candidacy, Stage.PLANNING, Stage.TRAINED, Stage.ROUND_1, actor=officer_ha_tinh)
        change = advance(candidacy, Stage.WITHDRAWN, officer_ha_tinh)
        candidacy.refresh_from_db()
        assert change.move == StageChange.Move.EXIT
        assert candidacy.funnel_position == SEQUENCE.index(Stage.ROUND_1)


class TestSkipsAndMovesBack:
    def test_skipping_a_stage_without_a_reason_is_refused_and_nothing_is_saved(
        self, candidacy, officer_ha_tinh
    ):
        with pytest.raises(CandidacyRuleError) as error:
            advance(candidacy, Stage.TRAINED, officer_ha_tinh)
        assert "in cadre planning" in error.value.message
        assert error.value.field == "reason"
        assert_nothing_saved(candidacy, Stage.POOL, 1)

    def test_the_message_names_every_skipped_stage(self, candidacy, officer_ha_tinh):
        with pytest.raises(CandidacyRuleError) as error:
            advance(candidacy, Stage.OFFICIAL, officer_ha_tinh)
        assert "skips 5 stages" in error.value.message
        assert "consultation round 3" in error.value.message

    def test_a_blank_reason_does_not_count_as_a_reason(self, candidacy, officer_ha_tinh):
        with pytest.raises(CandidacyRuleError):
            advance(candidacy, Stage.ROUND_1, officer_ha_tinh, reason="   ")
        assert_nothing_saved(candidacy, Stage.POOL, 1)

    def test_skipping_with_a_reason_is_recorded_as_a_skip(self, candidacy, officer_ha_tinh):
        change = advance(candidacy, Stage.ROUND_1, officer_ha_tinh, reason="Nominated directly by the Front.")
        candidacy.refresh_from_db()
        assert candidacy.stage == Stage.ROUND_1
        assert change.move == StageChange.Move.SKIP and change.reason == "Nominated directly by the Front."

    def test_moving_back_without_a_reason_is_refused_and_nothing_is_saved(self, candidacy, officer_ha_tinh):
        walk(candidacy, Stage.PLANNING, Stage.TRAINED, actor=officer_ha_tinh)
        with pytest.raises(CandidacyRuleError) as error:
            advance(candidacy, Stage.PLANNING, officer_ha_tinh, on_date=datetime.date(2025, 9, 2))
        assert "Moving back" in error.value.message
        assert_nothing_saved(candidacy, Stage.TRAINED, 3)

    def test_moving_back_with_a_reason_is_recorded_and_counts_where_it_stands_now(
        self, candidacy, officer_ha_tinh
    ):
        walk(candidacy, Stage.PLANNING, Stage.TRAINED, Stage.ROUND_1, actor=officer_ha_tinh)
        change = advance(
            candidacy,
            Stage.PLANNING,
            officer_ha_tinh,
            reason="Round 1 repeated.",
            on_date=datetime.date(2025, 9, 2),
        )
        candidacy.refresh_from_db()
        assert change.move == StageChange.Move.BACK
        assert candidacy.stage == Stage.PLANNING
        assert candidacy.funnel_position == SEQUENCE.index(Stage.PLANNING)


class TestFinalStages:
    @pytest.mark.parametrize("final", FINAL_STAGES)
    def test_a_final_stage_closes_the_candidacy(self, candidacy, officer_ha_tinh, final):
        walk(candidacy, *SEQUENCE[1:], final, actor=officer_ha_tinh)
        assert candidacy.is_closed
        with pytest.raises(CandidacyRuleError) as error:
            advance(
                candidacy,
                Stage.OFFICIAL,
                officer_ha_tinh,
                reason="Recount.",
                on_date=datetime.date(2025, 9, 2),
            )
        assert "closed" in error.value.message
        assert_nothing_saved(candidacy, final, 8)

    def test_ministry_staff_cannot_reopen_a_closed_candidacy_either(
        self, candidacy, officer_ha_tinh, ministry
    ):
        walk(candidacy, Stage.WITHDRAWN, actor=officer_ha_tinh)
        with pytest.raises(CandidacyRuleError):
            advance(candidacy, Stage.POOL, ministry, reason="Back in.", on_date=datetime.date(2025, 9, 2))

    def test_an_administrator_reopens_a_closed_candidacy_only_with_a_reason(
        self, candidacy, officer_ha_tinh, administrator
    ):
        walk(candidacy, *SEQUENCE[1:], Stage.NOT_ELECTED, actor=officer_ha_tinh)
        later = datetime.date(2025, 9, 3)
        with pytest.raises(CandidacyRuleError) as error:
            advance(candidacy, Stage.ELECTED, administrator, on_date=later)
        assert error.value.field == "reason"
        change = advance(
            candidacy, Stage.ELECTED, administrator, reason="Results corrected after recount.", on_date=later
        )
        candidacy.refresh_from_db()
        assert change.move == StageChange.Move.REOPEN
        assert candidacy.stage == Stage.ELECTED
        # The wrong entry stays in the history, followed by the correction.
        assert list(candidacy.stage_changes.values_list("to_stage", flat=True))[-2:] == [
            Stage.NOT_ELECTED,
            Stage.ELECTED,
        ]


class TestDatesAndChecks:
    def test_moving_to_the_same_stage_is_refused(self, candidacy, officer_ha_tinh):
        with pytest.raises(CandidacyRuleError, match="already at the stage"):
            advance(candidacy, Stage.POOL, officer_ha_tinh)

    def test_an_unknown_stage_is_refused(self, candidacy, officer_ha_tinh):
        with pytest.raises(CandidacyRuleError):
            advance(candidacy, "crowned", officer_ha_tinh)

    def test_a_change_cannot_be_dated_in_the_future(self, candidacy, officer_ha_tinh):
        with pytest.raises(CandidacyRuleError, match="future"):
            advance(
                candidacy,
                Stage.PLANNING,
                officer_ha_tinh,
                on_date=datetime.date.today() + datetime.timedelta(days=1),
            )

    def test_a_change_cannot_be_dated_before_the_current_stage_began(self, candidacy, officer_ha_tinh):
        with pytest.raises(CandidacyRuleError, match="since 01/06/2025"):
            advance(candidacy, Stage.PLANNING, officer_ha_tinh, on_date=datetime.date(2025, 5, 31))
        assert_nothing_saved(candidacy, Stage.POOL, 1)

    def test_the_date_defaults_to_today(self, candidacy, officer_ha_tinh):
        candidacy_advance(candidacy=candidacy, to_stage=Stage.PLANNING, reason="", actor=officer_ha_tinh)
        candidacy.refresh_from_db()
        assert candidacy.stage_since == datetime.date.today()

    def test_an_officer_cannot_move_another_provinces_candidacy(self, candidacy, officer_nghe_an):
        with pytest.raises(PermissionDenied):
            advance(candidacy, Stage.PLANNING, officer_nghe_an)
        assert_nothing_saved(candidacy, Stage.POOL, 1)


class TestCreation:
    def test_a_candidacy_starts_with_an_entry_in_its_history(self, candidacy, officer_ha_tinh):
        (entry,) = candidacy.stage_changes.all()
        assert (
            entry.move == StageChange.Move.ENTRY and entry.from_stage == "" and entry.to_stage == Stage.POOL
        )
        assert entry.changed_by == officer_ha_tinh and candidacy.created_by == officer_ha_tinh

    def test_a_list_of_official_candidates_is_recorded_at_that_stage(
        self, ha_tinh, ha_tinh_council, councils_2026
    ):
        candidacy = candidacy_at(man(ha_tinh), ha_tinh_council, councils_2026, Stage.OFFICIAL)
        assert candidacy.stage == Stage.OFFICIAL
        assert candidacy.funnel_position == SEQUENCE.index(Stage.OFFICIAL)

    def test_the_same_person_cannot_stand_twice_for_one_body_in_one_term(self, candidacy):
        with pytest.raises(CandidacyRuleError, match="already a candidate"):
            candidacy_at(candidacy.person, candidacy.body, candidacy.term)

    def test_a_body_only_takes_candidates_in_terms_of_its_kind(self, ha_tinh, ha_tinh_council, assembly_2026):
        with pytest.raises(CandidacyRuleError, match="does not take candidates"):
            candidacy_at(woman(ha_tinh), ha_tinh_council, assembly_2026)

    def test_an_officer_cannot_record_a_person_of_another_province(
        self, nghe_an, ha_tinh_council, councils_2026, officer_ha_tinh
    ):
        with pytest.raises(PermissionDenied):
            candidacy_at(woman(nghe_an), ha_tinh_council, councils_2026, actor=officer_ha_tinh)

    def test_an_officer_cannot_record_a_candidacy_for_another_provinces_body(
        self, ha_tinh, nghe_an_council, councils_2026, officer_ha_tinh
    ):
        with pytest.raises(CandidacyRuleError, match="own province"):
            candidacy_at(woman(ha_tinh), nghe_an_council, councils_2026, actor=officer_ha_tinh)
        assert not Candidacy.objects.exists()

    def test_a_national_assembly_candidacy_counts_for_the_persons_province(
        self, ha_tinh, national_assembly, assembly_2026, officer_ha_tinh
    ):
        candidacy = candidacy_at(woman(ha_tinh), national_assembly, assembly_2026, actor=officer_ha_tinh)
        assert candidacy.province == ha_tinh


class TestAbolishedBodies:
    @pytest.fixture
    def thach_ha(self, ha_tinh) -> Body:
        legacy_province = AdministrativeUnit.objects.create(
            catalogue=AdministrativeUnit.Catalogue.LEGACY,
            code="42",
            name="Tỉnh Hà Tĩnh",
            short_name="Hà Tĩnh",
            kind=AdministrativeUnit.Kind.PROVINCE,
            successor=ha_tinh,
        )
        district = AdministrativeUnit.objects.create(
            catalogue=AdministrativeUnit.Catalogue.LEGACY,
            code="445",
            name="Huyện Thạch Hà",
            short_name="Thạch Hà",
            kind=AdministrativeUnit.Kind.DISTRICT,
            parent=legacy_province,
        )
        return make_body(
            "Hội đồng nhân dân huyện Thạch Hà",
            district,
            level=Body.Level.DISTRICT,
            abolished_on=datetime.date(2025, 7, 1),
        )

    @pytest.fixture
    def councils_2021(self, db):
        from candidates.models import Term

        return Term.objects.create(
            name="People's Councils 2021–2026",
            kind=Term.Kind.PEOPLES_COUNCILS,
            start_year=2021,
            end_year=2026,
            election_date=datetime.date(2021, 5, 23),
        )

    def test_a_body_of_an_abolished_district_rolls_up_into_its_successor_province(self, thach_ha, ha_tinh):
        assert thach_ha.province == ha_tinh
        assert "abolished 2025" in str(thach_ha)

    def test_it_keeps_the_candidacies_of_the_terms_before_its_abolition(
        self, thach_ha, councils_2021, ha_tinh, officer_ha_tinh
    ):
        candidacy = candidacy_create(
            person=woman(ha_tinh),
            body=thach_ha,
            term=councils_2021,
            nominated_by=None,
            stage=Stage.ELECTED,
            actor=officer_ha_tinh,
            on_date=datetime.date(2021, 5, 23),
        )
        assert candidacy.province == ha_tinh
        assert Candidacy.objects.visible_to(officer_ha_tinh).filter(pk=candidacy.pk).exists()

    def test_it_takes_no_candidacy_for_a_term_after_its_abolition(self, thach_ha, councils_2026, ha_tinh):
        with pytest.raises(CandidacyRuleError, match="abolished on 01/07/2025"):
            candidacy_at(woman(ha_tinh), thach_ha, councils_2026)
