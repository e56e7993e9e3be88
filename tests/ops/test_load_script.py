"""bench/load.py without a server: its lists import cleanly, and its count check finds losses and extras."""

import importlib.util
import sys
from pathlib import Path

import pytest

from directory.models import EthnicGroup
from tests.trainings.factories import CourseFactory, EnrolmentFactory, PersonFactory
from trainings.imports.preview import build_preview

pytestmark = pytest.mark.django_db

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "load.py"


@pytest.fixture(scope="module")
def load_script():
    spec = importlib.util.spec_from_file_location("bench_load", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_load"] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules["bench_load"]


@pytest.fixture
def course(ha_tinh):
    EthnicGroup.objects.update_or_create(
        name="Kinh", defaults={"code": "01", "code_list": "QĐ 121-TCTK/PPCĐ (1979)", "is_minority": False}
    )
    return CourseFactory(province=ha_tinh, unit=ha_tinh)


def test_its_generated_list_previews_as_new_people_without_errors(load_script, course, officer_ha_tinh):
    people = load_script.PeopleFactory(seed=1).make(province_code="42", count=20)
    content = load_script.attendee_workbook(people, "DANH SÁCH HỌC VIÊN")

    preview = build_preview(course=course, actor=officer_ha_tinh, file=content, filename="list.xlsx")

    assert len({person.citizen_id for person in people}) == 20
    assert preview.counts["new"] == 20
    assert preview.counts["errors"] == 0
    assert not preview.course_problems


def test_the_count_check_passes_when_each_committed_row_is_one_person_and_one_enrolment(load_script, course):
    before = load_script.take_counts()
    enrolments = [
        EnrolmentFactory(
            course=course, person=PersonFactory(citizen_id=f"04218500000{n}", province=course.province)
        )
        for n in range(3)
    ]
    expected = {course.pk: [enrolment.person.citizen_id for enrolment in enrolments]}

    assert load_script.check_counts(before=before, expected=expected) == []


def test_the_count_check_names_a_lost_row(load_script, course):
    before = load_script.take_counts()
    EnrolmentFactory(course=course, person=PersonFactory(citizen_id="042185000001", province=course.province))
    expected = {course.pk: ["042185000001", "042185000002"]}

    problems = load_script.check_counts(before=before, expected=expected)

    assert problems == [
        "people: 1 new in the database, 2 committed",
        "enrolments: 1 new in the database, 2 committed",
        "people: 1 of the 2 committed ID numbers are recorded",
        f"course {course.pk}: 1 enrolments for 2 committed rows (1 missing, 0 extra)",
    ]


def test_the_count_check_names_a_duplicated_person(load_script, course):
    before = load_script.take_counts()
    EnrolmentFactory(course=course, person=PersonFactory(citizen_id="042185000001", province=course.province))
    # The same attendee recorded a second time, without her ID number, and enrolled again.
    EnrolmentFactory(course=course, person=PersonFactory(province=course.province))
    expected = {course.pk: ["042185000001"]}

    problems = load_script.check_counts(before=before, expected=expected)

    assert problems == [
        "people: 2 new in the database, 1 committed",
        "enrolments: 2 new in the database, 1 committed",
        f"course {course.pk}: 2 enrolments for 1 committed rows (0 missing, 1 extra)",
    ]
