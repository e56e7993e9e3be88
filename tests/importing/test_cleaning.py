"""Each kind of cell, with the repair it gets or the problem it raises."""

import unicodedata
from datetime import date, datetime

import pytest

from directory.citizen_id import clean_citizen_id
from directory.importing.cleaning import (
    BirthDate,
    clean_birth_date,
    clean_birth_year,
    clean_citizen_id_cell,
    clean_email,
    clean_gender,
    clean_name,
    clean_phone,
    clean_sex_column,
    clean_text,
    excel_serial_to_date,
    name_key,
    split_name,
)
from directory.importing.lookups import EthnicGroupLookup, ProvinceLookup
from directory.models import Person
from directory.text import normalize_name
from tests.importing.conftest import TODAY


def codes(findings) -> list[str]:
    return [finding.code for finding in findings]


class TestNames:
    def test_nfd_and_double_spaces_become_one_nfc_name(self):
        cleaned = clean_name(unicodedata.normalize("NFD", "Nguyễn  Thị\u00a0Hoà "))
        assert cleaned.value == "Nguyễn Thị Hoà"
        assert unicodedata.is_normalized("NFC", cleaned.value)
        assert codes(cleaned.repairs) == ["name_spaces"]

    def test_a_name_in_capitals_gets_capital_initials_and_says_so(self):
        cleaned = clean_name("NGUYỄN THỊ HOÀ")
        assert cleaned.value == "Nguyễn Thị Hoà"
        assert "“Nguyễn Thị Hoà”" in cleaned.repairs[0].message

    def test_a_well_written_name_needs_no_repair(self):
        assert clean_name("Nguyễn Thị Hoà") == ("Nguyễn Thị Hoà", (), ())

    def test_digits_in_a_name_are_a_problem(self):
        cleaned = clean_name("Nguyễn Thị 1985")
        assert codes(cleaned.problems) == ["name_symbols"]
        assert "digits" in cleaned.problems[0].message


class TestDates:
    def test_a_real_excel_date_is_taken_as_is(self):
        assert clean_birth_date(datetime(1985, 5, 16), today=TODAY).value == BirthDate(
            date(1985, 5, 16), 1985
        )

    def test_an_excel_serial_number_is_converted_and_the_repair_named(self):
        cleaned = clean_birth_date(31183, today=TODAY)
        assert cleaned.value == BirthDate(date(1985, 5, 16), 1985)
        assert "31183" in cleaned.repairs[0].message and "16/05/1985" in cleaned.repairs[0].message

    def test_excels_1900_leap_day_bug_is_accounted_for(self):
        assert excel_serial_to_date(59) == date(1900, 2, 28)
        assert excel_serial_to_date(60) is None  # 29/02/1900, a day that never was
        assert excel_serial_to_date(61) == date(1900, 3, 1)
        assert excel_serial_to_date(1) == date(1900, 1, 1)
        assert codes(clean_birth_date(60, today=TODAY).problems) == ["date_invalid"]

    @pytest.mark.parametrize("text", ["16/05/1985", "16/5/1985", "16-05-1985", "16.05.1985", "1985-05-16"])
    def test_day_month_year_text_is_read(self, text):
        assert clean_birth_date(text, today=TODAY) == (BirthDate(date(1985, 5, 16), 1985), (), ())

    def test_a_two_digit_year_is_put_in_the_right_century(self):
        cleaned = clean_birth_date("16-5-85", today=TODAY)
        assert cleaned.value.date == date(1985, 5, 16)
        assert cleaned.repairs[0].message == "The year “85” was read as 1985."
        assert clean_birth_date("1/2/03", today=TODAY).value.date == date(2003, 2, 1)
        assert clean_birth_date("1/2/15", today=TODAY).value.date == date(1915, 2, 1)

    def test_a_year_alone_gives_the_year_only(self):
        assert clean_birth_date("1985", today=TODAY).value == BirthDate(None, 1985)
        assert clean_birth_date(1985, today=TODAY).value == BirthDate(None, 1985)
        assert clean_birth_year(1985.0, today=TODAY).value == BirthDate(None, 1985)

    def test_a_date_written_month_first_is_read_when_it_cannot_be_day_first(self):
        cleaned = clean_birth_date("05/16/1985", today=TODAY)
        assert cleaned.value.date == date(1985, 5, 16)
        assert codes(cleaned.repairs) == ["date_month_first"]

    def test_month_and_year_keep_the_year(self):
        cleaned = clean_birth_date("05/1985", today=TODAY)
        assert cleaned.value == BirthDate(None, 1985)
        assert codes(cleaned.repairs) == ["date_month_year"]

    def test_a_date_that_does_not_exist_is_a_problem(self):
        cleaned = clean_birth_date("31/02/1985", today=TODAY)
        assert cleaned.value == BirthDate(None, None)
        assert (
            cleaned.problems[0].message
            == "The date “31/02/1985” does not exist: check the day and the month."
        )

    def test_a_future_date_is_a_problem(self):
        cleaned = clean_birth_date("16/05/2027", today=TODAY)
        assert cleaned.problems[0].message == "The date of birth 16/05/2027 is in the future."

    @pytest.mark.parametrize(("value", "age"), [("16/05/1900", 125), ("01/01/2020", 6), (1910, 116)])
    def test_an_implausible_age_is_a_problem(self, value, age):
        cleaned = clean_birth_date(value, today=TODAY)
        assert codes(cleaned.problems) == ["age_implausible"]
        assert f"{age} years old" in cleaned.problems[0].message

    def test_text_that_is_not_a_date_is_a_problem_with_an_example(self):
        cleaned = clean_birth_date("mười sáu tháng năm", today=TODAY)
        assert codes(cleaned.problems) == ["date_unreadable"]
        assert "for example 16/05/1985" in cleaned.problems[0].message

    def test_a_blank_cell_is_no_date_and_no_problem(self):
        assert clean_birth_date(None, today=TODAY) == (BirthDate(None, None), (), ())


class TestGender:
    @pytest.mark.parametrize("text", ["Nữ", "nữ", "NỮ", "Nu", "nu", "F", "Female", "female"])
    def test_the_ways_of_writing_female(self, text):
        assert clean_gender(text).value == "female"

    @pytest.mark.parametrize("text", ["Nam", "nam", "M", "Male"])
    def test_the_ways_of_writing_male(self, text):
        assert clean_gender(text).value == "male"

    def test_anything_else_is_a_problem(self):
        cleaned = clean_gender("Khác?")
        assert cleaned.problems[0].message == "“Khác?” is not a gender: write Nam or Nữ."

    def test_an_x_in_the_female_column_marks_a_woman(self):
        assert clean_sex_column("x", gender="female").value == ("female", None)
        assert clean_sex_column("X", gender="female").value == ("female", None)

    def test_a_year_in_the_female_column_is_her_year_of_birth(self):
        assert clean_sex_column(1985, gender="female", today=TODAY).value == ("female", 1985)

    def test_something_else_in_the_female_column_is_a_problem(self):
        assert codes(clean_sex_column("có con nhỏ", gender="female").problems) == ["sex_column_value"]


class TestCitizenId:
    def test_the_leading_zero_excel_dropped_is_restored_and_shown(self):
        cleaned = clean_citizen_id_cell(42185000123, gender="female", birth_year=1985)
        assert cleaned.value == "042185000123"
        assert cleaned.repairs[0].message == "The leading zero Excel had dropped was restored: 042185000123."

    def test_a_twelve_digit_number_read_as_a_float_is_whole(self):
        assert clean_citizen_id_cell(108712345678.0).value == "108712345678"

    def test_spaces_and_dots_inside_the_number_are_removed(self):
        assert clean_citizen_id_cell("042 185 000 123").value == "042185000123"

    def test_a_number_rounded_by_excel_is_a_problem_with_advice(self):
        cleaned = clean_citizen_id_cell("1.08712E+11")
        assert codes(cleaned.problems) == ["citizen_id_scientific"]
        assert "Format the column as Text" in cleaned.problems[0].message

    def test_the_id_is_checked_against_sex_and_year_of_birth(self):
        assert codes(clean_citizen_id_cell("042085000123", gender="female").problems) == ["citizen_id_sex"]
        assert codes(clean_citizen_id_cell("042185000123", birth_year=1986).problems) == ["citizen_id_year"]

    def test_a_wrong_length_is_a_problem(self):
        assert codes(clean_citizen_id_cell("12345").problems) == ["citizen_id_length"]


class TestPhones:
    @pytest.mark.parametrize(
        ("raw", "phone", "repair"),
        [
            ("0912345678", "0912345678", []),
            ("0912 345 678", "0912345678", []),
            ("0912.345.678", "0912345678", []),
            (912345678, "0912345678", ["phone_leading_zero"]),
            (912345678.0, "0912345678", ["phone_leading_zero"]),
            ("+84 912 345 678", "0912345678", ["phone_country_code"]),
            ("84912345678", "0912345678", ["phone_country_code"]),
            ("(+84) 912-345-678", "0912345678", ["phone_country_code"]),
            (2393123456, "02393123456", ["phone_leading_zero"]),
            ("0912345678 - 0239 3123 456", "0912345678", ["phone_first_of_several"]),
        ],
    )
    def test_phones_are_repaired(self, raw, phone, repair):
        cleaned = clean_phone(raw)
        assert (cleaned.value, codes(cleaned.repairs), cleaned.problems) == (phone, repair, ())

    def test_a_number_that_is_not_a_vietnamese_phone_is_a_problem(self):
        cleaned = clean_phone("12345")
        assert codes(cleaned.problems) == ["phone_invalid"]
        assert "10 digits starting with 0" in cleaned.problems[0].message


class TestEmails:
    def test_an_email_is_lower_cased(self):
        assert clean_email(" Hoa.Nguyen@HaTinh.gov.vn ") == ("hoa.nguyen@hatinh.gov.vn", (), ())

    def test_the_first_of_several_addresses_is_kept(self):
        cleaned = clean_email("hoa@a.vn; hoa2@b.vn")
        assert cleaned.value == "hoa@a.vn"
        assert "hoa2@b.vn" in cleaned.repairs[0].message

    def test_a_broken_address_is_a_problem(self):
        assert clean_email("hoa@").problems[0].message == "“hoa@” is not a valid email address."


class TestText:
    def test_text_is_normalised_and_numbers_lose_their_decimal(self):
        assert clean_text("  Sở  Nội vụ ").value == "Sở Nội vụ"
        assert clean_text(12.0).value == "12"

    def test_too_long_text_is_a_problem(self):
        assert clean_text("x" * 200, max_length=150).problems[0].code == "too_long"


class TestEthnicGroups:
    @pytest.mark.parametrize("text", ["Mông", "H'Mông", "HMông", "Hmông", "h’mông", "dân tộc Mông", "MÔNG"])
    def test_every_spelling_of_mong_is_mong(self, ethnic_groups, text):
        assert EthnicGroupLookup().clean(text).value == ethnic_groups["Mông"]

    def test_an_alias_is_recorded_under_the_official_name_and_says_so(self, ethnic_groups):
        cleaned = EthnicGroupLookup().clean("H'Mông")
        assert cleaned.repairs[0].message == "“H'Mông” was recorded as the Mông ethnic group."
        assert EthnicGroupLookup().clean("Kinh").repairs == ()

    def test_an_unknown_group_is_a_problem(self, ethnic_groups):
        cleaned = EthnicGroupLookup().clean("Kinhh")
        assert cleaned.value is None
        assert "54 ethnic groups" in cleaned.problems[0].message

    def test_the_groups_are_read_from_the_database_once(self, ethnic_groups, django_assert_num_queries):
        lookup = EthnicGroupLookup()
        with django_assert_num_queries(1):
            for text in ["Kinh", "Mông", "Tày", "H'Mông", "Kinh"] * 20:
                lookup.clean(text)


class TestProvinces:
    def test_a_current_province_is_taken_without_a_repair(self, provinces):
        cleaned = ProvinceLookup().clean("Hà Tĩnh")
        assert cleaned == (provinces["Hà Tĩnh"], (), ())

    def test_an_old_province_is_mapped_to_the_current_one_and_says_so(self, provinces):
        cleaned = ProvinceLookup().clean("Bà Rịa - Vũng Tàu")
        assert cleaned.value == provinces["Hồ Chí Minh"]
        assert cleaned.repairs[0].message == (
            "Old province Bà Rịa - Vũng Tàu mapped to Thành phố Hồ Chí Minh "
            "(provinces were merged on 1 July 2025)."
        )

    def test_an_unknown_province_is_a_problem(self, provinces):
        cleaned = ProvinceLookup().clean("Atlantis")
        assert cleaned.value is None
        assert codes(cleaned.problems) == ["province_unknown"]

    def test_each_spelling_is_resolved_once(self, provinces, django_assert_max_num_queries):
        lookup = ProvinceLookup()
        lookup.clean("Hà Tĩnh")
        with django_assert_max_num_queries(0):
            for _ in range(50):
                lookup.clean("Hà Tĩnh")


class TestProvinceSpellings:
    @pytest.mark.parametrize("text", ["Tỉnh Hà Tĩnh", "HÀ TĨNH", "Ha Tinh", "Hà Tĩnh"])
    def test_a_current_province_written_any_way_needs_no_old_name_repair(self, provinces, text):
        cleaned = ProvinceLookup().clean(text)
        assert cleaned.value == provinces["Hà Tĩnh"]
        assert "province_legacy" not in codes(cleaned.repairs)

    def test_initials_of_an_old_province_are_mapped_and_named_in_full(self, provinces):
        cleaned = ProvinceLookup().clean("BR-VT")
        assert cleaned.value == provinces["Hồ Chí Minh"]
        assert cleaned.repairs[0].params["old"] == "Bà Rịa - Vũng Tàu"

    def test_initials_of_a_current_province_are_read_and_said(self, provinces):
        cleaned = ProvinceLookup().clean("TP HCM")
        assert cleaned.value == provinces["Hồ Chí Minh"]
        assert cleaned.repairs[0].message == "“TP HCM” was read as Thành phố Hồ Chí Minh."


def test_the_two_zeros_excel_dropped_from_a_ha_noi_id_are_restored():
    cleaned = clean_citizen_id_cell(1190000456, gender="female", birth_year=1990)
    assert cleaned.value == "001190000456"
    assert cleaned.repairs[0].message == "The 2 leading zeros Excel had dropped were restored: 001190000456."


NAMES = [
    "Nguyễn Thị Hoà",
    "NGUYỄN  THỊ  MINH HOÀ",
    " trần thị bích ",
    "Lê",
    "đặng thị\u00a0thu  hà",
    unicodedata.normalize("NFD", "Phạm Hồng Nhung"),
    "Hoàng Thị Hoà-Bình",
]


@pytest.mark.parametrize("raw", NAMES)
def test_cleaned_names_are_what_the_model_would_store(raw):
    name = clean_name(raw).value
    assert name == normalize_name(raw)
    assert split_name(name) == Person.split_full_name(raw)


@pytest.mark.parametrize(
    "raw",
    [42185000123, "42185000123", 42185000123.0, "42185000123.0", 18345678, "083456789", " 042185000123 "],
)
def test_ids_are_cleaned_as_directory_citizen_id_cleans_them(raw):
    assert clean_citizen_id_cell(raw).value == clean_citizen_id(raw).value


@pytest.mark.parametrize("raw", NAMES)
def test_the_search_key_of_a_cleaned_name_is_the_models(raw):
    family, middle, given = split_name(clean_name(raw).value)
    person = Person(family_name=family, middle_name=middle, given_name=given)
    person.normalise()
    assert name_key(clean_name(raw).value) == person.search_key


class TestEmailShortcut:
    @pytest.mark.parametrize(
        "address", ["a..b@hatinh.gov.vn", ".a@hatinh.gov.vn", "a@-bad-.vn", "a@vn", "a b@x.vn"]
    )
    def test_addresses_the_validator_refuses_are_refused(self, address):
        assert codes(clean_email(address).problems) == ["email_invalid"]

    @pytest.mark.parametrize(
        "address", ["hv12@hatinh.gov.vn", "o'brien@x.vn", "a+tag@x.com.vn", "Lan.Nguyen@X.VN"]
    )
    def test_addresses_the_validator_accepts_are_accepted(self, address):
        assert clean_email(address).value == address.lower()
