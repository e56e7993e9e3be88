"""The stage history is append-only: every move adds a row, and no row is ever changed or deleted."""

import datetime

import pytest
from django.db.models.deletion import ProtectedError
from django.urls import reverse

from candidates.models import Candidacy, HistoryIsAppendOnly, Stage, StageChange
from candidates.services import candidacy_advance
from tests.candidates.conftest import candidacy_at, walk, woman

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidacy(ha_tinh, ha_tinh_council, councils_2026, officer_ha_tinh) -> Candidacy:
    candidacy = candidacy_at(woman(ha_tinh), ha_tinh_council, councils_2026, actor=officer_ha_tinh)
    return walk(candidacy, Stage.PLANNING, Stage.TRAINED, actor=officer_ha_tinh)


def snapshot(candidacy: Candidacy) -> list[tuple]:
    return list(
        StageChange.objects.filter(candidacy=candidacy)
        .order_by("pk")
        .values_list("pk", "from_stage", "to_stage", "move", "on_date", "reason", "changed_by", "recorded_at")
    )


def test_every_move_appends_one_row_and_leaves_the_earlier_rows_as_they_were(candidacy, officer_ha_tinh):
    before = snapshot(candidacy)
    candidacy_advance(
        candidacy=candidacy,
        to_stage=Stage.POOL,
        reason="Planning list revised.",
        actor=officer_ha_tinh,
        on_date=datetime.date(2025, 10, 1),
    )
    after = snapshot(candidacy)
    assert after[: len(before)] == before
    assert len(after) == len(before) + 1
    assert after[-1][1:4] == (Stage.TRAINED, Stage.POOL, StageChange.Move.BACK)


def test_a_stage_change_cannot_be_saved_again(candidacy):
    change = candidacy.stage_changes.first()
    change.reason = "Rewritten"
    with pytest.raises(HistoryIsAppendOnly):
        change.save()
    assert candidacy.stage_changes.first().reason == ""


def test_a_stage_change_cannot_be_deleted(candidacy):
    with pytest.raises(HistoryIsAppendOnly):
        candidacy.stage_changes.first().delete()
    assert candidacy.stage_changes.count() == 3


def test_stage_changes_cannot_be_updated_or_deleted_in_bulk(candidacy):
    with pytest.raises(HistoryIsAppendOnly):
        StageChange.objects.filter(candidacy=candidacy).update(reason="Rewritten")
    with pytest.raises(HistoryIsAppendOnly):
        StageChange.objects.filter(candidacy=candidacy).delete()
    assert candidacy.stage_changes.count() == 3


def test_a_candidacy_with_a_history_cannot_be_deleted(candidacy):
    with pytest.raises(ProtectedError):
        candidacy.delete()


class TestAdmin:
    def test_the_admin_shows_stage_changes_read_only(self, candidacy, admin_client_):
        change = candidacy.stage_changes.first()
        url = reverse("admin:candidates_stagechange_change", args=[change.pk])
        response = admin_client_.get(url)
        assert response.status_code == 200
        assert not response.context["has_change_permission"]
        assert admin_client_.post(url, {"reason": "Rewritten"}).status_code == 403
        delete_url = reverse("admin:candidates_stagechange_delete", args=[change.pk])
        assert admin_client_.post(delete_url, {"post": "yes"}).status_code == 403
        assert admin_client_.get(reverse("admin:candidates_stagechange_add")).status_code == 403
        assert StageChange.objects.get(pk=change.pk).reason == ""

    def test_the_admin_cannot_add_or_delete_candidacies(self, candidacy, admin_client_):
        assert admin_client_.get(reverse("admin:candidates_candidacy_add")).status_code == 403
        delete_url = reverse("admin:candidates_candidacy_delete", args=[candidacy.pk])
        assert admin_client_.post(delete_url, {"post": "yes"}).status_code == 403
        assert Candidacy.objects.filter(pk=candidacy.pk).exists()
