"""`__any_of`: the rows `__in` gives, whatever the database (one array parameter on PostgreSQL)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(ha_tinh):
    return [
        Person.objects.create(family_name="Nguyễn", given_name=name, citizen_id=cid, province=ha_tinh)
        for name, cid in [("Lan", "042185000123"), ("Mai", "042190000456"), ("Hoa", None)]
    ]


def test_any_of_gives_the_rows_in_gives(three):
    ids = ["042185000123", "042190000456", "001199999999"]
    expected = set(Person.objects.filter(citizen_id__in=ids))
    assert set(Person.objects.filter(citizen_id__any_of=ids)) == expected
    assert {person.given_name for person in Person.objects.filter(citizen_id__any_of=ids)} == {"Lan", "Mai"}


def test_any_of_takes_sets_dict_views_and_integers(three):
    keys = {person.pk: person for person in three[:2]}
    assert set(Person.objects.filter(pk__any_of=keys.keys())) == set(three[:2])
    assert set(Person.objects.filter(search_key__any_of={"nguyen hoa"})) == {three[2]}


def test_none_matches_nothing_and_an_empty_list_gives_no_rows(three):
    assert not Person.objects.filter(citizen_id__any_of=[None]).exists()
    assert list(Person.objects.filter(citizen_id__any_of=[])) == []
    assert set(Person.objects.filter(citizen_id__any_of=[None, "042185000123"])) == {three[0]}


def test_a_value_longer_than_the_column_is_not_cut_down_to_match(three):
    # 13 digits: a cast to the column's varchar(12) would cut it to "042185000123" and find Lan.
    assert not Person.objects.filter(citizen_id__any_of=["0421850001239"]).exists()


def test_a_long_list_is_one_parameter_on_postgresql(three):
    values = [f"0421850{number:05d}" for number in range(5000)]
    with CaptureQueriesContext(connection) as queries:
        assert Person.objects.filter(citizen_id__any_of=values).count() == 1
    sql = queries.captured_queries[0]["sql"]
    if connection.vendor == "postgresql":
        assert "= ANY(ARRAY[" in sql and " IN (" not in sql
    else:
        assert " IN (" in sql


AWKWARD = ['a "quoted" name', "back\\slash", "comma, and {braces}", "NULL", "", " spaced ", "Nguyễn Thị Hoà"]


def test_values_with_quotes_backslashes_braces_and_the_word_null_match_exactly(ha_tinh):
    people = [
        Person.objects.create(family_name="Lê", given_name="Lan", province=ha_tinh, notes=text)
        for text in AWKWARD
    ]
    found = Person.objects.filter(notes__any_of=AWKWARD)
    assert sorted(found.values_list("notes", flat=True)) == sorted(AWKWARD)
    # One at a time too: each value matches its own row only.
    for person, text in zip(people, AWKWARD, strict=True):
        assert list(Person.objects.filter(notes__any_of=[text])) == [person]
    assert not Person.objects.filter(notes__any_of=['a \\"quoted\\" name', "back\\\\slash"]).exists()
