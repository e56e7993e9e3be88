"""match_people: who in a list is already recorded, in batches, within what the user may see."""

from datetime import date

import pytest

from directory.importing.matching import FieldChange, Outcome, match_people
from directory.importing.pipeline import parse_people
from directory.models import Person
from tests.directory.factories import PersonFactory
from tests.importing import builders
from tests.importing.conftest import TODAY

pytestmark = pytest.mark.django_db

HEADER = ["Họ và tên", "Ngày sinh", "Giới tính", "CCCD", "Điện thoại", "Chức vụ", "Tỉnh"]


def parsed_rows(*people: list) -> list:
    data = builders.csv_bytes([HEADER, *people])
    return parse_people(data, today=TODAY).rows


def match_one(person_row: list, scope=None):
    scope = Person.objects.all() if scope is None else scope
    [match] = match_people(parsed_rows(person_row), scope_queryset=scope)
    return match


def hoa(**fields) -> Person:
    defaults = {
        "family_name": "Nguyễn",
        "middle_name": "Thị",
        "given_name": "Hoà",
        "gender": "female",
        "birth_date": date(1985, 5, 16),
        "citizen_id": "042185000123",
    }
    return PersonFactory(**{**defaults, **fields})


class TestById:
    def test_a_person_nobody_has_recorded_is_new(self):
        match = match_one(["Trần Thị Bích", "02/09/1990", "Nữ", "042190000456"])
        assert (match.outcome, match.person, match.changes) == (Outcome.NEW, None, [])

    def test_the_same_id_matches_and_lists_what_the_row_would_fill_in_or_change(self, ha_tinh):
        person = hoa(phone="", position="Chuyên viên", province=ha_tinh)
        match = match_one(
            ["Nguyễn Thị Hoà", "16/05/1985", "Nữ", "042185000123", "0912345678", "Phó trưởng phòng"]
        )
        assert (match.outcome, match.person, match.matched_by) == (Outcome.MATCHED, person, "citizen_id")
        assert match.changes == [
            FieldChange("phone", "", "0912345678"),
            FieldChange("position", "Chuyên viên", "Phó trưởng phòng"),
        ]
        assert [change.fills_blank for change in match.changes] == [True, False]

    def test_a_differently_accented_name_is_the_same_name(self):
        hoa()
        match = match_one(["NGUYỄN THỊ HÒA", "16/05/1985", "Nữ", "042185000123"])
        assert match.outcome == Outcome.MATCHED
        assert match.changes == []

    def test_the_same_id_with_another_name_is_a_conflict_and_nothing_is_merged(self):
        person = hoa()
        match = match_one(["Trần Thị Bích", "16/05/1985", "Nữ", "042185000123"])
        assert (match.outcome, match.person) == (Outcome.CONFLICT, person)
        assert match.messages == [
            "This ID number is recorded for Nguyễn Thị Hoà, not for the name in this row."
        ]
        assert match.changes == []

    def test_the_same_id_with_another_year_of_birth_is_a_conflict(self):
        hoa(birth_date=None, birth_year=1984, citizen_id="042184000123")
        match = match_one(["Nguyễn Thị Hoà", "16/05/1985", "Nữ", "042184000123"])
        assert match.outcome == Outcome.CONFLICT
        assert [reason.code for reason in match.reasons] == ["birth_differs"]
        assert match.messages == ["Nguyễn Thị Hoà is recorded as born 1984; this row says 16/05/1985."]


class TestByName:
    def test_name_and_date_of_birth_match_a_person_without_an_id_and_fill_it_in(self):
        person = hoa(citizen_id=None)
        match = match_one(["Nguyễn Thị Hoà", "16/05/1985", "Nữ", "042185000123"])
        assert (match.outcome, match.person, match.matched_by) == (Outcome.MATCHED, person, "name_birth_date")
        assert match.changes == [FieldChange("citizen_id", None, "042185000123")]

    def test_the_same_name_and_date_with_another_id_is_a_conflict(self):
        hoa(citizen_id="042185000999")
        match = match_one(["Nguyễn Thị Hoà", "16/05/1985", "Nữ", "042185000123"])
        assert match.outcome == Outcome.CONFLICT
        assert match.messages == [
            "Nguyễn Thị Hoà, born 16/05/1985, is already recorded with another ID number (042185000999)."
        ]

    def test_a_year_of_birth_matches_a_person_recorded_with_the_year(self):
        person = hoa(birth_date=None, birth_year=1985, citizen_id=None)
        match = match_one(["Nguyễn Thị Hoà", "1985", "Nữ"])
        assert (match.outcome, match.person, match.matched_by) == (Outcome.MATCHED, person, "name_birth_year")

    def test_a_full_date_fills_in_the_date_of_a_person_known_by_year(self):
        person = hoa(birth_date=None, birth_year=1985, citizen_id=None)
        match = match_one(["Nguyễn Thị Hoà", "16/05/1985", "Nữ"])
        assert (match.outcome, match.person) == (Outcome.MATCHED, person)
        assert match.changes == [FieldChange("birth_date", None, date(1985, 5, 16))]

    def test_a_namesake_born_another_day_is_a_new_person(self):
        hoa(citizen_id=None)
        assert match_one(["Nguyễn Thị Hoà", "17/05/1985", "Nữ"]).outcome == Outcome.NEW

    def test_namesakes_born_the_same_day_are_told_apart_by_province(self, ha_tinh, nghe_an):
        hoa(citizen_id=None, province=nghe_an)
        in_ha_tinh = hoa(citizen_id=None, province=ha_tinh)
        match = match_one(["Nguyễn Thị Hoà", "16/05/1985", "Nữ", None, None, None, "Hà Tĩnh"])
        assert (match.outcome, match.person) == (Outcome.MATCHED, in_ha_tinh)

    def test_namesakes_nothing_tells_apart_are_a_conflict_for_the_user(self):
        first, second = hoa(citizen_id=None), hoa(citizen_id=None)
        match = match_one(["Nguyễn Thị Hoà", "16/05/1985", "Nữ"])
        assert (match.outcome, match.person) == (Outcome.CONFLICT, None)
        assert match.candidates == [first, second]
        assert match.messages == [
            "2 people with this name and date of birth are already recorded: choose the right one."
        ]

    def test_a_namesake_when_the_row_has_no_date_of_birth_is_a_conflict(self):
        person = hoa(citizen_id=None)
        match = match_one(["Nguyễn Thị Hoà"])
        assert (match.outcome, match.candidates) == (Outcome.CONFLICT, [person])
        assert match.messages[0].startswith("A person named Nguyễn Thị Hoà is already recorded")

    def test_a_namesake_of_the_other_sex_is_a_conflict(self):
        hoa(citizen_id=None, gender="male")
        match = match_one(["Nguyễn Thị Hoà", "16/05/1985", "Nữ"])
        assert [reason.code for reason in match.reasons] == ["gender_differs"]


class TestScope:
    def test_an_id_recorded_in_another_province_is_reported_without_that_persons_data(
        self, officer_ha_tinh, nghe_an
    ):
        hoa(province=nghe_an, phone="0912345678")
        match = match_one(
            ["Nguyễn Thị Hoà", "16/05/1985", "Nữ", "042185000123"],
            scope=Person.objects.visible_to(officer_ha_tinh),
        )
        assert (match.outcome, match.person, match.candidates, match.changes) == (
            Outcome.ELSEWHERE,
            None,
            [],
            [],
        )
        assert match.messages == [
            "This ID number is already recorded in another province; ask ministry staff."
        ]
        assert all(not reason.params for reason in match.reasons)

    def test_ministry_staff_match_the_same_id_anywhere(self, ministry, nghe_an):
        person = hoa(province=nghe_an)
        match = match_one(
            ["Nguyễn Thị Hoà", "16/05/1985", "Nữ", "042185000123"], scope=Person.objects.visible_to(ministry)
        )
        assert (match.outcome, match.person) == (Outcome.MATCHED, person)

    def test_namesakes_outside_the_scope_are_never_offered(self, officer_ha_tinh, nghe_an):
        hoa(citizen_id=None, province=nghe_an)
        match = match_one(
            ["Nguyễn Thị Hoà", "16/05/1985", "Nữ"], scope=Person.objects.visible_to(officer_ha_tinh)
        )
        assert (match.outcome, match.candidates) == (Outcome.NEW, [])


class TestBatches:
    def people_rows(self, count: int) -> list:
        rows = []
        for number in range(count):
            citizen_id = f"0421850{number:05d}"
            rows.append([f"Nguyễn Thị Lan {chr(65 + number % 26)}{number}", "16/05/1985", "Nữ", citizen_id])
        return parsed_rows(*rows)

    def existing(self, count: int) -> None:
        for number in range(0, count, 3):
            PersonFactory(
                family_name="Nguyễn",
                middle_name="Thị Lan",
                given_name=f"{chr(65 + number % 26)}{number}",
                birth_date=date(1985, 5, 16),
                citizen_id=f"0421850{number:05d}" if number % 2 else None,
            )

    @pytest.mark.parametrize("count", [5, 60])
    def test_matching_takes_three_queries_whatever_the_number_of_rows(
        self, count, django_assert_max_num_queries
    ):
        self.existing(count)
        rows = self.people_rows(count)
        # Expect 3 queries: ID numbers recorded anywhere, the people among them in scope, people by name.
        with django_assert_max_num_queries(3):
            matches = match_people(rows, scope_queryset=Person.objects.all())
        assert len(matches) == count
        assert sum(match.outcome == Outcome.MATCHED for match in matches) == len(range(0, count, 3))

    def test_a_list_of_new_people_costs_two_queries(self, django_assert_num_queries):
        rows = self.people_rows(40)
        # Expect 2 queries: ID numbers recorded anywhere (none), people by name.
        with django_assert_num_queries(2):
            matches = match_people(rows, scope_queryset=Person.objects.all())
        assert {match.outcome for match in matches} == {Outcome.NEW}

    def test_large_lists_are_matched_in_batches_of_a_fixed_cost(self, django_assert_max_num_queries):
        self.existing(30)
        rows = self.people_rows(30)
        with django_assert_max_num_queries(9):
            matches = match_people(rows, scope_queryset=Person.objects.all(), batch_size=10)
        assert [match.sheet_row for match in matches] == list(range(2, 32))

    def test_blank_and_heading_rows_get_no_match(self):
        data = builders.csv_bytes(
            [HEADER, ["I. Khối Đảng"], ["Lan", "16/05/1985"], [], ["Mai", "01/01/1990"]]
        )
        rows = parse_people(data, today=TODAY).rows
        assert [match.sheet_row for match in match_people(rows, scope_queryset=Person.objects.all())] == [
            3,
            5,
        ]
