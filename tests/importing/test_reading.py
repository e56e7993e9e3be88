"""Opening a list: every format it arrives in, and every kind of file refused with a message."""

import io
import zipfile
from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from directory.importing.reading import RawSheet, SpreadsheetError, column_index, column_letter, read_table
from directory.text import normalize_text
from tests.importing import builders

HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính"]
PEOPLE = [
    [1, "Nguyễn Thị Hoà", "16/05/1985", "Nữ"],
    [2, "Trần Thị Bích", "02/09/1990", "Nữ"],
]


def values(raw: RawSheet) -> list[tuple[int, tuple]]:
    return [(row.number, row.cells) for row in raw.rows if not row.is_blank]


def refused(data, **options) -> SpreadsheetError:
    with pytest.raises(SpreadsheetError) as error:
        read_table(data, **options)
    return error.value


class TestColumnLetters:
    @pytest.mark.parametrize(
        ("index", "letter"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")]
    )
    def test_an_index_and_its_letters_convert_both_ways(self, index, letter):
        assert column_letter(index) == letter
        assert column_index(letter) == index

    def test_something_that_is_not_a_column_is_refused(self):
        with pytest.raises(ValueError):
            column_index("B2")


class TestFormats:
    def test_an_xlsx_keeps_the_row_numbers_excel_shows(self):
        data = builders.xlsx_bytes([["DANH SÁCH HỌC VIÊN"], [], HEADER, *PEOPLE])
        raw = read_table(data)
        assert raw.file_format == "xlsx"
        assert raw.sheet_name == "Danh sách"
        assert values(raw)[1:] == [
            (3, tuple(HEADER)),
            (4, (1, "Nguyễn Thị Hoà", "16/05/1985", "Nữ")),
            (5, (2, "Trần Thị Bích", "02/09/1990", "Nữ")),
        ]

    def test_a_table_that_starts_in_column_c_keeps_its_column_letters(self):
        data = builders.xlsx_bytes([[], [], [None, None, *HEADER], [None, None, *PEOPLE[0]]])
        raw = read_table(data)
        assert raw.row(3).cells[2:] == tuple(HEADER)
        assert raw.row(4)[3] == "Nguyễn Thị Hoà"

    def test_real_excel_dates_numbers_and_merges_come_through(self):
        data = builders.xlsx_bytes(
            [["DANH SÁCH"], HEADER, [1, "Nguyễn Thị Hoà", datetime(1985, 5, 16), "Nữ"]], merges=["A1:D1"]
        )
        raw = read_table(data)
        assert raw.row(3).cells == (1, "Nguyễn Thị Hoà", date(1985, 5, 16), "Nữ")
        assert isinstance(raw.row(3)[0], int)  # calamine gives 1.0: whole numbers become ints
        assert [(m.first_row, m.first_col, m.last_row, m.last_col) for m in raw.merged] == [(1, 0, 1, 3)]

    def test_the_format_is_told_by_the_content_not_the_file_name(self):
        data = builders.xlsx_bytes([HEADER, *PEOPLE])
        assert read_table(data, filename="danh-sach.csv").file_format == "xlsx"
        assert (
            read_table(builders.csv_bytes([HEADER, *PEOPLE]), filename="danh-sach.xlsx").file_format == "csv"
        )

    @pytest.mark.parametrize(
        ("delimiter", "bom"), [(",", False), (",", True), (";", False), (";", True), ("\t", False)]
    )
    def test_a_csv_is_read_with_any_separator_with_or_without_bom(self, delimiter, bom):
        rows = [["DANH SÁCH HỌC VIÊN, LỚP 1"], [], HEADER, *PEOPLE]
        raw = read_table(builders.csv_bytes(rows, delimiter=delimiter, bom=bom))
        assert raw.delimiter == delimiter
        assert values(raw)[0] == (1, ("DANH SÁCH HỌC VIÊN, LỚP 1",))
        assert values(raw)[2] == (4, ("1", "Nguyễn Thị Hoà", "16/05/1985", "Nữ"))

    def test_excels_unicode_text_utf16_with_tabs_is_read(self):
        raw = read_table(builders.unicode_text_bytes([HEADER, *PEOPLE]))
        assert (raw.encoding, raw.delimiter) == ("utf-16", "\t")
        assert raw.row(2)[1] == "Nguyễn Thị Hoà"

    def test_a_csv_in_the_vietnamese_windows_code_page_is_read(self):
        data = builders.csv_bytes([HEADER, *PEOPLE], encoding="cp1258")
        raw = read_table(data)
        assert raw.encoding == "cp1258"
        # cp1258 stores tone marks as combining characters: the cleaning normalises them to NFC.
        assert normalize_text(raw.row(2)[1]) == "Nguyễn Thị Hoà"

    def test_the_sep_line_excel_writes_is_honoured_and_hidden(self):
        data = b"sep=;\r\n" + builders.csv_bytes([HEADER, *PEOPLE], delimiter=";")
        raw = read_table(data)
        assert raw.delimiter == ";"
        assert raw.row(1).cells == tuple(HEADER)

    def test_a_legacy_xls_is_read_with_its_dates_and_merges(self):
        data = builders.xls_bytes(
            [["DANH SÁCH HỌC VIÊN"], [], HEADER, [1, "Nguyễn Thị Hoà", date(1985, 5, 16), "Nữ"]],
            merges=[(0, 0, 0, 3)],
        )
        raw = read_table(data, filename="danh-sach.xls")
        assert raw.file_format == "xls"
        assert raw.row(4).cells == (1, "Nguyễn Thị Hoà", date(1985, 5, 16), "Nữ")
        assert raw.merged[0].last_col == 3

    def test_a_path_an_uploaded_file_and_a_file_object_are_all_accepted(self, tmp_path):
        data = builders.xlsx_bytes([HEADER, *PEOPLE])
        path = tmp_path / "danh sách.xlsx"
        path.write_bytes(data)
        assert read_table(path).filename == "danh sách.xlsx"
        assert read_table(SimpleUploadedFile("lop-1.xlsx", data)).filename == "lop-1.xlsx"
        assert read_table(io.BytesIO(data)).row(2)[1] == "Nguyễn Thị Hoà"


class TestSheets:
    def test_the_first_sheet_with_a_header_is_chosen_and_named(self):
        instructions = [["Hướng dẫn: điền danh sách vào trang sau"], ["Không sửa tiêu đề cột"]]
        data = builders.xlsx_bytes([HEADER, *PEOPLE], title="Học viên", before=[("Hướng dẫn", instructions)])
        raw = read_table(data)
        assert raw.sheet_name == "Học viên"
        assert raw.sheet_names == ["Hướng dẫn", "Học viên"]

    def test_a_hidden_sheet_is_read_only_when_no_visible_sheet_has_a_header(self):
        data = builders.xlsx_bytes([["Ghi chú"]], title="Bìa", hidden=[("Ẩn", [HEADER, *PEOPLE])])
        assert read_table(data).sheet_name == "Ẩn"


class TestBadFiles:
    """Each bad file is refused with its own message, before anything is read from it."""

    def test_a_file_over_the_size_limit_is_refused(self):
        error = refused(builders.csv_bytes([HEADER, *PEOPLE] * 50), max_bytes=1000)
        assert error.code == "too_large"
        assert "at most 1000\xa0bytes" in error.message

    def test_the_size_limit_comes_from_the_settings(self, settings):
        settings.IMPORT_MAX_UPLOAD_BYTES = 500
        assert refused(builders.xlsx_bytes([HEADER, *PEOPLE])).code == "too_large"

    def test_an_uploaded_file_is_measured_before_it_is_read(self):
        upload = SimpleUploadedFile("big.xlsx", b"x")
        upload.size = 50 * 1024 * 1024
        assert refused(upload).code == "too_large"

    def test_a_list_over_the_row_limit_is_refused(self):
        rows = [HEADER] + [[number, f"Người {number}", "01/01/1990", "Nữ"] for number in range(1, 12)]
        error = refused(builders.xlsx_bytes(rows), max_rows=10)
        assert error.code == "too_many_rows"
        assert "more than 10 rows" in error.message

    def test_the_row_limit_comes_from_the_settings(self, settings):
        settings.IMPORT_MAX_ROWS = 1
        assert refused(builders.csv_bytes([HEADER, *PEOPLE])).code == "too_many_rows"

    def test_blank_rows_and_the_title_do_not_count_towards_the_row_limit(self):
        rows = [["DANH SÁCH"], [], HEADER, PEOPLE[0], [], [], PEOPLE[1]]
        assert read_table(builders.xlsx_bytes(rows), max_rows=2)

    @pytest.mark.parametrize(
        ("data", "kind"),
        [
            (b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nendobj\n", "a PDF document"),
            (b"\x89PNG\r\n\x1a\n" + bytes(100), "a picture"),
            (b"\xff\xd8\xff\xe0" + bytes(100), "a picture"),
        ],
    )
    def test_a_pdf_or_a_picture_is_refused_and_named(self, data, kind):
        error = refused(data, filename="danh-sach.xlsx")
        assert error.code == "not_spreadsheet"
        assert kind in error.message

    def test_a_word_document_is_refused(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml", "<w:document/>")
        error = refused(buffer.getvalue(), filename="danh-sach.xlsx")
        assert error.code == "not_spreadsheet"
        assert "Word" in error.message

    def test_a_random_binary_file_is_refused(self):
        assert refused(bytes(range(256)) * 20).code == "not_spreadsheet"

    def test_a_web_page_named_xls_is_refused_with_advice(self):
        data = (
            b"<html><body><table><tr><td>H\xe1\xbb\x8d v\xc3\xa0 t\xc3\xaan</td></tr></table></body></html>"
        )
        error = refused(data, filename="export.xls")
        assert error.code == "html"
        assert "Excel Workbook (.xlsx)" in error.message

    def test_a_password_protected_workbook_is_refused_with_advice(self):
        error = refused(builders.encrypted_workbook(), filename="danh-sach.xlsx")
        assert error.code == "encrypted"
        assert "password" in error.message

    def test_a_password_protected_legacy_xls_is_refused_with_advice(self):
        data = builders.xls_bytes([HEADER, *PEOPLE], password_protected=True)
        assert refused(data, filename="danh-sach.xls").code == "encrypted"

    def test_a_zip_bomb_is_refused_before_it_is_inflated(self):
        data = builders.zip_bomb(inflated_mb=64)
        assert len(data) < 200_000
        error = refused(data)
        assert error.code == "zip_bomb"
        assert "was not opened" in error.message

    def test_a_zip_bomb_that_lies_about_its_size_is_caught_while_inflating(self):
        error = refused(builders.understated_zip_bomb())
        assert error.code == "zip_bomb"

    def test_a_workbook_inflating_past_the_configured_total_is_refused(self, settings):
        settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 2000
        assert refused(builders.xlsx_bytes([HEADER, *PEOPLE])).code == "zip_bomb"

    def test_a_damaged_workbook_is_refused(self):
        data = builders.xlsx_bytes([HEADER, *PEOPLE])
        assert refused(data[: len(data) // 2]).code == "unreadable"

    def test_an_empty_file_is_refused(self):
        assert refused(b"").code == "empty"
        assert refused(b"\r\n\r\n").code == "empty"

    def test_a_workbook_whose_sheets_are_empty_is_refused(self):
        error = refused(builders.xlsx_bytes([]))
        assert error.code == "empty"
        assert "every sheet" in error.message

    def test_a_sheet_without_a_recognisable_header_is_refused(self):
        error = refused(builders.xlsx_bytes([["Cột 1", "Cột 2"], ["a", "b"]]))
        assert error.code == "no_header"
        assert "Họ và tên" in error.message

    def test_a_header_without_people_under_it_is_refused(self):
        error = refused(builders.xlsx_bytes([["DANH SÁCH"], HEADER]))
        assert error.code == "no_rows"
