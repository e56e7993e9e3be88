"""Trainings fixtures on top of the shared cast: a course of each province, a national programme.

Tests that compare messages word for word do so in English, the source language: the site speaks
Vietnamese by default, so those modules use the shared `english` fixture (tests/conftest.py).
"""

import datetime

import pytest

from directory.models import Organisation
from tests.trainings.factories import CourseFactory, OrganisationFactory, PersonFactory, ProgrammeFactory
from trainings.models import Course


@pytest.fixture
def ha_tinh_course(ha_tinh):
    return CourseFactory(
        title="Tập huấn bình đẳng giới Hà Tĩnh",
        province=ha_tinh,
        unit=ha_tinh,
        start_date=datetime.date(2019, 7, 11),
        end_date=datetime.date(2019, 7, 12),
        duration=2,
        capacity=40,
    )


@pytest.fixture
def nghe_an_course(nghe_an):
    return CourseFactory(title="Tập huấn Nghệ An", province=nghe_an, unit=nghe_an)


@pytest.fixture
def national_course(db):
    return CourseFactory(title="Khoá học trung ương", province=None)


@pytest.fixture
def ha_tinh_person(ha_tinh):
    return PersonFactory(family_name="Trần", middle_name="Thị", given_name="Bình", province=ha_tinh)


@pytest.fixture
def nghe_an_person(nghe_an):
    return PersonFactory(family_name="Phan", middle_name="Thị", given_name="Mai", province=nghe_an)


@pytest.fixture
def donor(db):
    return OrganisationFactory(name="Chính phủ Australia", kind=Organisation.Kind.DONOR)


@pytest.fixture
def awil(donor):
    """The AWIL 2024 programme's targets and limits, as the seed document states them."""
    return ProgrammeFactory(
        name="Thúc đẩy vai trò của phụ nữ trong công tác lãnh đạo (AWIL)",
        code="AWIL-2024",
        funder=donor,
        target_reach=1500,
        target_workshops=15,
        max_workshops=15,
        max_workshop_participants=100,
        max_wrap_up_invitees=8,
    )


@pytest.fixture
def core_course(awil):
    return CourseFactory(
        title="Khoá đào tạo giảng viên nguồn AWIL",
        kind=Course.Kind.CORE,
        programme=awil,
        province=None,
        start_date=datetime.date(2024, 5, 16),
        end_date=datetime.date(2024, 5, 19),
        duration=4,
        capacity=25,
    )
