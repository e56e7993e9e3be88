"""parse_people: a messy list as provinces send it, read into rows with their repairs and problems."""

import unicodedata
from datetime import date, datetime

import pytest

from directory.importing.cleaning import Cleaned, Finding
from directory.importing.headers import IGNORE
from directory.importing.pipeline import ExtraField, RowStatus, parse_people
from tests.importing import builders
from tests.importing.conftest import TODAY

pytestmark = pytest.mark.django_db

HEADER = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    None,
    "Dân tộc",
    "Số CCCD",
    "SĐT",
    "Email",
    "Chức vụ",
    "Đơn vị công tác",
    "Tỉnh/Thành phố",
    "Ghi chú",
]
SUB_HEADER = [None, None, "Nam", "Nữ"]
MESSY_ROWS = [
    *builders.TITLE_LINES,  # rows 1–6
    HEADER,  # row 7
    SUB_HEADER,  # row 8
    ["I", "KHỐI CƠ QUAN ĐẢNG"],  # row 9: a group heading
    # row 10: NFD, double space, an ID and a phone that lost their leading zero, an email in capitals
    [
        1,
        unicodedata.normalize("NFD", "Nguyễn  Thị Hoà"),
        None,
        1985,
        "Kinh",
        42185000123,
        912345678,
        "Hoa.Nguyen@HaTinh.gov.vn",
        "Phó Trưởng phòng",
        "Sở Nội vụ",
        "Hà Tĩnh",
        None,
    ],
    [],  # row 11: blank inside the table
    # row 12: capitals, an x in the "Nữ" column, H'Mông, +84, an old province
    [
        2,
        "TRẦN THỊ BÍCH",
        None,
        "x",
        "H'Mông",
        "042190000456",
        "+84 987 654 321",
        None,
        None,
        None,
        "Bà Rịa - Vũng Tàu",
    ],
    # row 13: a man, and an ID that Excel rounded
    [
        3,
        "Lê Văn Nam",
        1979,
        None,
        "Kinh",
        "1.08712E+11",
        "0912.345.679",
        "nam@",
        "Chuyên viên",
        None,
        "Nghệ An",
    ],
    # row 14: row 10 again
    [4, "Nguyễn Thị Hoà", None, 1985, "Kinh", "042185000123", None, None, None, None, "Hà Tĩnh"],
    # row 15: no name
    [5, None, None, 1990, "Kinh", None, "0912345670"],
    *builders.SIGNATURE_BLOCK,  # rows 16–20
]
MERGES = ["A7:A8", "B7:B8", "C7:D7", "E7:E8", "F7:F8", "G7:G8", "H7:H8", "I7:I8", "J7:J8", "K7:K8", "L7:L8"]


def messy_list() -> bytes:
    return builders.xlsx_bytes(MESSY_ROWS, merges=[*MERGES, "B9:L9"])


def by_row(parsed) -> dict:
    return {row.sheet_row: row for row in parsed.rows}


def codes(issues) -> list[str]:
    return [issue.code for issue in issues]


@pytest.fixture
def messy(ethnic_groups, provinces):
    return by_row(parse_people(messy_list(), filename="lop-1.xlsx", today=TODAY))


class TestMessyList:
    def test_every_row_gets_a_status_and_the_signature_is_left_out(self, messy):
        assert {number: row.status for number, row in messy.items()} == {
            9: RowStatus.SKIPPED_HEADING,
            10: RowStatus.OK,
            11: RowStatus.SKIPPED_BLANK,
            12: RowStatus.OK,
            13: RowStatus.ERROR,
            14: RowStatus.ERROR,
            15: RowStatus.ERROR,
        }

    def test_a_woman_born_in_1985_is_read_with_her_repairs(self, messy, ethnic_groups, provinces):
        row = messy[10]
        assert row.values == {
            "full_name": "Nguyễn Thị Hoà",
            "family_name": "Nguyễn",
            "middle_name": "Thị",
            "given_name": "Hoà",
            "gender": "female",
            "birth_year": 1985,
            "ethnic_group": ethnic_groups["Kinh"],
            "citizen_id": "042185000123",
            "phone": "0912345678",
            "email": "hoa.nguyen@hatinh.gov.vn",
            "position": "Phó Trưởng phòng",
            "workplace": "Sở Nội vụ",
            "province": provinces["Hà Tĩnh"],
        }
        assert unicodedata.is_normalized("NFC", row.values["full_name"])
        assert codes(row.repairs) == ["name_spaces", "citizen_id_leading_zero", "phone_leading_zero"]
        assert row.problems == []

    def test_repairs_say_where_they_were_made(self, messy):
        repair = messy[10].repairs[1]
        assert (repair.sheet_row, repair.column, repair.header, repair.field) == (
            10,
            "F",
            "Số CCCD",
            "citizen_id",
        )
        assert repair.message == "The leading zero Excel had dropped was restored: 042185000123."

    def test_an_x_in_the_female_column_an_alias_and_an_old_province_are_repaired(
        self, messy, ethnic_groups, provinces
    ):
        row = messy[12]
        assert row.values["gender"] == "female"
        assert "birth_year" not in row.values
        assert row.values["full_name"] == "Trần Thị Bích"
        assert row.values["ethnic_group"] == ethnic_groups["Mông"]
        assert row.values["province"] == provinces["Hồ Chí Minh"]
        assert row.values["phone"] == "0987654321"
        assert codes(row.repairs) == [
            "name_capitals",
            "phone_country_code",
            "ethnic_alias",
            "province_legacy",
        ]
        legacy = row.repairs[-1]
        assert (legacy.column, legacy.header) == ("K", "Tỉnh/Thành phố")
        assert "Bà Rịa - Vũng Tàu" in legacy.message

    def test_a_rounded_id_and_a_broken_email_are_problems_of_their_columns(self, messy):
        row = messy[13]
        assert row.values["gender"] == "male"
        assert row.values["birth_year"] == 1979
        assert [(issue.column, issue.code) for issue in row.problems] == [
            ("F", "citizen_id_scientific"),
            ("H", "email_invalid"),
        ]

    def test_a_person_listed_twice_is_flagged_on_the_second_row(self, messy):
        row = messy[14]
        assert row.duplicate_of == 10
        assert codes(row.problems) == ["duplicate_citizen_id"]
        assert row.problems[0].message == "Row 10 has the same ID number: a person can be listed only once."

    def test_a_row_without_a_name_is_an_error(self, messy):
        row = messy[15]
        assert codes(row.problems) == ["name_missing"]
        assert (row.problems[0].column, row.problems[0].header) == ("B", "Họ và tên")

    def test_the_sheet_knows_where_the_table_was(self, ethnic_groups, provinces):
        parsed = parse_people(messy_list(), filename="lop-1.xlsx", today=TODAY)
        assert parsed.header.header_rows == (7, 8)
        assert (parsed.end_row, parsed.end_reason) == (17, "signature")
        assert parsed.counts == {"ok": 2, "error": 3, "skipped_blank": 1, "skipped_heading": 1}
        assert [row.sheet_row for row in parsed.people] == [10, 12, 13, 14, 15]
        assert (parsed.filename, parsed.file_format, parsed.sheet_name) == ("lop-1.xlsx", "xlsx", "Danh sách")


SIMPLE_HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD/CMND", "Điện thoại"]
SIMPLE_EXPECTED = [
    ("Nguyễn Thị Hoà", date(1985, 5, 16), "female", "042185000123", "0912345678"),
    ("Trần Thị Bích", date(1990, 9, 2), "female", "001190000456", "0987654321"),
]


def simple_rows(*, as_text: bool) -> list[list]:
    """The same two people as a workbook stores them (numbers, dates) or as a text file does."""
    if as_text:
        people = [
            ["1", "Nguyễn Thị Hoà", "16/05/1985", "Nữ", "42185000123", "912345678"],
            ["2", "Trần Thị Bích", "02/09/1990", "nu", "1190000456", "0987 654 321"],
        ]
    else:
        people = [
            [1, "Nguyễn Thị Hoà", date(1985, 5, 16), "Nữ", 42185000123, 912345678],
            [2, "Trần Thị Bích", date(1990, 9, 2), "nu", 1190000456, "0987 654 321"],
        ]
    return [["DANH SÁCH HỌC VIÊN"], [], SIMPLE_HEADER, *people, [], [None, "Người lập biểu"]]


FORMATS = {
    "xlsx": lambda: builders.xlsx_bytes(simple_rows(as_text=False)),
    "xls": lambda: builders.xls_bytes(simple_rows(as_text=False)),
    "ods": lambda: builders.ods_bytes(simple_rows(as_text=True)),
    "csv with commas": lambda: builders.csv_bytes(simple_rows(as_text=True)),
    "csv with semicolons and a BOM": lambda: builders.csv_bytes(
        simple_rows(as_text=True), delimiter=";", bom=True
    ),
    "Unicode text (UTF-16, tabs)": lambda: builders.unicode_text_bytes(simple_rows(as_text=True)),
}


@pytest.mark.parametrize("file_format", FORMATS)
def test_the_same_list_reads_the_same_in_every_format(file_format):
    parsed = parse_people(FORMATS[file_format](), filename="list", today=TODAY)
    people = [
        (
            row.values["full_name"],
            row.values["birth_date"],
            row.values["gender"],
            row.values["citizen_id"],
            row.values["phone"],
        )
        for row in parsed.people
    ]
    assert people == SIMPLE_EXPECTED
    assert all(row.status == RowStatus.OK for row in parsed.people)


def test_each_kind_of_date_cell_is_read_in_a_sheet():
    rows = [
        ["Họ và tên", "Ngày sinh"],
        ["A", datetime(1985, 5, 16)],
        ["B", 31183],
        ["C", "16/05/1985"],
        ["D", "16-5-85"],
        ["E", "1985"],
        ["F", 1985],
    ]
    parsed = parse_people(builders.xlsx_bytes(rows), today=TODAY)
    births = [(row.values.get("birth_date"), row.values.get("birth_year")) for row in parsed.people]
    assert births == [(date(1985, 5, 16), 1985)] * 4 + [(None, 1985)] * 2
    assert [codes(row.repairs) for row in parsed.people] == [
        [],
        ["date_serial"],
        [],
        ["date_two_digit_year"],
        [],
        [],
    ]


def test_a_year_that_disagrees_with_the_date_is_a_problem():
    rows = [["Họ và tên", "Ngày sinh", "Năm sinh"], ["Lan", "16/05/1985", 1986]]
    row = parse_people(builders.xlsx_bytes(rows), today=TODAY).people[0]
    assert codes(row.problems) == ["birth_year_disagrees"]
    assert row.problems[0].column == "C"


def test_a_gender_column_that_disagrees_with_the_sex_columns_is_a_problem():
    rows = [["Họ và tên", "Giới tính", "Nam", "Nữ"], ["Lan", "Nam", None, 1985]]
    row = parse_people(builders.csv_bytes(rows), today=TODAY).people[0]
    assert codes(row.problems) == ["gender_disagrees"]


def test_marks_in_both_sex_columns_are_a_problem():
    rows = [["Họ và tên", "Nam", "Nữ"], ["Lan", "x", "x"]]
    row = parse_people(builders.csv_bytes(rows), today=TODAY).people[0]
    assert codes(row.problems) == ["sex_columns_both"]


def test_the_id_is_checked_against_the_sex_and_year_of_the_row():
    rows = [["Họ và tên", "Giới tính", "Năm sinh", "CCCD"], ["Lan", "Nữ", 1985, "042085000123"]]
    row = parse_people(builders.csv_bytes(rows), today=TODAY).people[0]
    assert codes(row.problems) == ["citizen_id_sex"]
    assert "4th digit" in row.problems[0].message


def test_the_same_name_and_date_of_birth_twice_is_flagged_but_the_same_year_is_not():
    rows = [
        ["Họ và tên", "Ngày sinh"],
        ["Nguyễn Thị Lan", "16/05/1985"],
        ["NGUYỄN THỊ LAN", "16/05/1985"],
        ["Trần Thị Mai", "1985"],
        ["Trần Thị Mai", "1985"],
    ]
    parsed = parse_people(builders.csv_bytes(rows), today=TODAY)
    assert [row.duplicate_of for row in parsed.people] == [None, 2, None, None]
    assert parsed.people[1].problems[0].message == (
        "Same name and date of birth as row 2: the person is listed twice."
    )


def test_a_family_name_and_a_given_name_in_two_columns_make_the_full_name():
    rows = [["STT", "Họ và tên", None], [None, "Họ đệm", "Tên"], [1, "nguyễn thị minh", "hoà"]]
    row = parse_people(builders.xlsx_bytes(rows, merges=["B1:C1"]), today=TODAY).people[0]
    assert (row.values["family_name"], row.values["middle_name"], row.values["given_name"]) == (
        "Nguyễn",
        "Thị Minh",
        "Hoà",
    )
    assert row.values["full_name"] == "Nguyễn Thị Minh Hoà"


def test_english_headers_are_read():
    rows = [
        ["No.", "Full name", "Date of birth", "Gender", "Email"],
        [1, "Nguyen Thi Lan", "16/05/1985", "F", "a@b.vn"],
    ]
    row = parse_people(builders.csv_bytes(rows), today=TODAY).people[0]
    assert (row.values["full_name"], row.values["gender"], row.values["email"]) == (
        "Nguyen Thi Lan",
        "female",
        "a@b.vn",
    )


def test_the_users_mapping_changes_what_a_column_feeds():
    rows = [["Họ và tên", "Ngày", "Ghi chú"], ["Lan", "16/05/1985", "trưởng nhóm"]]
    row = parse_people(
        builders.csv_bytes(rows), mapping={"B": "birth_date", "C": IGNORE}, today=TODAY
    ).people[0]
    assert row.values["birth_date"] == date(1985, 5, 16)
    assert "notes" not in row.values


def clean_role(raw) -> Cleaned:
    roles = {"học viên": "trainee", "giảng viên": "trainer", "hv": "trainee"}
    text = str(raw or "").strip().lower()
    if not text:
        return Cleaned("")
    if text in roles:
        return Cleaned(roles[text])
    return Cleaned("", problems=(Finding("role_unknown", "“%(value)s” is not a role.", {"value": raw}),))


def test_an_import_can_add_its_own_columns():
    rows = [
        ["Họ và tên", "Vai trò", "Đơn vị cử", "Điểm trước"],
        ["Lan", "Học viên", "Sở Nội vụ", 6.5],
        ["Mai", "Khách", "Sở Y tế", 7],
        ["Hồng", None, "Sở Y tế", 8],
    ]
    parsed = parse_people(
        builders.xlsx_bytes(rows),
        extra_fields={
            "role": ExtraField(("Vai trò", "Role"), label="role", clean=clean_role, required=True),
            "nominating_organisation": ["Đơn vị cử"],
            "pre_score": ExtraField(("Điểm trước",), clean=lambda raw: Cleaned(raw)),
        },
        today=TODAY,
    )
    lan, mai, hong = parsed.people
    assert lan.values["role"] == "trainee"
    assert lan.values["nominating_organisation"] == "Sở Nội vụ"
    assert "workplace" not in lan.values
    assert lan.values["pre_score"] == 6.5
    assert [(issue.column, issue.code, issue.message) for issue in mai.problems] == [
        ("B", "role_unknown", "“Khách” is not a role.")
    ]
    assert [issue.message for issue in hong.problems] == ["The role is missing."]


def test_the_cycle_collector_is_running_again_after_a_parse_and_left_off_if_it_was_off():
    import gc

    data = builders.csv_bytes([["Họ và tên", "Năm sinh"], ["Lan", 1985]])
    parse_people(data, today=TODAY)
    assert gc.isenabled()
    gc.disable()
    try:
        parse_people(data, today=TODAY)
        assert not gc.isenabled()
    finally:
        gc.enable()
