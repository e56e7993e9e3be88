"""Fixtures of the dashboard tests: a small world of courses in Hà Tĩnh, Nghệ An and Hồ Chí Minh City.

One course of Hồ Chí Minh City was recorded under the legacy province Bà Rịa – Vũng Tàu (2019), which
the 2025 reorganisation merged into it. Counts the tests compare with are made independently, from the
rows, never from the dashboard code.
"""

import datetime

import pytest

from directory.models import AdministrativeUnit, Person
from tests.conftest import make_province
from tests.trainings.factories import CourseFactory, EnrolmentFactory, PersonFactory, ProgrammeFactory
from trainings.models import Course, Enrolment


@pytest.fixture(autouse=True)
def _messages_in_english(english):
    """Every test here reads messages word for word, in English (the shared `english` fixture)."""


@pytest.fixture
def ho_chi_minh(db) -> AdministrativeUnit:
    return make_province("79", "Thành phố Hồ Chí Minh", AdministrativeUnit.Kind.CITY)


@pytest.fixture
def ba_ria_vung_tau(ho_chi_minh) -> AdministrativeUnit:
    # The reference data may be loaded already (other test modules load it): find it or make it.
    unit, _created = AdministrativeUnit.objects.get_or_create(
        catalogue=AdministrativeUnit.Catalogue.LEGACY,
        code="77",
        defaults={
            "name": "Tỉnh Bà Rịa – Vũng Tàu",
            "short_name": "Bà Rịa – Vũng Tàu",
            "kind": AdministrativeUnit.Kind.PROVINCE,
            "successor": ho_chi_minh,
        },
    )
    assert unit.successor_id == ho_chi_minh.pk
    return unit


def course(
    province, *, kind=Course.Kind.CLASS, status=Course.Status.HELD, start=datetime.date(2026, 2, 10), **extra
):
    return CourseFactory(province=province, kind=kind, status=status, start_date=start, **extra)


def enrol(course_, person=None, *, status=Enrolment.Status.COMPLETED, **extra):
    person = person or PersonFactory(province=course_.province)
    return EnrolmentFactory(course=course_, person=person, status=status, **extra)


@pytest.fixture
def world(ha_tinh, nghe_an, ho_chi_minh, ba_ria_vung_tau):
    """Courses and enrolments in three provinces and two quarters, with the cases that trip counts up."""
    programme = ProgrammeFactory(code="AWIL-2024", name="AWIL")
    ht_class = course(ha_tinh, programme=programme)
    ht_later = course(ha_tinh, start=datetime.date(2026, 8, 1))
    ht_core = course(ha_tinh, kind=Course.Kind.CORE, programme=programme)
    ht_workshop = course(ha_tinh, kind=Course.Kind.WORKSHOP, core_course=ht_core, programme=programme)
    course(ha_tinh, status=Course.Status.CANCELLED)
    course(ha_tinh, status=Course.Status.PLANNED)
    na_class = course(nghe_an)
    hcm_class = course(ho_chi_minh)
    legacy_class = course(ho_chi_minh, unit=ba_ria_vung_tau, start=datetime.date(2019, 5, 20))

    lan = PersonFactory(province=ha_tinh)  # trained twice: one person
    enrol(ht_class, lan)
    enrol(ht_later, lan)
    enrol(ht_class, PersonFactory(province=ha_tinh, gender=Person.Gender.MALE, middle_name="Văn"))
    enrol(ht_class, status=Enrolment.Status.REGISTERED)  # did not come: not trained
    enrol(ht_class, status=Enrolment.Status.WITHDRAWN)
    enrol(ht_class, role=Enrolment.Role.OBSERVER, status=Enrolment.Status.ATTENDED)  # not a learner
    enrol(ht_core, role=Enrolment.Role.CORE_TRAINEE)
    for _number in range(3):
        enrol(ht_workshop, status=Enrolment.Status.ATTENDED)
    for _number in range(2):
        enrol(na_class)
    enrol(hcm_class)
    for _number in range(4):
        enrol(legacy_class)
    return {
        "programme": programme,
        "ha_tinh_class": ht_class,
        "workshop": ht_workshop,
        "legacy_class": legacy_class,
        "lan": lan,
    }
