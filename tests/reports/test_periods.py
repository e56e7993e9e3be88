import datetime

import pytest
from django.core.exceptions import ValidationError

from reports.periods import Period


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026Q3", datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)),
        ("2026q1", datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)),
        ("2024Q4", datetime.date(2024, 10, 1), datetime.date(2024, 12, 31)),
        ("2026H1", datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)),
        ("2026H2", datetime.date(2026, 7, 1), datetime.date(2026, 12, 31)),
        ("2026", datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
    ],
)
def test_a_period_is_parsed_into_its_first_and_last_day(text, start, end):
    period = Period.parse(text)
    assert (period.start, period.end) == (start, end)
    assert period.code == text.upper()


@pytest.mark.parametrize("text", ["", "2026Q5", "2026H3", "26Q1", "Q3 2026", "2026-07"])
def test_anything_else_is_refused_with_the_accepted_forms(text):
    with pytest.raises(ValidationError) as error:
        Period.parse(text)
    assert error.value.code == "invalid_period"


def test_the_previous_quarter_crosses_the_year():
    assert Period.parse("2026Q1").previous().code == "2025Q4"
    assert Period.parse("2026H1").previous().code == "2025H2"
    assert Period.parse("2026").previous().code == "2025"


def test_a_half_year_has_two_quarters():
    assert [quarter.code for quarter in Period.parse("2026H2").quarters()] == ["2026Q3", "2026Q4"]


def test_the_quarter_containing_a_day():
    assert Period.containing(datetime.date(2026, 11, 23)).code == "2026Q4"
