import datetime

import factory

from directory.models import Organisation
from tests.directory.factories import PersonFactory
from trainings.models import ActionPlan, Course, Enrolment, Milestone, Plan, Programme
from trainings.services import course_sync_sessions

__all__ = ["PersonFactory"]


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Cơ quan {n}")
    kind = Organisation.Kind.OTHER


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Chương trình {n}")
    code = factory.Sequence(lambda n: f"PRG-{n}")
    start_date = datetime.date(2024, 1, 1)
    end_date = datetime.date(2024, 12, 31)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    number = factory.Sequence(lambda n: f"{n}/KH-UBND")
    title = "Kế hoạch tổ chức tập huấn"
    issued_on = datetime.date(2019, 6, 1)


class CourseFactory(factory.django.DjangoModelFactory):
    """A course as the service would store it; pass `province` for a provincial one (None is national)."""

    class Meta:
        model = Course
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Lớp tập huấn {n}")
    kind = Course.Kind.CLASS
    start_date = datetime.date(2024, 5, 16)
    end_date = factory.LazyAttribute(lambda course: course.start_date)
    duration = 1

    @factory.post_generation
    def sessions(course, create, extracted, **kwargs):
        if create:
            course_sync_sessions(course=course)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    course = factory.SubFactory(CourseFactory)
    person = factory.SubFactory(PersonFactory, province=factory.SelfAttribute("..course.province"))
    role = Enrolment.Role.TRAINEE


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    enrolment = factory.SubFactory(EnrolmentFactory, role=Enrolment.Role.CORE_TRAINEE)
    short_term_goals = "Tổ chức hội thảo tại cơ quan"


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    action_plan = factory.SubFactory(ActionPlanFactory)
    title = "Hội thảo đầu tiên"
