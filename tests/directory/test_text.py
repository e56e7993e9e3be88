import unicodedata

from directory.text import fold, normalize_name, normalize_text, vietnamese_sort_key


def test_fold_removes_diacritics_and_case():
    assert fold("Nguyễn Thị Hoà") == "nguyen thi hoa"


def test_fold_maps_d_with_stroke_to_d():
    assert fold("Đặng Đức") == "dang duc"


def test_fold_is_the_same_for_both_tone_placements_and_nfd():
    spellings = [
        "Hòa",
        "Hoà",
        unicodedata.normalize("NFD", "Hòa"),
        unicodedata.normalize("NFD", "Hoà"),
        "HOÀ",
    ]
    assert {fold(spelling) for spelling in spellings} == {"hoa"}


def test_normalize_text_makes_nfc_and_single_spaces():
    nfd = unicodedata.normalize("NFD", "Nguyễn  Thị\u00a0 Lan ")
    assert normalize_text(nfd) == "Nguyễn Thị Lan"
    assert unicodedata.is_normalized("NFC", normalize_text(nfd))


def test_normalize_name_capitalises_each_word():
    assert normalize_name("NGUYỄN thị  mai") == "Nguyễn Thị Mai"


def test_empty_values_fold_to_empty_strings():
    assert fold(None) == "" and normalize_text("   ") == "" and normalize_name(None) == ""


def test_sort_key_follows_the_vietnamese_alphabet():
    words = ["Đào", "Dung", "Ánh", "Ân", "Anh", "Bích", "Ơn", "Ông", "Uyên", "Ưng"]
    assert sorted(words, key=vietnamese_sort_key) == [
        "Anh", "Ánh", "Ân", "Bích", "Dung", "Đào", "Ông", "Ơn", "Uyên", "Ưng",
    ]  # fmt: skip


def test_sort_key_orders_tones_after_letters():
    assert sorted(["Hoạ", "Hoa", "Hoà", "Hoá", "Hoả", "Hoã"], key=vietnamese_sort_key) == [
        "Hoa", "Hoà", "Hoả", "Hoã", "Hoá", "Hoạ",
    ]  # fmt: skip


def test_sort_key_puts_a_shorter_word_first():
    assert sorted(["Anh", "An"], key=vietnamese_sort_key) == ["An", "Anh"]
