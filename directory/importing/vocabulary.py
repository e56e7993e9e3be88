"""The column vocabulary: which header, in which of its many spellings, means which field.

Headers are compared in lower case with their diacritics first, because folding makes different words
equal: "Năm" (year) and "Nam" (male) both fold to "nam". A header typed without any diacritics ("Ho va ten")
is compared folded. Imports extend the vocabulary with their own columns (role, nominating organisation,
scores) through `Vocabulary.extended`.
"""

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from directory.text import fold, normalize_text

ROW_NUMBER = "row_number"
NAME_FIELDS = ("full_name", "family_and_middle_name", "family_name", "middle_name", "given_name")

# Field → the header spellings met in lists, Vietnamese and English. Case and spacing do not matter;
# punctuation is read as a space ("Số CCCD/CMND" = "số cccd cmnd"), and "(*)" marks are ignored.
PEOPLE_SYNONYMS: dict[str, tuple[str, ...]] = {
    ROW_NUMBER: ("STT", "TT", "Số TT", "Số thứ tự", "No", "No.", "#", "Nr"),
    "full_name": (
        "Họ và tên",
        "Họ tên",
        "Họ, tên",
        "Họ và tên học viên",
        "Họ và tên đại biểu",
        "Họ và tên người tham dự",
        "Tên học viên",
        "Full name",
        "Name",
        "Participant",
        "Participant name",
    ),
    "family_and_middle_name": (
        "Họ và tên đệm",
        "Họ tên đệm",
        "Họ và đệm",
        "Họ đệm",
        "Họ, tên đệm",
        "Họ và chữ đệm",
    ),
    "family_name": ("Họ", "Family name", "Last name", "Surname"),
    "middle_name": ("Tên đệm", "Đệm", "Chữ đệm", "Middle name"),
    "given_name": ("Tên", "Tên gọi", "Given name", "First name"),
    "birth_date": (
        "Ngày sinh",
        "Ngày tháng năm sinh",
        "Ngày, tháng, năm sinh",
        "Ngày/tháng/năm sinh",
        "Sinh ngày",
        "Date of birth",
        "Birth date",
        "Birthday",
        "DOB",
    ),
    "birth_year": ("Năm sinh", "Year of birth", "Birth year"),
    "gender": ("Giới tính", "Nam/Nữ", "Nam, Nữ", "Nam - Nữ", "Giới", "Phái", "Gender", "Sex"),
    # The "Nam" and "Nữ" columns of older lists hold the birth year (or an x) under the person's sex.
    "male_birth_year": ("Nam", "Male"),
    "female_birth_year": ("Nữ", "Female"),
    "ethnic_group": ("Dân tộc", "Thành phần dân tộc", "Ethnicity", "Ethnic group"),
    "citizen_id": (
        "Số CCCD",
        "CCCD",
        "CCCD/CMND",
        "CMND/CCCD",
        "Số CMND",
        "CMND",
        "Số CCCD/CMND",
        "Số CMND/CCCD",
        "Căn cước công dân",
        "Số căn cước",
        "Số căn cước công dân",
        "Số định danh",
        "Số định danh cá nhân",
        "Citizen ID",
        "ID number",
        "National ID",
    ),
    "phone": (
        "Điện thoại",
        "Số điện thoại",
        "SĐT",
        "ĐT",
        "Điện thoại di động",
        "Di động",
        "ĐTDĐ",
        "Phone",
        "Phone number",
        "Mobile",
        "Tel",
    ),
    "email": ("Email", "E-mail", "Thư điện tử", "Địa chỉ email", "Địa chỉ thư điện tử", "Mail"),
    "position": ("Chức vụ", "Chức danh", "Chức vụ hiện tại", "Chức vụ, chức danh", "Position", "Job title"),
    "workplace": (
        "Đơn vị công tác",
        "Cơ quan",
        "Cơ quan công tác",
        "Cơ quan, đơn vị",
        "Đơn vị",
        "Nơi công tác",
        "Organisation",
        "Organization",
        "Workplace",
        "Agency",
    ),
    "province": ("Tỉnh/Thành phố", "Tỉnh/TP", "Tỉnh, thành phố", "Tỉnh", "Địa phương", "Province", "City"),
    "notes": ("Ghi chú", "Notes", "Note", "Remarks"),
}

FIELD_LABELS: dict[str, Any] = {
    ROW_NUMBER: _("row number"),
    "full_name": _("full name"),
    "family_and_middle_name": _("family and middle name"),
    "family_name": _("family name"),
    "middle_name": _("middle name"),
    "given_name": _("given name"),
    "birth_date": _("date of birth"),
    "birth_year": _("year of birth"),
    "gender": _("gender"),
    "male_birth_year": _("“Nam” (male) column"),
    "female_birth_year": _("“Nữ” (female) column"),
    "ethnic_group": _("ethnic group"),
    "citizen_id": _("citizen ID number"),
    "phone": _("phone"),
    "email": _("email"),
    "position": _("position"),
    "workplace": _("workplace"),
    "province": _("province"),
    "notes": _("notes"),
}

_MIN_PREFIX = 4
_CACHE_LIMIT = 20_000
_PUNCTUATION = re.compile(r"[\s/\\()\[\]{}*:;,.\-–—_#?!\"'“”‘’+|]+")
_REQUIRED_MARK = re.compile(r"\(\s*\*\s*\)|\*")


def header_key(value: object) -> str:
    """A header as compared: lower case, diacritics kept, punctuation and required-marks read as spaces."""
    text = _REQUIRED_MARK.sub(" ", normalize_text(str(value))).lower() if value is not None else ""
    key = _PUNCTUATION.sub(" ", text).strip()
    # "#" and "No." are headers made of punctuation: keep something to compare.
    return key or text.strip()


class Vocabulary:
    """Which header means which field. Extend it with the columns of a particular import:

    `DEFAULT_VOCABULARY.extended({"role": ("Vai trò", "Role")}, labels={"role": _("role")})`.
    A spelling given in an extension wins over the same spelling in the base vocabulary.
    """

    def __init__(self, synonyms: Mapping[str, Iterable[str]], labels: Mapping[str, Any] | None = None):
        self.synonyms: dict[str, tuple[str, ...]] = {key: tuple(values) for key, values in synonyms.items()}
        self.labels: dict[str, Any] = dict(labels or {})
        self._exact: dict[str, str] = {}
        folded: dict[str, set[str]] = {}
        for field_key, spellings in self.synonyms.items():
            for spelling in spellings:
                key = header_key(spelling)
                self._exact[key] = field_key
                folded.setdefault(fold(key), set()).add(field_key)
        # A folded spelling shared by two fields ("nam": Nam / Năm) is never matched folded.
        self._folded = {key: next(iter(fields)) for key, fields in folded.items() if len(fields) == 1}
        self._prefixes = sorted(self._exact.items(), key=lambda item: -len(item[0]))
        self._folded_prefixes = sorted(self._folded.items(), key=lambda item: -len(item[0]))
        self._cache: dict[str, tuple[str | None, int]] = {}

    def __contains__(self, field_key: str) -> bool:
        return field_key in self.synonyms

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self.synonyms)

    def extended(
        self, extra: Mapping[str, Iterable[str]], labels: Mapping[str, Any] | None = None
    ) -> "Vocabulary":
        synonyms = {key: list(values) for key, values in self.synonyms.items()}
        taken = {header_key(spelling) for spellings in extra.values() for spelling in spellings}
        for key in synonyms:
            synonyms[key] = [spelling for spelling in synonyms[key] if header_key(spelling) not in taken]
        for key, values in extra.items():
            synonyms.setdefault(key, [])
            synonyms[key] = [*synonyms[key], *values]
        return Vocabulary(synonyms, {**self.labels, **(labels or {})})

    def label(self, field_key: str) -> str:
        return str(self.labels.get(field_key, field_key.replace("_", " ")))

    def recognise(self, header: object) -> tuple[str | None, int]:
        """(field, strength): 3 the header is a known spelling, 2 it starts with one ("Ngày sinh
        (dd/mm/yyyy)"), 1 it contains a known spelling of two words or more; (None, 0) otherwise."""
        key = header_key(header)
        if key in self._cache:
            return self._cache[key]
        result = self._recognise(key)
        if len(self._cache) > _CACHE_LIMIT:  # the header scan sees data cells too: keep it bounded
            self._cache.clear()
        self._cache[key] = result
        return result

    def _recognise(self, key: str) -> tuple[str | None, int]:
        if not key:
            return None, 0
        plain = key == fold(key)  # typed without diacritics
        if key in self._exact:
            return self._exact[key], 3
        if plain and key in self._folded:
            return self._folded[key], 3
        for prefixes in (self._prefixes, self._folded_prefixes if plain else ()):
            for spelling, field_key in prefixes:
                # Short words are too common to start a header with: "Tên đơn vị" is not a given name.
                if len(spelling) >= _MIN_PREFIX and key.startswith(spelling + " "):
                    return field_key, 2
        padded = f" {key} "
        for prefixes in (self._prefixes, self._folded_prefixes if plain else ()):
            for spelling, field_key in prefixes:
                if " " in spelling and f" {spelling} " in padded:
                    return field_key, 1
        return None, 0


DEFAULT_VOCABULARY = Vocabulary(PEOPLE_SYNONYMS, FIELD_LABELS)
