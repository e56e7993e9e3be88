"""Who sees people's ID numbers and dates of birth in full: one helper for every page.

Personal data of civil servants and candidates is sensitive (Decree 13/2023/NĐ-CP and the 2025 Law on
Personal Data Protection: ID numbers and ethnicity are sensitive personal data; access is need-to-know,
DESIGN.md §5). The choice:

- **provincial officers** see them in full: they compile and check their province's candidate lists
  with the Home Affairs department and must tell two people of the same name apart by ID and birth date;
- **administrators** see them in full: they resolve data problems and answer access requests;
- **ministry staff** see the ID number masked to its last three digits and the year of birth only: they
  read national pipelines and statistics, for which neither is needed.

Every page that shows a candidate's ID number or birth date asks `person_identity`; pages that show full
values log it (the `directory.privacy` logger), so that access to sensitive data can be traced.
"""

import datetime
import logging
from dataclasses import dataclass

logger = logging.getLogger("directory.privacy")

MASK = "•"
VISIBLE_DIGITS = 3


def sees_full_personal_data(user) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    return bool(user.is_administrator or user.is_officer)


def mask_citizen_id(value: str | None) -> str:
    """ "042185000123" → "•••••••••123": the last three digits are enough to tell two records apart."""
    if not value:
        return ""
    return MASK * max(len(value) - VISIBLE_DIGITS, 0) + value[-VISIBLE_DIGITS:]


@dataclass(frozen=True)
class Identity:
    """What a user may see of a person's identity: `birth_date` is None whenever it is masked."""

    citizen_id: str
    birth_date: datetime.date | None
    birth_year: int | None
    masked: bool


def person_identity(person, *, user) -> Identity:
    if sees_full_personal_data(user):
        return Identity(
            citizen_id=person.citizen_id or "",
            birth_date=person.birth_date,
            birth_year=person.year_of_birth,
            masked=False,
        )
    return Identity(
        citizen_id=mask_citizen_id(person.citizen_id),
        birth_date=None,
        birth_year=person.year_of_birth,
        masked=True,
    )


def log_full_access(*, user, person, where: str) -> None:
    logger.info("Full personal data of person %s shown to user %s (%s).", person.pk, user.pk, where)
