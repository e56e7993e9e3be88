"""The candidate list import: reading a messy list, the outcome of each row, and the all-or-nothing commit.

Cast: the officer of Hà Tĩnh imports her province's list; the officer of Nghệ An must not reach it;
ministry staff import a list of Hồ Chí Minh City written with pre-2025 province names.
"""

import datetime
import unicodedata

import pytest

from candidates import importing
from candidates.importing import (
    CandidateImportError,
    RowOutcome,
    candidate_import_commit,
    candidate_import_create,
    preview_candidates,
)
from candidates.models import Body, Candidacy, CandidateImport, Stage, StageChange
from candidates.services import CandidacyRuleError
from directory.models import AdministrativeUnit, Organisation, Person
from directory.provinces import clear_province_cache
from tests.candidates.conftest import candidacy_at, make_body, woman
from tests.importing.builders import TITLE_LINES, xlsx_bytes

HEADER = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số CCCD",
    "Tỉnh",
    "Ứng cử vào",
    "Giai đoạn",
    "Cơ quan giới thiệu",
    "Ghi chú",
]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def candidate_list(*rows) -> bytes:
    numbered = [[number, *row] for number, row in enumerate(rows, start=1)]
    return xlsx_bytes([*TITLE_LINES, HEADER, *numbered])


def by_row(preview) -> dict[int, importing.CandidateRow]:
    return {row.sheet_row: row for row in preview.rows}


FIRST_ROW = len(TITLE_LINES) + 2  # the sheet row of the first person


@pytest.fixture(autouse=True)
def fresh_province_index():
    clear_province_cache()
    yield
    clear_province_cache()


@pytest.fixture
def ho_chi_minh(db) -> AdministrativeUnit:
    Unit = AdministrativeUnit
    city = Unit.objects.create(
        catalogue=Unit.Catalogue.CURRENT,
        code="79",
        name="Thành phố Hồ Chí Minh",
        short_name="Hồ Chí Minh",
        kind=Unit.Kind.CITY,
    )
    # Resolution 202/2025/QH15: Bà Rịa - Vũng Tàu joined Hồ Chí Minh City on 1 July 2025.
    Unit.objects.create(
        catalogue=Unit.Catalogue.LEGACY,
        code="77",
        name="Tỉnh Bà Rịa - Vũng Tàu",
        short_name="Bà Rịa - Vũng Tàu",
        kind=Unit.Kind.PROVINCE,
        successor=city,
    )
    return city


@pytest.fixture
def hcm_council(ho_chi_minh) -> Body:
    return make_body("Hội đồng nhân dân Thành phố Hồ Chí Minh", ho_chi_minh, seats=105)


@pytest.fixture
def hcm_chair(ho_chi_minh) -> Body:
    return make_body(
        "Chủ tịch UBND Thành phố Hồ Chí Minh",
        ho_chi_minh,
        kind=Body.Kind.LEADERSHIP_POST,
        seats=1,
    )


@pytest.fixture
def women_union_hcm(ho_chi_minh) -> Organisation:
    return Organisation.objects.create(
        name="Hội Liên hiệp Phụ nữ Thành phố Hồ Chí Minh",
        short_name="Hội LHPN TP.HCM",
        kind=Organisation.Kind.WOMENS_UNION,
        unit=ho_chi_minh,
    )


class TestMessyList:
    @pytest.fixture
    def recorded(self, ho_chi_minh) -> Person:
        return woman(
            ho_chi_minh,
            family_name="Phạm",
            middle_name="Thị",
            given_name="Thu",
            birth_date=datetime.date(1978, 2, 3),
            birth_year=None,
        )

    @pytest.fixture
    def messy(self, hcm_council, hcm_chair, women_union_hcm, recorded) -> bytes:
        return candidate_list(
            # NFD name, ID whose leading zero Excel dropped, a pre-2025 province, a stage in Vietnamese.
            [
                nfd("Nguyễn Thị Hoà"),
                "16/05/1985",
                "Nữ",
                79185000123,
                "Bà Rịa - Vũng Tàu",
                "",
                "Hiệp thương vòng 2",
                "Hội LHPN TP.HCM",
                "",
            ],
            # Capitals, a year only, another body named by its folded name, an unknown nominator.
            [
                "TRẦN THỊ BÍCH",
                "1979",
                "nữ",
                None,
                "TP. Hồ Chí Minh",
                "chu tich ubnd thanh pho ho chi minh",
                "ỨNG CỬ VIÊN CHÍNH THỨC",
                "Sở Nội vụ",
                "Tái cử",
            ],
            # A person already recorded, the stage typed without diacritics.
            ["Phạm Thị Thu", "03/02/1978", "Nữ", None, "Hồ Chí Minh", "", "quy hoach", "", ""],
            # English spelling, blank stage.
            ["Lê Thị Mai", "01/01/1990", "Female", None, "Hồ Chí Minh", "", "", "", ""],
        )

    def test_a_messy_list_is_read_with_its_repairs(self, messy, ministry, hcm_council, hcm_chair, recorded):
        preview = preview_candidates(
            messy, term=self.term, body=hcm_council, user=ministry, filename="ds.xlsx"
        )
        rows = by_row(preview)
        first, second, third, fourth = (rows[FIRST_ROW + offset] for offset in range(4))
        assert not preview.has_errors, [row.messages for row in preview.rows]
        assert first.values["full_name"] == "Nguyễn Thị Hoà"
        assert first.values["citizen_id"] == "079185000123"
        assert first.stage == Stage.ROUND_2
        assert first.body == hcm_council
        assert first.nominated_by.short_name == "Hội LHPN TP.HCM"
        assert "province_legacy" in [issue.code for issue in first.repairs]
        assert (second.body, second.stage, second.nominated_by) == (hcm_chair, Stage.OFFICIAL, None)
        assert second.notes == "Nominated by: Sở Nội vụ\nTái cử"
        assert (third.outcome, third.person, third.stage) == (
            RowOutcome.EXISTING_PERSON,
            recorded,
            Stage.PLANNING,
        )
        assert (fourth.outcome, fourth.stage) == (RowOutcome.NEW_PERSON, Stage.POOL)
        assert preview.counts["new_person"] == 3

    @pytest.fixture(autouse=True)
    def _term(self, councils_2026):
        self.term = councils_2026

    def test_a_messy_list_is_imported_with_a_first_stage_change_for_each_candidacy(
        self, messy, ministry, hcm_council, ho_chi_minh, recorded
    ):
        batch = candidate_import_create(
            content=messy, filename="ds.xlsx", term=self.term, body=hcm_council, actor=ministry
        )
        batch = candidate_import_commit(batch=batch, actor=ministry)

        assert batch.status == CandidateImport.Status.COMMITTED
        assert batch.counts["created"] == 4 and batch.counts["created_people"] == 3
        hoa = Person.objects.get(citizen_id="079185000123")
        assert hoa.full_name == "Nguyễn Thị Hoà" and hoa.province == ho_chi_minh
        candidacies = Candidacy.objects.filter(term=self.term)
        assert candidacies.count() == 4
        assert candidacies.get(person=recorded).stage == Stage.PLANNING
        for candidacy in candidacies:
            (entry,) = candidacy.stage_changes.all()
            assert (entry.move, entry.to_stage, entry.changed_by) == (
                StageChange.Move.ENTRY,
                candidacy.stage,
                ministry,
            )
            assert "ds.xlsx" in entry.reason
        assert candidacies.get(person=hoa).province == ho_chi_minh

    def test_importing_the_same_list_twice_adds_no_person_and_no_candidacy(
        self, messy, ministry, hcm_council
    ):
        first = candidate_import_create(
            content=messy, filename="ds.xlsx", term=self.term, body=hcm_council, actor=ministry
        )
        candidate_import_commit(batch=first, actor=ministry)
        people, candidacies = Person.objects.count(), Candidacy.objects.count()

        again = candidate_import_create(
            content=messy, filename="ds.xlsx", term=self.term, body=hcm_council, actor=ministry
        )
        preview = importing.preview_batch(again, user=ministry)
        assert {row.outcome for row in preview.rows} == {RowOutcome.ALREADY}
        candidate_import_commit(batch=again, actor=ministry)
        assert (Person.objects.count(), Candidacy.objects.count()) == (people, candidacies)


class TestOutcomes:
    @pytest.fixture
    def preview(self, officer_ha_tinh, councils_2026, ha_tinh, ha_tinh_council, nghe_an_council):
        recorded = woman(ha_tinh, given_name="Hương", birth_date=datetime.date(1980, 1, 2), birth_year=None)
        standing = woman(ha_tinh, given_name="Nga", birth_date=datetime.date(1975, 6, 7), birth_year=None)
        candidacy_at(standing, ha_tinh_council, councils_2026)
        assert recorded.full_name == "Nguyễn Thị Hương"
        content = candidate_list(
            ["Võ Thị Lan", "12/12/1988", "Nữ", None, "Hà Tĩnh", "", "", "", ""],
            ["Nguyễn Thị Hương", "02/01/1980", "Nữ", None, "", "", "trúng cử", "", ""],
            ["Nguyễn Thị Nga", "07/06/1975", "Nữ", None, "", "", "", "", ""],
            ["Hồ Thị Tâm", "01/02/1983", "Nữ", None, "", "", "bầu bổ sung", "", ""],
            ["Đặng Thị Yến", "01/03/1984", "Nữ", None, "", "Hội đồng nhân dân tỉnh Nghệ An", "", "", ""],
            ["Đinh Thị Xuân", "01/04/1985", "Nữ", None, "Nghệ An", "", "", "", ""],
        )
        return by_row(
            preview_candidates(content, term=councils_2026, body=ha_tinh_council, user=officer_ha_tinh)
        )

    def test_a_person_nobody_matches_is_a_new_person_with_a_new_candidacy(self, preview):
        assert preview[FIRST_ROW].outcome == RowOutcome.NEW_PERSON

    def test_a_recorded_person_gets_a_new_candidacy(self, preview):
        row = preview[FIRST_ROW + 1]
        assert (row.outcome, row.person.given_name, row.stage) == (
            RowOutcome.EXISTING_PERSON,
            "Hương",
            Stage.ELECTED,
        )

    def test_a_person_already_candidate_for_the_body_and_term_is_skipped(self, preview):
        assert preview[FIRST_ROW + 2].outcome == RowOutcome.ALREADY

    def test_an_unknown_stage_is_an_error_of_its_cell(self, preview):
        row = preview[FIRST_ROW + 3]
        assert row.outcome == RowOutcome.ERROR
        (problem,) = row.problems
        assert (problem.column, problem.code) == ("H", "stage_unknown")
        assert "“bầu bổ sung” is not a stage" in problem.message

    def test_a_row_naming_another_provinces_body_is_an_error_for_an_officer(self, preview):
        row = preview[FIRST_ROW + 4]
        assert row.outcome == RowOutcome.ERROR
        assert [issue.code for issue in row.problems] == ["body"]
        assert "another province" in row.problems[0].message

    def test_a_new_person_of_another_province_is_an_error_for_an_officer(self, preview):
        row = preview[FIRST_ROW + 5]
        assert row.outcome == RowOutcome.ERROR
        assert "another province (Tỉnh Nghệ An)" in row.problems[0].message

    def test_a_person_listed_for_two_bodies_is_one_new_person_with_two_candidacies(
        self, ministry, councils_2026, hcm_council, hcm_chair
    ):
        content = candidate_list(
            ["Lê Thị Mai", "01/01/1990", "Nữ", None, "", hcm_council.name, "", "", ""],
            ["Lê Thị Mai", "01/01/1990", "Nữ", None, "", hcm_chair.name, "", "", ""],
        )
        batch = candidate_import_create(
            content=content, filename="ds.xlsx", term=councils_2026, body=None, actor=ministry
        )
        candidate_import_commit(batch=batch, actor=ministry)
        mai = Person.objects.get(search_key="le thi mai")
        assert set(mai.candidacies.values_list("body__name", flat=True)) == {hcm_council.name, hcm_chair.name}


class TestAllOrNothing:
    @pytest.fixture
    def batch(self, officer_ha_tinh, councils_2026, ha_tinh_council) -> CandidateImport:
        content = candidate_list(
            ["Võ Thị Lan", "12/12/1988", "Nữ", None, "", "", "", "", ""],
            ["Hồ Thị Tâm", "01/02/1983", "Nữ", None, "", "", "", "", ""],
            ["Đặng Thị Yến", "01/03/1984", "Nữ", None, "", "", "chính thức", "", ""],
        )
        return candidate_import_create(
            content=content,
            filename="ds.xlsx",
            term=councils_2026,
            body=ha_tinh_council,
            actor=officer_ha_tinh,
        )

    def test_a_rule_error_on_the_last_row_leaves_nothing_and_names_the_row(
        self, batch, officer_ha_tinh, monkeypatch
    ):
        real = importing.candidacy_create

        def refuse_the_official(**kwargs):
            if kwargs["stage"] == Stage.OFFICIAL:
                raise CandidacyRuleError("The list of official candidates is closed.")
            return real(**kwargs)

        monkeypatch.setattr(importing, "candidacy_create", refuse_the_official)
        with pytest.raises(CandidateImportError) as refused:
            candidate_import_commit(batch=batch, actor=officer_ha_tinh)
        assert refused.value.message == (
            f"Row {FIRST_ROW + 2}: The list of official candidates is closed. Nothing was imported."
        )
        assert not Person.objects.exists()
        assert not Candidacy.objects.exists()
        assert not StageChange.objects.exists()
        batch.refresh_from_db()
        assert batch.status == CandidateImport.Status.PREVIEWED

    def test_a_failure_in_the_middle_of_the_commit_leaves_nothing(self, batch, officer_ha_tinh, monkeypatch):
        real = importing.candidacy_create
        calls = []

        def fail_on_the_second(**kwargs):
            calls.append(kwargs)
            if len(calls) == 2:
                raise RuntimeError("the database went away")
            return real(**kwargs)

        monkeypatch.setattr(importing, "candidacy_create", fail_on_the_second)
        with pytest.raises(RuntimeError):
            candidate_import_commit(batch=batch, actor=officer_ha_tinh)
        assert not Person.objects.exists()
        assert not Candidacy.objects.exists()

    def test_a_list_cannot_be_imported_twice(self, batch, officer_ha_tinh):
        candidate_import_commit(batch=batch, actor=officer_ha_tinh)
        with pytest.raises(CandidateImportError, match="already been imported"):
            candidate_import_commit(batch=batch, actor=officer_ha_tinh)
        assert Candidacy.objects.count() == 3

    def test_a_list_with_error_rows_is_refused_unless_they_are_left_out(
        self, officer_ha_tinh, councils_2026, ha_tinh_council
    ):
        content = candidate_list(
            ["Võ Thị Lan", "12/12/1988", "Nữ", None, "", "", "", "", ""],
            ["Hồ Thị Tâm", "01/02/1983", "Nữ", None, "", "", "bầu bổ sung", "", ""],
        )
        batch = candidate_import_create(
            content=content,
            filename="ds.xlsx",
            term=councils_2026,
            body=ha_tinh_council,
            actor=officer_ha_tinh,
        )
        with pytest.raises(CandidateImportError, match="1 rows have errors"):
            candidate_import_commit(batch=batch, actor=officer_ha_tinh)
        assert not Candidacy.objects.exists()

        batch = candidate_import_commit(batch=batch, actor=officer_ha_tinh, skip_errors=True)
        assert Candidacy.objects.get().person.full_name == "Võ Thị Lan"
        assert [skipped["row"] for skipped in batch.skipped_rows] == [FIRST_ROW + 1]

    def test_an_officers_new_people_belong_to_her_province(self, batch, officer_ha_tinh, ha_tinh):
        candidate_import_commit(batch=batch, actor=officer_ha_tinh)
        assert set(Person.objects.values_list("province", flat=True)) == {ha_tinh.pk}
        assert set(Candidacy.objects.values_list("province", flat=True)) == {ha_tinh.pk}
