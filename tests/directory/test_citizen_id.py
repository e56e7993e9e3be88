import pytest
from django.core.exceptions import ValidationError

from directory.citizen_id import clean_citizen_id, validate_citizen_id

# The messages are checked in English here; the pages' Vietnamese is checked in test_people.py.
pytestmark = pytest.mark.usefixtures("english")


def test_a_twelve_digit_id_of_a_woman_born_in_1985_is_valid():
    validate_citizen_id("042185000123", gender="female", birth_year=1985)


def test_a_twelve_digit_id_of_a_man_born_in_2001_is_valid():
    validate_citizen_id("001201000123", gender="male", birth_year=2001)


def test_an_old_nine_digit_card_is_valid():
    validate_citizen_id("183456789", gender="female", birth_year=1970)


def test_without_gender_or_year_only_the_shape_is_checked():
    validate_citizen_id("042385000123")


@pytest.mark.parametrize("value", ["04218500012", "0421850001234", "1234"])
def test_a_wrong_length_is_rejected_with_the_count(value):
    with pytest.raises(ValidationError) as error:
        validate_citizen_id(value)
    assert error.value.code == "citizen_id_length"
    assert str(len(value)) in error.value.messages[0]


def test_letters_are_rejected():
    with pytest.raises(ValidationError) as error:
        validate_citizen_id("04218500012A")
    assert error.value.code == "citizen_id_digits"


def test_a_fourth_digit_of_a_man_is_rejected_for_a_woman():
    with pytest.raises(ValidationError) as error:
        validate_citizen_id("042085000123", gender="female", birth_year=1985)
    assert error.value.code == "citizen_id_sex"
    assert "4th digit" in error.value.messages[0]


def test_a_birth_year_other_than_the_ids_is_rejected():
    with pytest.raises(ValidationError) as error:
        validate_citizen_id("042185000123", gender="female", birth_year=1986)
    assert error.value.code == "citizen_id_year"
    assert "1985" in error.value.messages[0] and "1986" in error.value.messages[0]


def test_the_century_digit_is_checked_against_the_birth_year():
    # 4th digit 3: a woman born in the 2000s; 1905 is a century off.
    with pytest.raises(ValidationError):
        validate_citizen_id("042305000123", gender="female", birth_year=1905)
    validate_citizen_id("042305000123", gender="female", birth_year=2005)


def test_a_number_rounded_by_excel_is_rejected_with_advice():
    with pytest.raises(ValidationError) as error:
        validate_citizen_id("1.08712E+11")
    assert error.value.code == "citizen_id_scientific"
    assert "Text" in error.value.messages[0]


def test_cleaning_restores_the_leading_zero_excel_dropped():
    repair = clean_citizen_id(42185000123)
    assert repair.value == "042185000123" and repair.repaired


def test_cleaning_restores_the_zero_of_a_number_read_as_float():
    assert clean_citizen_id(42185000123.0).value == "042185000123"


def test_cleaning_keeps_a_correct_id_untouched():
    repair = clean_citizen_id(" 042185000123 ")
    assert repair.value == "042185000123" and not repair.repaired


def test_cleaning_leaves_the_scientific_form_for_validation_to_name():
    assert clean_citizen_id("1.08712E+11").value == "1.08712E+11"
