import factory

from directory.models import Person


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    family_name = "Nguyễn"
    middle_name = "Thị"
    given_name = factory.Sequence(lambda n: f"Lan{n}")
    gender = Person.Gender.FEMALE
    birth_year = 1985
