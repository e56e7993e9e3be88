"""Turn a cleaned row into a new Person, ready for a bulk insert: one place for every importer."""

from directory.importing.cleaning import name_key
from directory.models import AdministrativeUnit, Person
from directory.text import normalize_name, vietnamese_sort_key

# The person's fields a list can give; the rest (notes, role, …) belong to what the list is about.
PERSON_FIELDS = (
    "family_name",
    "middle_name",
    "given_name",
    "gender",
    "birth_date",
    "birth_year",
    "citizen_id",
    "phone",
    "email",
    "position",
    "workplace",
    "ethnic_group",
    "province",
)


def new_person_from_row(values: dict, *, province: AdministrativeUnit | None = None, actor=None) -> Person:
    """A new, unsaved Person from a parsed row's values, normalised (bulk writes bypass save()).

    `province` is the one the importer decides on when it must (an officer's own province); otherwise
    the row's province is kept.
    """
    person = Person(created_by=actor)
    for field in PERSON_FIELDS:
        value = values.get(field)
        if value is not None:
            setattr(person, field, value)
    if province is not None:
        person.province = province
    person.normalise()
    return person


# The columns of `PersonRows.row`, for directory.bulk.insert_rows.
PERSON_COLUMNS = (
    "family_name",
    "middle_name",
    "given_name",
    "full_name",
    "search_key",
    "sort_key",
    "gender",
    "birth_date",
    "birth_year",
    "citizen_id",
    "phone",
    "email",
    "position",
    "workplace",
    "ethnic_group_id",
    "province_id",
    "created_by_id",
)


class PersonRows:
    """New people as rows of PERSON_COLUMNS, for directory.bulk.insert_rows: the values
    `new_person_from_row` would give the Person, without building one (a test holds the two equal).

    Names repeat across a list (family and middle names above all), so their normalised, folded and sort
    forms are computed once per spelling (the folded one word by word, by cleaning.name_key).
    """

    def __init__(self, *, actor=None):
        self.actor_id = getattr(actor, "pk", None)
        self._names: dict[str, str] = {}
        self._sort_keys: dict[str, str] = {}

    def row(self, values: dict, *, default_province_id: int | None = None) -> tuple:
        """The row of a parsed row's values; `default_province_id` when the row names no province."""
        family = self._name(values.get("family_name"))
        middle = self._name(values.get("middle_name"))
        given = self._name(values.get("given_name"))
        full_name = " ".join(part for part in (family, middle, given) if part)
        birth_date = values.get("birth_date")
        ethnic_group = values.get("ethnic_group")
        province = values.get("province")
        return (
            family,
            middle,
            given,
            full_name,
            name_key(full_name),
            " | ".join((self._sort_key(given), self._sort_key(middle), self._sort_key(family))),
            values.get("gender") or "",
            birth_date,
            birth_date.year if birth_date else values.get("birth_year"),
            values.get("citizen_id") or None,
            values.get("phone") or "",
            (values.get("email") or "").strip().lower(),
            values.get("position") or "",
            values.get("workplace") or "",
            ethnic_group.pk if ethnic_group is not None else None,
            province.pk if province is not None else default_province_id,
            self.actor_id,
        )

    def _name(self, value: str | None) -> str:
        if not value:
            return ""
        name = self._names.get(value)
        if name is None:
            name = self._names[value] = normalize_name(value)
        return name

    def _sort_key(self, value: str) -> str:
        key = self._sort_keys.get(value)
        if key is None:
            key = self._sort_keys[value] = vietnamese_sort_key(value)
        return key
