"""Turn a cleaned row into a new Person, ready for a bulk insert: one place for every importer."""

from directory.models import AdministrativeUnit, Person

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
