"""`resolve_province`: province names as spreadsheets write them, read as the province they mean today."""

import unicodedata
from datetime import date

import pytest
from django.core.management import call_command

from directory.models import AdministrativeUnit
from directory.provinces import (
    clear_province_cache,
    province_choices,
    resolve_legacy_province,
    resolve_province,
)

pytestmark = pytest.mark.django_db

BEFORE_2025 = date(2019, 5, 1)
AFTER_2025 = date(2026, 1, 15)


@pytest.fixture(scope="module", autouse=True)
def reference_data(django_db_setup, django_db_blocker):
    # A no-op when test_reference_data.py has already loaded it in this session.
    with django_db_blocker.unblock():
        call_command("load_reference_data", verbosity=0)


@pytest.fixture(autouse=True)
def fresh_cache():
    # The cache outlives the test transaction: rows a test creates are rolled back, ids it saw are not.
    clear_province_cache()
    yield
    clear_province_cache()


def code_of(text: str, **kwargs) -> str | None:
    province = resolve_province(text, **kwargs)
    if province is None:
        return None
    assert province.catalogue == AdministrativeUnit.Catalogue.CURRENT
    return province.code


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Hà Tĩnh", "42"),
        ("Tỉnh Hà Tĩnh", "42"),
        ("T. Hà Tĩnh", "42"),
        ("tinh ha tinh", "42"),
        ("HÀ TĨNH", "42"),
        ("Hà Nội", "01"),
        ("Ha Noi", "01"),
        ("Thành phố Hà Nội", "01"),
        ("Hanoi", "01"),
        ("TP. Hồ Chí Minh", "79"),
        ("TP Hồ Chí Minh", "79"),
        ("Thành phố Hồ Chí Minh", "79"),
        ("HCM", "79"),
        ("TP HCM", "79"),
        ("TP.HCM", "79"),
        ("TPHCM", "79"),
        ("Huế", "46"),
        ("Thành phố Huế", "46"),
        ("Đắk Lắk", "66"),
        ("Dak Lak", "66"),
        ("Đắc Lắc", "66"),
        ("  Nghệ   An ", "40"),
    ],
)
def test_a_current_province_is_found_however_it_is_written(written, code):
    assert code_of(written) == code


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Bà Rịa - Vũng Tàu", "79"),
        ("Tỉnh Bà Rịa - Vũng Tàu", "79"),
        ("Bà Rịa–Vũng Tàu", "79"),
        ("Bà Rịa — Vũng Tàu", "79"),
        ("Ba Ria Vung Tau", "79"),
        ("BR-VT", "79"),
        ("Bình Dương", "79"),
        ("Yên Bái", "15"),
        ("Tỉnh Yên Bái", "15"),
        ("Hà Giang", "08"),
        ("Thừa Thiên Huế", "46"),
        ("Thừa Thiên - Huế", "46"),
        ("TT Huế", "46"),
        ("Hòa Bình", "25"),
        ("Hoà Bình", "25"),
        ("Kon Tum", "51"),
        ("Kontum", "51"),
        ("Đắk Nông", "68"),
        ("Long An", "80"),
        ("Tiền Giang", "82"),
        ("Hà Nam", "37"),
    ],
)
def test_a_legacy_province_gives_the_province_that_took_it_over(written, code):
    assert code_of(written) == code


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_nfc_and_nfd_input_give_the_same_province(form):
    assert code_of(unicodedata.normalize(form, "Bà Rịa - Vũng Tàu")) == "79"
    assert code_of(unicodedata.normalize(form, "Đắk Lắk")) == "66"


@pytest.mark.parametrize(
    "written", ["", "   ", "Atlantis", "Hà", "Tỉnh", "TP", "Hà Tĩnh Nghệ An", "Phường Ba Đình"]
)
def test_an_unknown_name_gives_none(written):
    assert resolve_province(written) is None


@pytest.mark.parametrize("written", ["15", "42", " 01 ", "079"])
def test_a_bare_code_is_never_resolved_because_codes_were_reused(written):
    assert resolve_province(written) is None


@pytest.mark.parametrize(
    "written",
    [
        "QN",  # Quảng Ninh, Quảng Ngãi, and Quảng Nam (now Đà Nẵng)
        "DN",  # Đà Nẵng, Đồng Nai, and Đắk Nông (now Lâm Đồng)
        "HN",  # Hà Nội, and Hà Nam (now Ninh Bình)
    ],
)
def test_initials_of_two_provinces_give_none(written):
    assert resolve_province(written) is None


def test_the_date_of_the_record_settles_which_catalogue_a_name_is_read_in():
    assert code_of("HN", on_date=AFTER_2025) == "01"
    assert code_of("HN", on_date=BEFORE_2025) is None


def test_an_old_name_in_a_recent_record_is_still_understood():
    assert code_of("Bà Rịa - Vũng Tàu", on_date=AFTER_2025) == "79"
    assert code_of("Huế", on_date=BEFORE_2025) == "46"


def test_the_legacy_province_is_found_by_its_old_name():
    yen_bai = resolve_legacy_province("Tỉnh Yên Bái")
    assert (yen_bai.catalogue, yen_bai.code, yen_bai.short_name) == ("legacy", "15", "Yên Bái")
    assert resolve_legacy_province("Ba Ria - Vung Tau").code == "77"
    assert resolve_legacy_province("Thừa Thiên Huế").code == "46"


def test_a_name_that_is_not_a_legacy_province_gives_no_legacy_unit():
    assert resolve_legacy_province("Atlantis") is None
    assert resolve_legacy_province("77") is None


def test_the_first_call_reads_the_provinces_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        resolve_province("Hà Tĩnh")


def test_calls_after_the_first_make_no_query(django_assert_num_queries):
    resolve_province("Hà Tĩnh")
    names = ["Bà Rịa - Vũng Tàu", "TP HCM", "Yên Bái", "Atlantis", "QN", "Nghệ An"] * 50

    with django_assert_num_queries(0):
        results = [resolve_province(name) for name in names]
        resolve_legacy_province("Yên Bái")
        province_choices()

    assert results.count(None) == 100


def test_callers_get_their_own_copy_of_the_province():
    first = resolve_province("Hà Tĩnh")
    first.short_name = "changed by a caller"
    assert resolve_province("Hà Tĩnh").short_name == "Hà Tĩnh"


def test_a_renamed_province_is_found_under_its_new_name():
    resolve_province("Hà Tĩnh")
    province = AdministrativeUnit.objects.get(catalogue="2025", code="42")
    province.short_name = "Hà Tĩnh Mới"
    province.save()

    assert code_of("Hà Tĩnh Mới") == "42"


def test_province_choices_lists_the_34_current_provinces_in_vietnamese_order():
    choices = province_choices()
    names = [name for _pk, name in choices]
    assert len(choices) == 34
    assert names[:3] == ["An Giang", "Bắc Ninh", "Cà Mau"]
    assert names.index("Đà Nẵng") > names.index("Cần Thơ")  # đ sorts after d, d after c
