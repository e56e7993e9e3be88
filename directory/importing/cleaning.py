"""Repair what spreadsheets do to people's data, cell by cell, and name what cannot be repaired.

Every cleaner returns `Cleaned(value, repairs, problems)`: the value to store (None or "" when there is
none), the repairs made on the way ("leading zero restored"), shown to the user so nothing changes
silently, and the problems left for the user to fix. The messages are in plain words for the office worker
who typed the list, and say what to do.

The cleaners run once per cell of lists of up to 20,000 rows (DESIGN.md §6: a 10,000-row preview in well
under 1.5 s), so their messages are built once here rather than at each call, and the common, clean case
of each cell takes the shortest path.
"""

import re
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from directory.citizen_id import clean_citizen_id, validate_citizen_id
from directory.importing.issues import Finding
from directory.text import fold, normalize_text

NO_FINDINGS: tuple[Finding, ...] = ()

# A trainee or candidate is at least 16 and at most 100 years old: outside that, the date is mistyped.
MIN_AGE = 16
MAX_AGE = 100

# --- Messages --------------------------------------------------------------------------------------------

TOO_LONG = _("The text is too long (%(count)d characters; at most %(limit)d).")
NAME_SYMBOLS = _("The name “%(value)s” contains digits or symbols: check that this column holds names.")
NAME_CAPITALS = _("The name was rewritten with capital initials: “%(value)s”.")
NAME_SPACES = _("Extra spaces were removed from the name.")
DATE_FUTURE = _("The date of birth %(date)s is in the future.")
YEAR_FUTURE = _("The year of birth %(year)d is in the future.")
AGE_IMPLAUSIBLE = _("Born in %(year)d, the person would be %(age)d years old today: check the date of birth.")
TWO_DIGIT_YEAR = _("The year “%(short)s” was read as %(year)d.")
MONTH_FIRST = _("“%(value)s” was written month first; read as day %(day)d, month %(month)d.")
DATE_INVALID = _("The date “%(value)s” does not exist: check the day and the month.")
MONTH_YEAR = _("Only the month and year were given (%(value)s): the year %(year)d is kept.")
DATE_UNREADABLE = _(
    "“%(value)s” is not a date. Write the date of birth as day/month/year, for example 16/05/1985."
)
DATE_SERIAL = _("The date was stored as the number %(number)d; it was read as %(date)s.")
GENDER_UNKNOWN = _("“%(value)s” is not a gender: write Nam or Nữ.")
SEX_COLUMN_VALUE = _("“%(value)s” is neither a year of birth nor a mark (x).")
ID_LEADING_ZEROS = ngettext_lazy(
    "The leading zero Excel had dropped was restored: %(value)s.",
    "The %(count)d leading zeros Excel had dropped were restored: %(value)s.",
    "count",
)
PHONE_LEADING_ZERO = _("The leading zero Excel had dropped from the phone number was restored: %(value)s.")
PHONE_COUNTRY_CODE = _("The country code %(code)s was replaced by 0: %(value)s.")
PHONE_SEVERAL = _("Several numbers were given; the first is kept and “%(others)s” left out.")
PHONE_INVALID = _(
    "“%(value)s” does not look like a Vietnamese phone number (10 digits starting with 0 for a mobile, 11 "
    "starting with 02 for a landline)."
)
EMAIL_SEVERAL = _("Several email addresses were given; the first is kept and “%(others)s” left out.")
EMAIL_INVALID = _("“%(value)s” is not a valid email address.")


class Cleaned(NamedTuple):
    value: Any
    repairs: tuple[Finding, ...] = NO_FINDINGS
    problems: tuple[Finding, ...] = NO_FINDINGS


class BirthDate(NamedTuple):
    """A date of birth, or only its year when that is all the list gives."""

    date: date | None
    year: int | None


_NO_BIRTH = BirthDate(None, None)


def one_repair(code: str, template, /, **params) -> tuple[Finding, ...]:
    return (Finding(code, template, params),)


def with_problem(result: Any, code: str, template, /, **params) -> Cleaned:
    return Cleaned(result, NO_FINDINGS, (Finding(code, template, params),))


def display_date(value: date) -> str:
    """Dates in messages as Vietnamese lists write them: 16/05/1985."""
    return value.strftime("%d/%m/%Y")


def cell_text(raw: object) -> str:
    """A cell as text: 1985.0 → "1985", a date → "16/05/1985", white space normalised."""
    if raw is None:
        return ""
    if raw.__class__ is str:
        return normalize_text(raw)
    if isinstance(raw, bool):
        return "x" if raw else ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):
        return display_date(raw.date())
    if isinstance(raw, date):
        return display_date(raw)
    return normalize_text(str(raw))


# --- Text ------------------------------------------------------------------------------------------------


def clean_text(raw: object, *, max_length: int | None = None) -> Cleaned:
    text = cell_text(raw)
    if max_length and len(text) > max_length:
        return with_problem(text, "too_long", TOO_LONG, count=len(text), limit=max_length)
    return Cleaned(text)


# --- Names -----------------------------------------------------------------------------------------------

_NOT_IN_NAMES = re.compile(r"[\d@#$%^&*=+_<>{}\[\]|\\/;:!?]")
_NAME_MAX = 150


# Names are made of a few thousand words: each is capitalised and folded once per process.
_CAPITALISED: dict[str, str] = {}
_FOLDED: dict[str, str] = {}
_WORD_CACHE_LIMIT = 200_000


def _capitalised(word: str) -> str:
    """A word as normalize_name writes it: first letter upper case, the rest lower case."""
    result = _CAPITALISED.get(word)
    if result is None:
        result = word[:1].upper() + word[1:].lower()
        if len(_CAPITALISED) < _WORD_CACHE_LIMIT:
            _CAPITALISED[word] = result
    return result


def name_key(name: str) -> str:
    """fold(name) for a name clean_name returned, word by word: equal to Person.search_key (tested)."""
    words = []
    for word in name.split(" "):
        folded = _FOLDED.get(word)
        if folded is None:
            folded = fold(word)
            if len(_FOLDED) < _WORD_CACHE_LIMIT:
                _FOLDED[word] = folded
        words.append(folded)
    return " ".join(words)


def clean_name(raw: object) -> Cleaned:
    """A person's name: NFC, single spaces, capital initials ("NGUYỄN  thị lan" → "Nguyễn Thị Lan").

    The result is what directory.text.normalize_name gives (a test holds them equal); it is computed here
    from the text already normalised, not normalised a second time.
    """
    if raw is None:
        return Cleaned("")
    original = raw if raw.__class__ is str else str(raw)
    text = normalize_text(original)
    if not text:
        return Cleaned("")
    name = " ".join([_capitalised(word) for word in text.split(" ")])
    if _NOT_IN_NAMES.search(name):
        return with_problem(name, "name_symbols", NAME_SYMBOLS, value=text)
    if len(name) > _NAME_MAX:
        return with_problem(name, "name_too_long", TOO_LONG, count=len(name), limit=_NAME_MAX)
    if name != text:
        return Cleaned(name, one_repair("name_capitals", NAME_CAPITALS, value=name))
    if len(text) != len(original) and "  " in original.replace("\u00a0", " ").strip():
        return Cleaned(name, one_repair("name_spaces", NAME_SPACES))
    return Cleaned(name)


def split_name(name: str) -> tuple[str, str, str]:
    """Person.split_full_name for a name clean_name returned: (family, middle, given).

    The model's method normalises its input again, which costs more than the rest of a row's name: for a
    name already normalised, splitting on spaces gives the same parts (a test holds them equal).
    """
    parts = name.split(" ") if name else []
    if not parts:
        return "", "", ""
    if len(parts) == 1:
        return "", "", parts[0]
    return parts[0], " ".join(parts[1:-1]), parts[-1]


# --- Dates of birth --------------------------------------------------------------------------------------

# Excel counts days from 1899-12-30 for serial numbers from 61 on; below that its calendar has the
# 29 February 1900 that never was (kept for Lotus 1-2-3), so serials 1–59 count from 1899-12-31 and 60 is
# that day.
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_LAST_SERIAL = 2_958_465  # 31/12/9999
_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_YMD = re.compile(r"^(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_TRAILING_TIME = re.compile(r"\s+\d{1,2}:\d{2}(:\d{2})?$")


def excel_serial_to_date(serial: int) -> date | None:
    """The calendar date of an Excel serial number (1900 date system), None for 60 (29/02/1900)."""
    if serial == 60:
        return None
    if serial < 60:
        return date(1899, 12, 31) + timedelta(days=serial)
    return _EXCEL_EPOCH + timedelta(days=serial)


def _century(two_digits: int, today: date) -> int:
    """ "85" → 1985, "05" → 2005 for a person who must be at least MIN_AGE today."""
    year = 2000 + two_digits
    return year if year <= today.year - MIN_AGE else 1900 + two_digits


def _plausible(value: BirthDate, today: date, repairs: tuple[Finding, ...] = NO_FINDINGS) -> Cleaned:
    year = value.year
    born = value.date
    if born and born > today:
        return Cleaned(value, repairs, (Finding("date_future", DATE_FUTURE, {"date": display_date(born)}),))
    if year > today.year:
        return Cleaned(value, repairs, (Finding("date_future", YEAR_FUTURE, {"year": year}),))
    age = today.year - year
    if born and (today.month, today.day) < (born.month, born.day):
        age -= 1
    if not MIN_AGE <= age <= MAX_AGE:
        finding = Finding("age_implausible", AGE_IMPLAUSIBLE, {"year": year, "age": age})
        return Cleaned(value, repairs, (finding,))
    return Cleaned(value, repairs)


def clean_birth_date(raw: object, *, today: date | None = None) -> Cleaned:
    """A date of birth from a date cell, an Excel serial number, "16/05/1985", "16-5-85" or a year alone.

    The value is a BirthDate; a year alone gives BirthDate(None, year).
    """
    today = today or timezone.localdate()
    if raw is None or raw == "":
        return Cleaned(_NO_BIRTH)
    if isinstance(raw, datetime):
        value = raw.date()
        return _plausible(BirthDate(value, value.year), today)
    if isinstance(raw, date):
        return _plausible(BirthDate(raw, raw.year), today)
    if isinstance(raw, time | timedelta | bool):
        return _unreadable_date(raw)
    if isinstance(raw, int | float):
        return _date_from_number(raw, today)
    text = _TRAILING_TIME.sub("", normalize_text(str(raw)))
    if text.isdigit():
        if len(text) == 4:
            return _plausible(BirthDate(None, int(text)), today)
        if len(text) in (1, 2, 3, 5):
            return _date_from_number(int(text), today)
    if match := _DMY.match(text):
        day, month, year_text = int(match.group(1)), int(match.group(2)), match.group(3)
        year = int(year_text)
        repairs = NO_FINDINGS
        if len(year_text) == 2:
            year = _century(year, today)
            repairs = one_repair("date_two_digit_year", TWO_DIGIT_YEAR, short=year_text, year=year)
        if month > 12 and day <= 12:
            # Written month first, as an English-language Excel does: 05/16/1985.
            day, month = month, day
            repairs += one_repair("date_month_first", MONTH_FIRST, value=text, day=day, month=month)
        return _from_parts(text, year, month, day, today, repairs)
    if match := _YMD.match(text):
        return _from_parts(text, int(match.group(1)), int(match.group(2)), int(match.group(3)), today)
    if match := _MONTH_YEAR.match(text):
        year = int(match.group(2))
        return _plausible(
            BirthDate(None, year), today, one_repair("date_month_year", MONTH_YEAR, value=text, year=year)
        )
    return _unreadable_date(raw)


def _from_parts(
    text: str, year: int, month: int, day: int, today: date, repairs: tuple[Finding, ...] = NO_FINDINGS
) -> Cleaned:
    try:
        value = date(year, month, day)
    except ValueError:
        return with_problem(_NO_BIRTH, "date_invalid", DATE_INVALID, value=text)
    return _plausible(BirthDate(value, year), today, repairs)


def _unreadable_date(raw: object) -> Cleaned:
    text = str(raw) if isinstance(raw, time | timedelta) else cell_text(raw)
    return with_problem(_NO_BIRTH, "date_unreadable", DATE_UNREADABLE, value=text)


def _date_from_number(number: float, today: date) -> Cleaned:
    number = int(number)  # a date with a time of day: the day is what counts
    if 1900 <= number <= today.year:
        return _plausible(BirthDate(None, number), today)
    if 1 <= number <= _EXCEL_LAST_SERIAL:
        value = excel_serial_to_date(number)
        if value is None:
            return with_problem(_NO_BIRTH, "date_invalid", DATE_INVALID, value="29/02/1900")
        repairs = one_repair("date_serial", DATE_SERIAL, number=number, date=display_date(value))
        return _plausible(BirthDate(value, value.year), today, repairs)
    return _unreadable_date(number)


def clean_birth_year(raw: object, *, today: date | None = None) -> Cleaned:
    """A year of birth ("1985", 1985.0); a whole date in the year column gives its date too."""
    today = today or timezone.localdate()
    if raw is None or raw == "":
        return Cleaned(_NO_BIRTH)
    if isinstance(raw, int | float) and not isinstance(raw, bool) and 1800 <= raw <= 2200:
        return _plausible(BirthDate(None, int(raw)), today)
    text = normalize_text(str(raw))
    if text.isdigit() and len(text) == 2:
        year = _century(int(text), today)
        return _plausible(
            BirthDate(None, year),
            today,
            one_repair("date_two_digit_year", TWO_DIGIT_YEAR, short=text, year=year),
        )
    return clean_birth_date(raw, today=today)


# --- Gender ----------------------------------------------------------------------------------------------

FEMALE, MALE = "female", "male"
_GENDERS = {
    "nu": FEMALE,
    "n": FEMALE,
    "f": FEMALE,
    "female": FEMALE,
    "woman": FEMALE,
    "w": FEMALE,
    "ba": FEMALE,
    "chi": FEMALE,
    "nam": MALE,
    "m": MALE,
    "male": MALE,
    "man": MALE,
    "ong": MALE,
    "anh": MALE,
}
_MARKS = {"x", "v", "1", "co", "yes", "✓", "✔", "☑", "+", "*"}


def clean_gender(raw: object) -> Cleaned:
    """ "Nữ", "nữ", "Nu", "F", "Female" → "female"; "Nam", "M", "Male" → "male"."""
    text = cell_text(raw)
    if not text:
        return Cleaned("")
    gender = _GENDERS.get(fold(text).strip(" ."))
    if gender:
        return Cleaned(gender)
    return with_problem("", "gender_unknown", GENDER_UNKNOWN, value=text)


def clean_sex_column(raw: object, *, gender: str, today: date | None = None) -> Cleaned:
    """A cell of the "Nam" or "Nữ" column of older lists: the birth year, or a mark (x), under the sex.

    The value is (gender, year or None); an empty cell gives ("", None).
    """
    if raw is None or raw == "":
        return Cleaned(("", None))
    text = cell_text(raw)
    if raw is True or fold(text) in _MARKS:
        return Cleaned((gender, None))
    cleaned = clean_birth_year(raw, today=today)
    birth: BirthDate = cleaned.value
    if birth.year is None:
        return with_problem(("", None), "sex_column_value", SEX_COLUMN_VALUE, value=text)
    return Cleaned((gender, birth.year), cleaned.repairs, cleaned.problems)


# --- Citizen ID ------------------------------------------------------------------------------------------

_ID_NOISE = re.compile(r"[\s.\-]")
_DECIMAL_ZERO = re.compile(r"\.0+$")  # "42185000123.0", as some exports write a number
_SCIENTIFIC = re.compile(r"[eE]\+?\d")


def clean_citizen_id_cell(raw: object, *, gender: str = "", birth_year: int | None = None) -> Cleaned:
    """A CCCD or CMND number: digits only, the leading zeros Excel dropped restored, checked against the
    person's sex and year of birth (directory.citizen_id)."""
    if raw is None or raw == "":
        return Cleaned("")
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, str):
        raw = (
            raw.strip() if _SCIENTIFIC.search(raw) else _ID_NOISE.sub("", _DECIMAL_ZERO.sub("", raw.strip()))
        )
    text = str(raw)
    zeros = 0
    if text.isdigit() and len(text) in (9, 12):
        value = text  # the usual case, nothing to repair
    elif text.isdigit() and len(text) in (8, 11):
        # clean_citizen_id's own rule (one zero lost), without its per-call translated note.
        value, zeros = "0" + text, 1
    elif text.isdigit() and len(text) == 10 and text[0] != "0":
        # Birth registered in Hà Nội, Hà Giang … (codes 001–009): Excel dropped two zeros, which
        # directory.citizen_id does not restore (it restores one).
        value, zeros = "00" + text, 2
    else:
        repaired = clean_citizen_id(raw)  # scientific notation, "42185000123.0" and the like
        value = repaired.value
        zeros = 1 if repaired.repaired else 0
    repairs = (
        one_repair("citizen_id_leading_zero", ID_LEADING_ZEROS, value=value, count=zeros) if zeros else ()
    )
    try:
        validate_citizen_id(value, gender=gender or None, birth_year=birth_year)
    except ValidationError as error:
        finding = Finding(error.code or "citizen_id", error.message, dict(error.params or {}))
        return Cleaned(value if value.isdigit() else "", repairs, (finding,))
    return Cleaned(value, repairs)


# --- Phone and email -------------------------------------------------------------------------------------

_PHONE_SEPARATORS = re.compile(r"\s*(?:[,;/&]|\s-\s|\bvà\b|\bor\b|\bhoặc\b)\s*")
_PHONE_NOISE = re.compile(r"[\s.\-()'’]")
_MOBILE = re.compile(r"^0[35789]\d{8}$")
_LANDLINE = re.compile(r"^02\d{9}$")


def clean_phone(raw: object) -> Cleaned:
    """A Vietnamese phone number: spaces and dots removed, +84 → 0, the 0 Excel dropped put back."""
    if raw is None or raw == "":
        return Cleaned("")
    text = raw.strip() if raw.__class__ is str else cell_text(raw)  # digits: no Unicode to normalise
    repairs = NO_FINDINGS
    number = text
    if not text.isdigit():
        parts = [part for part in _PHONE_SEPARATORS.split(text) if part.strip()]
        if len(parts) > 1:
            repairs = one_repair("phone_first_of_several", PHONE_SEVERAL, others=", ".join(parts[1:]))
        number = _PHONE_NOISE.sub("", parts[0] if parts else text)
    if number.startswith("+84"):
        number = "0" + number[3:].lstrip("0")
        repairs += one_repair("phone_country_code", PHONE_COUNTRY_CODE, code="+84", value=number)
    elif number.startswith("84") and len(number) in (11, 12) and number.isdigit():
        number = "0" + number[2:]
        repairs += one_repair("phone_country_code", PHONE_COUNTRY_CODE, code="84", value=number)
    elif number.isdigit() and (
        (len(number) == 9 and number[0] in "35789") or (len(number) == 10 and number[0] == "2")
    ):
        number = "0" + number
        repairs += one_repair("phone_leading_zero", PHONE_LEADING_ZERO, value=number)
    if not (_MOBILE.match(number) or _LANDLINE.match(number)):
        return Cleaned(text, repairs, (Finding("phone_invalid", PHONE_INVALID, {"value": text}),))
    return Cleaned(number, repairs)


_EMAIL_SEPARATORS = re.compile(r"[\s,;]+")


def clean_email(raw: object) -> Cleaned:
    if raw is None or raw == "":
        return Cleaned("")
    text = (raw.strip() if raw.__class__ is str else cell_text(raw)).removeprefix("mailto:")
    repairs = NO_FINDINGS
    parts = _EMAIL_SEPARATORS.split(text)
    if len(parts) > 1:
        parts = [part for part in parts if part]
        if len(parts) > 1 and all("@" in part for part in parts):
            repairs = one_repair("email_first_of_several", EMAIL_SEVERAL, others=", ".join(parts[1:]))
            text = parts[0]
    email = text.lower()
    user, _at, domain = email.rpartition("@")
    # Most addresses are plain (hv12@hatinh.gov.vn) and share a few domains: Django's validator, which
    # costs ~15 µs, runs once per domain for them, and on every other address.
    if not (_PLAIN_USER.match(user) and _domain_is_valid(domain)):
        try:
            validate_email(email)
        except ValidationError:
            return with_problem("", "email_invalid", EMAIL_INVALID, value=text)
    return Cleaned(email, repairs)


_PLAIN_USER = re.compile(r"^[a-z0-9_%+-]+(\.[a-z0-9_%+-]+)*$")  # a subset of what the validator accepts
_VALID_DOMAINS: dict[str, bool] = {}


def _domain_is_valid(domain: str) -> bool:
    valid = _VALID_DOMAINS.get(domain)
    if valid is None:
        try:
            validate_email(f"a@{domain}")
            valid = True
        except ValidationError:
            valid = False
        if len(_VALID_DOMAINS) < _WORD_CACHE_LIMIT:
            _VALID_DOMAINS[domain] = valid
    return valid
