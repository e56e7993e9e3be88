"""Who sees people's ID numbers and dates of birth in full: one helper for every page.

Personal data of civil servants and candidates is sensitive (Decree 13/2023/NĐ-CP and the 2025 Law on
Personal Data Protection: ID numbers and ethnicity are sensitive personal data; access is need-to-know,
DESIGN.md §5). The rule (README, "Personal data and audit"):

- **the provincial officer of the person's province** sees them in full: she compiles and checks her
  province's lists with the Home Affairs department and must tell two people of the same name apart by
  ID and birth date. A person of another province met on one of her pages (a trainer from elsewhere
  enrolled in her course) is masked to her;
- **administrators** see them in full: they resolve data problems and answer data-subject requests;
- **ministry staff** see the ID number masked to its last three digits and the year of birth only: they
  read national pipelines and statistics, for which neither is needed.

Every page that shows an ID number or birth date asks `person_identity`; every page that shows an ID
number in full records it in the audit trail (`log_full_access`: an ACCESS entry with who, when, from
where and on which page), and the data-subject export is allowed to the same users.
"""

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from audit.services import access_entry, insert_entries, log_access, log_accesses

logger = logging.getLogger("directory.privacy")

MASK = "•"
VISIBLE_DIGITS = 3


def sees_full_personal_data(user, person=None) -> bool:
    """Whether `user` sees `person`'s ID number and birth date in full; without a person: anyone's at all."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_administrator:
        return True
    if not user.is_officer:
        return False
    return person is None or (person.province_id is not None and person.province_id == user.province_id)


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
    if sees_full_personal_data(user, person):
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
    """Record that `user` was shown `person`'s full ID number on the page `where`."""
    logger.info("Full personal data of person %s shown to user %s (%s).", person.pk, user.pk, where)
    log_access(person, actor=user, what="full_citizen_id", where=where)


def log_full_list_access(*, user, people: Iterable, where: str) -> int:
    """The same for a page listing many people: one entry per person shown in full, in one query."""
    shown = [person for person in people if person.citizen_id and sees_full_personal_data(user, person)]
    if shown:
        logger.info("Full personal data of %s people shown to user %s (%s).", len(shown), user.pk, where)
    return log_accesses(shown, actor=user, what="full_citizen_id", where=where)


def log_record_view(*, user, record, person, where: str) -> None:
    """A sensitive record (a candidacy) was viewed, and with it maybe its person's full ID: one query."""
    entries = [access_entry(record, actor=user, what="record", where=where)]
    if person.citizen_id and sees_full_personal_data(user, person):
        logger.info("Full personal data of person %s shown to user %s (%s).", person.pk, user.pk, where)
        entries.append(access_entry(person, actor=user, what="full_citizen_id", where=where))
    insert_entries(entries)
