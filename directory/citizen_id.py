"""Citizen ID numbers (CCCD, 12 digits) and old identity cards (CMND, 9 digits).

CCCD layout (Circular 07/2016/TT-BCA, Decree 137/2015/NĐ-CP): digits 1–3 the province where the birth was
registered (the 63-province codes, leading zero), digit 4 century and sex (0 male / 1 female born in the
1900s, 2 / 3 in the 2000s, 4 / 5 in the 2100s …), digits 5–6 the last two digits of the birth year, then six
random digits. There is no check digit.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_FLOAT_FORM = re.compile(r"^\d+(\.\d+)?[eE]\+?\d+$")


@dataclass(frozen=True)
class CitizenIdRepair:
    value: str
    repaired: bool
    note: str = ""


def clean_citizen_id(raw: object) -> CitizenIdRepair:
    """Undo what spreadsheets do to ID numbers: numbers instead of text, a lost leading zero.

    Excel stores 012345678901 as the number 12345678901 (11 digits): the zero is restored. A value shown
    as 1.08712E+11 has lost its last digits for good and cannot be repaired; it is returned unchanged so
    that validation names the problem.
    """
    if raw is None:
        return CitizenIdRepair("", False)
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    if _FLOAT_FORM.match(text):
        return CitizenIdRepair(text, False)
    text = re.sub(r"\.0+$", "", re.sub(r"\s+", "", text))
    if text.isdigit() and len(text) in (8, 11):
        return CitizenIdRepair("0" + text, True, str(_("leading zero restored")))
    return CitizenIdRepair(text, False)


def century_sex_digit(*, female: bool, birth_year: int) -> int:
    return (birth_year // 100 - 19) * 2 + (1 if female else 0)


def validate_citizen_id(value: str, *, gender: str | None = None, birth_year: int | None = None) -> None:
    """Raise ValidationError with a message the user can act on when the number cannot be right."""
    if not value:
        return
    if _FLOAT_FORM.match(value):
        raise ValidationError(
            _(
                "The ID number “%(value)s” was turned into a rounded number by Excel and its last digits are "
                "lost. Format the column as Text and type the number again."
            ),
            code="citizen_id_scientific",
            params={"value": value},
        )
    if not value.isdigit():
        raise ValidationError(
            _("The ID number must contain digits only (found “%(value)s”)."),
            code="citizen_id_digits",
            params={"value": value},
        )
    if len(value) == 9:
        return
    if len(value) != 12:
        raise ValidationError(
            _(
                "The ID number must have 12 digits (citizen ID card) or 9 digits (old identity card); "
                "“%(value)s” has %(count)d."
            ),
            code="citizen_id_length",
            params={"value": value, "count": len(value)},
        )
    digit = int(value[3])
    born_female = digit % 2 == 1
    century = 1900 + (digit // 2) * 100
    if gender in ("female", "male") and born_female != (gender == "female"):
        raise ValidationError(
            _(
                "The 4th digit of the ID number (%(digit)d) is for a %(id_sex)s, but the person is recorded "
                "as %(sex)s."
            ),
            code="citizen_id_sex",
            params={
                "digit": digit,
                "id_sex": _("woman") if born_female else _("man"),
                "sex": _("a woman") if gender == "female" else _("a man"),
            },
        )
    if birth_year:
        id_year = century + int(value[4:6])
        if id_year != birth_year:
            raise ValidationError(
                _(
                    "The ID number says the person was born in %(id_year)d (digits 4–6), but the birth "
                    "year recorded is %(year)d."
                ),
                code="citizen_id_year",
                params={"id_year": id_year, "year": birth_year},
            )
