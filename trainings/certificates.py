"""Certificates of completion: their numbers, their PDF, and what the public verification page may show.

A certificate is issued to an enrolment that has completed its course (the status that attendance and the
course's completion rule give it, see `services.course_update_completion`). Its number, e.g.
WL-2024-7K3F9QXM, is the year the course ended and eight characters drawn with `secrets` from an alphabet
without look-alikes (no 0/O, 1/I/L): readable on paper and over the phone, and with 31^8 ≈ 8.5 × 10^11
possibilities too sparse to find someone's certificate by trying numbers on the public page.

The certificate is dated on the last day of the course, so that printing it again gives the same page.
It is in Vietnamese; a course of a donor-funded programme gets a bilingual (Vietnamese and English) one.
"""

import datetime
import logging
import secrets
from dataclasses import dataclass

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from audit.services import log_bulk_changes
from directory.models import Person
from directory.pdf import render_pdf
from trainings.models import Course, Enrolment
from trainings.services import TrainingRuleError, course_can_be_changed_by

logger = logging.getLogger(__name__)

NUMBER_PREFIX = "WL"
NUMBER_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
NUMBER_LENGTH = 8
TEMPLATE = "trainings/pdf/certificate.html"

_ENGLISH_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


# --- Numbers -------------------------------------------------------------------------------------------


def new_certificate_number(year: int) -> str:
    random_part = "".join(secrets.choice(NUMBER_ALPHABET) for _i in range(NUMBER_LENGTH))
    return f"{NUMBER_PREFIX}-{year}-{random_part}"


def normalise_certificate_number(text: str | None) -> str:
    """What people type or scan: any case, spaces, long dashes: "wl – 2024 – 7k3f 9qxm" → WL-2024-7K3F9QXM."""
    text = (text or "").upper().replace("\u2013", "-").replace("\u2014", "-")
    return "".join(text.split())[:40]


def _issue_numbers(enrolments: list[Enrolment]) -> int:
    """Give every enrolment without a number a fresh one, unique in the database; returns how many.

    The enrolments must be locked (select_for_update) by the caller so that two people downloading at
    once cannot give one enrolment two numbers. Two numbers drawn at once elsewhere could still collide,
    one in 10^11: the unique constraint on the column turns that into an error rather than a duplicate.
    """
    pending = [enrolment for enrolment in enrolments if not enrolment.certificate_number]
    chosen: set[str] = set()
    to_draw = pending
    while to_draw:
        for enrolment in to_draw:
            number = new_certificate_number(enrolment.course.end_date.year)
            while number in chosen:
                number = new_certificate_number(enrolment.course.end_date.year)
            enrolment.certificate_number = number
            chosen.add(number)
        taken = set(
            Enrolment.objects.filter(
                certificate_number__in=[enrolment.certificate_number for enrolment in to_draw]
            ).values_list("certificate_number", flat=True)
        )
        to_draw = [enrolment for enrolment in to_draw if enrolment.certificate_number in taken]
    Enrolment.objects.bulk_update(pending, ["certificate_number"], batch_size=500)
    log_bulk_changes((e, {"certificate_number": ("", e.certificate_number)}) for e in pending)
    return len(pending)


def _not_completed(enrolment: Enrolment) -> TrainingRuleError:
    return TrainingRuleError(
        _("%(name)s has not completed the course: a certificate is issued only on completion.")
        % {"name": enrolment.person.full_name}
    )


@transaction.atomic
def certificate_issue(*, enrolment: Enrolment, actor) -> Enrolment:
    """Give a completed enrolment its certificate number, once; later calls keep the same number."""
    locked = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("course", "person")
        .get(pk=enrolment.pk)
    )
    if not course_can_be_changed_by(course=locked.course, actor=actor):
        raise PermissionDenied
    if locked.status != Enrolment.Status.COMPLETED:
        raise _not_completed(locked)
    if _issue_numbers([locked]):
        logger.info(
            "Certificate %s issued to enrolment %s by %s", locked.certificate_number, locked.pk, actor
        )
    enrolment.certificate_number = locked.certificate_number
    enrolment.status = locked.status
    return enrolment


@transaction.atomic
def course_certificates_issue(*, course: Course, actor) -> list[Enrolment]:
    """Issue the missing numbers of every learner who completed the course; returns all their enrolments."""
    if not course_can_be_changed_by(course=course, actor=actor):
        raise PermissionDenied
    enrolments = list(
        Enrolment.objects.select_for_update(of=("self",))
        .filter(course=course, status=Enrolment.Status.COMPLETED)
        .learners()
        .select_related("course", "person")
        .order_by("person__sort_key", "pk")
    )
    issued = _issue_numbers(enrolments)
    if issued:
        logger.info("%s certificates of course %s issued by %s", issued, course.pk, actor)
    return enrolments


# --- The PDF ------------------------------------------------------------------------------------------------


def _site_url(site_url: str | None) -> str:
    # Views pass the address the request came to; background work relies on the SITE_URL setting.
    return (site_url or getattr(settings, "SITE_URL", "") or "http://localhost:8000").rstrip("/")


def verification_url(number: str, *, site_url: str | None = None) -> str:
    return _site_url(site_url) + reverse("certificates:verify", args=[number])


def vietnamese_document_date(day: datetime.date) -> str:
    """ "ngày 05 tháng 02 năm 2024", "ngày 19 tháng 5 năm 2024": Decree 30/2020/NĐ-CP, Appendix I, puts a
    zero before days under 10 and months 1 and 2 only."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def english_date(day: datetime.date) -> str:
    return f"{day.day} {_ENGLISH_MONTHS[day.month - 1]} {day.year}"


def _issuer(course: Course):
    plan = course.plan
    return course.organiser or (course.programme and course.programme.implementer) or (plan and plan.issuer)


def _duration(course: Course) -> tuple[str, str]:
    """The course's length in Vietnamese and English: "4 ngày" / "4 days", "1 buổi" / "half a day"."""
    count = course.duration
    if course.duration_unit == Course.DurationUnit.HALF_DAYS:
        if count == 1:
            return "1 buổi", "half a day"
        return f"{count} buổi", f"{count} half-days"
    return f"{count} ngày", ("1 day" if count == 1 else f"{count} days")


def _certificate_context(enrolment: Enrolment, site_url: str | None) -> dict:
    course = enrolment.course
    person = enrolment.person
    programme = course.programme
    issuer = _issuer(course)
    place_unit = (issuer.unit if issuer and issuer.unit_id else None) or course.unit
    verify_url = verification_url(enrolment.certificate_number, site_url=site_url)
    duration_vi, duration_en = _duration(course)
    return {
        "number": enrolment.certificate_number,
        "bilingual": bool(programme and programme.is_donor_funded),
        "issuer": issuer.name if issuer else "",
        "issuer_parent": issuer.parent.name if issuer and issuer.parent_id else "",
        "funder": programme.funder.name if programme and programme.funder_id else "",
        "programme": programme.name if programme else "",
        "honorific": {Person.Gender.FEMALE: "bà", Person.Gender.MALE: "ông"}.get(person.gender, ""),
        "full_name": person.full_name,
        "workplace": person.organisation.name if person.organisation_id else person.workplace,
        "course_title": course.title,
        "component": course.component,
        "single_day": course.start_date == course.end_date,
        "start_date": course.start_date.strftime("%d/%m/%Y"),
        "end_date": course.end_date.strftime("%d/%m/%Y"),
        "duration_vi": duration_vi,
        "duration_en": duration_en,
        "venue": course.venue or (course.unit.name if course.unit_id else ""),
        "place": place_unit.short_name if place_unit else "",
        "date_vi": vietnamese_document_date(course.end_date),
        "date_en": english_date(course.end_date),
        "verify_url": verify_url,
        "qr_svg": segno.make(verify_url, error="m").svg_inline(omitsize=True, border=2, dark="#1d1d24"),
    }


_RELATED = (
    "course__programme__funder",
    "course__programme__implementer__parent",
    "course__programme__implementer__unit",
    "course__plan__issuer__parent",
    "course__plan__issuer__unit",
    "course__organiser__parent",
    "course__organiser__unit",
    "course__unit",
    "person__organisation",
)


def _render(enrolments: list[Enrolment], site_url: str | None) -> bytes:
    for enrolment in enrolments:
        if enrolment.status != Enrolment.Status.COMPLETED:
            raise _not_completed(enrolment)
        if not enrolment.certificate_number:
            raise TrainingRuleError(
                _("The certificate of %(name)s has not been issued yet.")
                % {"name": enrolment.person.full_name}
            )
    certificates = [_certificate_context(enrolment, site_url) for enrolment in enrolments]
    return render_pdf(TEMPLATE, {"certificates": certificates})


def certificate_pdf(*, enrolment: Enrolment, site_url: str | None = None) -> bytes:
    """One certificate as an A4 landscape PDF; the enrolment must be completed and its number issued."""
    enrolment = Enrolment.objects.select_related(*_RELATED).get(pk=enrolment.pk)
    return _render([enrolment], site_url)


def course_certificates_pdf(*, course: Course, actor, site_url: str | None = None) -> bytes:
    """Every certificate of a course, one page each, issuing the missing numbers first."""
    issued = course_certificates_issue(course=course, actor=actor)
    if not issued:
        raise TrainingRuleError(_("No one has completed this course yet: there is no certificate to print."))
    enrolments = list(
        Enrolment.objects.select_related(*_RELATED)
        .filter(pk__in=[enrolment.pk for enrolment in issued])
        .order_by("person__sort_key", "pk")
    )
    return _render(enrolments, site_url)


# --- Public verification -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicCertificate:
    """All that the public verification page may show: no ID number, birth date, workplace or province."""

    number: str
    full_name: str
    course_title: str
    start_date: datetime.date
    end_date: datetime.date
    valid: bool


def certificate_lookup(number: str) -> PublicCertificate | None:
    """The certificate with this number, or None; `valid` is false once its enrolment is not completed."""
    number = normalise_certificate_number(number)
    if not number:
        return None
    row = (
        Enrolment.objects.filter(certificate_number=number)
        .values("person__full_name", "course__title", "course__start_date", "course__end_date", "status")
        .first()
    )
    if row is None:
        return None
    return PublicCertificate(
        number=number,
        full_name=row["person__full_name"],
        course_title=row["course__title"],
        start_date=row["course__start_date"],
        end_date=row["course__end_date"],
        valid=row["status"] == Enrolment.Status.COMPLETED,
    )
