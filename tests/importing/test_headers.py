"""Finding the header, mapping columns, and telling where the table of people ends."""

import pytest
from django.utils.translation import gettext_lazy as _

from directory.importing.headers import (
    DEFAULT_VOCABULARY,
    IGNORE,
    SpreadsheetError,
    detect_header,
    table_rows,
)
from directory.importing.reading import read_table
from tests.importing import builders


def sheet_and_header(rows, *, merges=(), csv=False, **options):
    data = builders.csv_bytes(rows) if csv else builders.xlsx_bytes(rows, merges=merges)
    raw = read_table(data, vocabulary=options.get("vocabulary"))
    return raw, detect_header(raw, **options)


def header_of(rows, **options):
    return sheet_and_header(rows, **options)[1]


def table_of(rows, **options):
    raw, header = sheet_and_header(rows, **options)
    return table_rows(raw, header)


def fields(header) -> dict[str, str | None]:
    return {column.letter: column.field for column in header.columns}


class TestSpellings:
    @pytest.mark.parametrize(
        ("spelling", "field"),
        [
            ("Họ và tên", "full_name"),
            ("Họ tên", "full_name"),
            ("HỌ VÀ TÊN (*)", "full_name"),
            ("Ho va ten", "full_name"),
            ("Full name", "full_name"),
            ("Ngày sinh", "birth_date"),
            ("Ngày, tháng, năm sinh", "birth_date"),
            ("Ngày sinh (dd/mm/yyyy)", "birth_date"),
            ("Date of birth", "birth_date"),
            ("Năm sinh", "birth_year"),
            ("Nam sinh", "birth_year"),
            ("Giới tính", "gender"),
            ("Nam/Nữ", "gender"),
            ("Gender", "gender"),
            ("Nam", "male_birth_year"),
            ("Nữ", "female_birth_year"),
            ("Dân tộc", "ethnic_group"),
            ("Chức vụ", "position"),
            ("Chức vụ, đơn vị công tác", "position"),
            ("Đơn vị công tác", "workplace"),
            ("Cơ quan", "workplace"),
            ("Số CCCD", "citizen_id"),
            ("CCCD/CMND", "citizen_id"),
            ("Số CMND/CCCD", "citizen_id"),
            ("Số định danh cá nhân", "citizen_id"),
            ("Điện thoại", "phone"),
            ("SĐT", "phone"),
            ("Số điện thoại di động", "phone"),
            ("Email", "email"),
            ("E-mail", "email"),
            ("Tỉnh/Thành phố", "province"),
            ("Tỉnh/TP", "province"),
            ("Ghi chú", "notes"),
            ("STT", "row_number"),
            ("Số TT", "row_number"),
            ("Họ đệm", "family_and_middle_name"),
            ("Tên", "given_name"),
        ],
    )
    def test_each_spelling_is_recognised(self, spelling, field):
        assert DEFAULT_VOCABULARY.recognise(spelling)[0] == field

    def test_nam_male_is_not_nam_year(self):
        assert DEFAULT_VOCABULARY.recognise("Năm")[0] is None
        assert DEFAULT_VOCABULARY.recognise("Nam")[0] == "male_birth_year"

    def test_a_header_starting_with_a_short_word_is_not_taken_for_it(self):
        assert DEFAULT_VOCABULARY.recognise("Tên đơn vị")[0] != "given_name"

    def test_nfd_headers_are_recognised(self):
        import unicodedata

        assert DEFAULT_VOCABULARY.recognise(unicodedata.normalize("NFD", "Ngày sinh"))[0] == "birth_date"

    def test_the_vocabulary_can_be_extended_by_an_import(self):
        vocabulary = DEFAULT_VOCABULARY.extended(
            {"role": ["Vai trò", "Role"], "nominating_organisation": ["Đơn vị cử"]},
            labels={"role": _("role")},
        )
        assert vocabulary.recognise("Vai trò")[0] == "role"
        assert vocabulary.recognise("Đơn vị cử")[0] == "nominating_organisation"
        assert vocabulary.recognise("Đơn vị công tác")[0] == "workplace"
        assert vocabulary.label("role") == "role"
        assert DEFAULT_VOCABULARY.recognise("Vai trò")[0] is None


class TestHeaderRow:
    def test_the_header_is_found_under_the_title_lines(self):
        header = header_of([*builders.TITLE_LINES, ["STT", "Họ và tên", "Ngày sinh"], [1, "Lan", "1985"]])
        assert header.header_rows == (7,)
        assert fields(header) == {"A": "row_number", "B": "full_name", "C": "birth_date"}
        assert header.confidence == 1.0

    def test_a_two_line_header_puts_nam_and_nu_under_date_of_birth(self):
        rows = [
            ["DANH SÁCH"],
            ["STT", "Họ và tên", "Ngày sinh", None, "Dân tộc"],
            [None, None, "Nam", "Nữ"],
            [1, "Nguyễn Thị Hoà", None, 1985, "Kinh"],
        ]
        header = header_of(rows, merges=["A2:A3", "B2:B3", "C2:D2", "E2:E3"])
        assert header.header_rows == (2, 3)
        assert fields(header) == {
            "A": "row_number",
            "B": "full_name",
            "C": "male_birth_year",
            "D": "female_birth_year",
            "E": "ethnic_group",
        }
        assert header.column_for("female_birth_year").header == "Ngày sinh / Nữ"

    def test_a_two_line_header_is_understood_in_a_csv_without_merges(self):
        rows = [
            ["STT", "Họ và tên", "Năm sinh", "", "Chức vụ"],
            ["", "", "Nam", "Nữ", ""],
            ["1", "Nguyễn Thị Hoà", "", "1985", "Chuyên viên"],
        ]
        header = header_of(rows, csv=True)
        assert header.header_rows == (1, 2)
        assert fields(header)["C"] == "male_birth_year"
        assert fields(header)["D"] == "female_birth_year"

    def test_a_name_split_under_one_title_gives_family_and_given_names(self):
        rows = [
            ["STT", "Họ và tên", None, "Ngày sinh"],
            [None, "Họ đệm", "Tên"],
            [1, "Nguyễn Thị", "Hoà", "1985"],
        ]
        header = header_of(rows, merges=["B1:C1"])
        assert fields(header) == {
            "A": "row_number",
            "B": "family_and_middle_name",
            "C": "given_name",
            "D": "birth_date",
        }

    def test_a_group_title_over_two_phone_columns_maps_only_one(self):
        rows = [["Họ và tên", "Điện thoại", None], [None, "Di động", "Cơ quan"], ["Lan", "0912345678", ""]]
        header = header_of(rows, merges=["B1:C1"])
        assert fields(header)["B"] == "phone"
        assert fields(header)["C"] is None

    def test_a_first_row_of_people_is_not_taken_for_a_second_header_line(self):
        rows = [["Họ và tên", "Giới tính", "Dân tộc"], ["Nguyễn Thị Hoà", "Nữ", "Kinh"]]
        header = header_of(rows)
        assert header.header_rows == (1,)

    def test_a_first_row_of_people_under_an_untitled_column_is_not_a_second_header_line(self):
        header = header_of([["Họ và tên", "Giới tính", None], ["Nguyễn Thị Hoà", "Nữ", "Kinh"]])
        assert header.header_rows == (1,)

    def test_the_row_of_column_numbers_under_the_header_is_part_of_it(self):
        rows = [["STT", "Họ và tên", "Ngày sinh"], ["(1)", "(2)", "(3)"], [1, "Lan", "1985"]]
        header = header_of(rows)
        assert header.header_rows == (1, 2)

    def test_ten_alone_holds_the_whole_name(self):
        header = header_of([["STT", "Tên", "Năm sinh"], [1, "Nguyễn Thị Hoà", 1985]])
        assert fields(header)["B"] == "full_name"

    def test_unknown_columns_are_listed_and_lower_the_confidence(self):
        header = header_of([["Họ và tên", "Ngày sinh", "Sở thích", "Màu áo"], ["Lan", "1985", "a", "b"]])
        assert [column.letter for column in header.unmapped] == ["C", "D"]
        assert header.confidence == 0.5

    def test_a_second_column_of_the_same_field_is_left_unmapped(self):
        header = header_of([["Họ và tên", "Ghi chú", "Ghi chú"], ["Lan", "a", "b"]])
        assert fields(header) == {"A": "full_name", "B": "notes", "C": None}

    def test_no_header_is_an_error_with_a_message(self):
        raw = read_table(builders.xlsx_bytes([["Họ và tên", "Ngày sinh"], ["Lan", "1985"]]))
        with pytest.raises(SpreadsheetError) as error:
            detect_header(raw, scan_rows=0)
        assert error.value.code == "no_header"


class TestMapping:
    def test_the_user_can_correct_a_column(self):
        header = header_of(
            [["Họ và tên", "Ngày", "Ghi chú"], ["Lan", "1985", "x"]], mapping={"B": "birth_date"}
        )
        assert fields(header)["B"] == "birth_date"
        assert header.column_for("birth_date").source == "mapping"

    def test_the_user_can_ignore_a_column(self):
        header = header_of(
            [["Họ và tên", "Ngày sinh", "Ghi chú"], ["Lan", "1985", "x"]], mapping={"c": IGNORE}
        )
        assert fields(header)["C"] is None

    def test_moving_a_field_to_another_column_frees_the_first(self):
        rows = [["Họ và tên", "Ngày sinh", "Ngày sinh (đúng)"], ["Lan", "1984", "1985"]]
        header = header_of(rows, mapping={"C": "birth_date"})
        assert fields(header)["B"] is None
        assert fields(header)["C"] == "birth_date"

    def test_a_column_without_a_header_can_be_mapped(self):
        header = header_of(
            [["Họ và tên", "Ngày sinh"], ["Lan", "1985", "0912345678"]], mapping={"C": "phone"}
        )
        assert fields(header)["C"] == "phone"

    def test_an_unknown_field_is_a_programming_error(self):
        with pytest.raises(ValueError):
            header_of([["Họ và tên", "Ngày sinh"], ["Lan", "1985"]], mapping={"B": "shoe_size"})


class TestEndOfTable:
    def test_the_table_stops_at_the_signature_block_and_skips_blank_and_heading_rows(self):
        rows = [
            *builders.TITLE_LINES,
            ["STT", "Họ và tên", "Năm sinh", "Chức vụ"],
            ["I", "KHỐI CƠ QUAN ĐẢNG"],
            [1, "Nguyễn Thị Hoà", 1985, "Giám đốc"],
            [],
            [2, "Trần Thị Bích", 1990, "Thủ trưởng đơn vị"],
            [None, "II. KHỐI CHÍNH QUYỀN"],
            [3, "Lê Thị Cúc", 1979, "Chuyên viên"],
            *builders.SIGNATURE_BLOCK,
        ]
        table = table_of(rows)
        assert [row.number for row in table.rows] == [9, 11, 13]
        assert table.blank_rows == [10]
        assert table.heading_rows == [8, 12]
        assert (table.end_row, table.end_reason) == (15, "signature")

    def test_a_dated_place_line_ends_the_table(self):
        rows = [["Họ và tên", "Năm sinh"], ["Lan", 1985], [None, "Hà Nội, ngày … tháng … năm 2024"]]
        assert table_of(rows).end_reason == "signature"

    def test_a_total_line_ends_the_table(self):
        rows = [["STT", "Họ và tên", "Năm sinh"], [1, "Lan", 1985], ["Tổng cộng: 1 người"]]
        table = table_of(rows)
        assert (table.end_row, [row.number for row in table.rows]) == (3, [2])

    def test_a_given_name_that_folds_like_a_total_is_a_person(self):
        rows = [["STT", "Họ và tên", "Năm sinh"], [1, "Công Thị Lan", 1985], [2, "Cộng Văn Hùng", 1980]]
        assert len(table_of(rows).rows) == 2

    def test_a_run_of_blank_rows_ends_the_table_and_what_follows_is_reported(self):
        rows = [
            ["Họ và tên", "Năm sinh"],
            ["Lan", 1985],
            [],
            [],
            [],
            [],
            [],
            ["Danh sách dự phòng"],
            ["Mai", 1990],
        ]
        table = table_of(rows)
        assert (table.end_row, table.end_reason) == (3, "blank_rows")
        assert table.ignored_rows == [8, 9]
        assert table.blank_rows == []

    def test_a_repeated_header_inside_the_table_is_skipped(self):
        rows = [
            ["STT", "Họ và tên", "Năm sinh"],
            [1, "Lan", 1985],
            ["STT", "Họ và tên", "Năm sinh"],
            [2, "Mai", 1990],
        ]
        table = table_of(rows)
        assert table.heading_rows == [3]
        assert [row.number for row in table.rows] == [2, 4]

    def test_a_row_with_only_a_number_in_the_stt_column_is_blank(self):
        rows = [["STT", "Họ và tên", "Năm sinh"], [1, "Lan", 1985], [2], [3, "Mai", 1990], [4], [5]]
        table = table_of(rows)
        assert table.blank_rows == [3]
        assert [row.number for row in table.rows] == [2, 4]
