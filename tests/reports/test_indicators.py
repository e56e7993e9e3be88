import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from reports.demo import load_reports_demo
from reports.indicators import compute
from reports.models import Indicator, ManualValue, Target
from reports.periods import Period
from tests.reports.conftest import course
from trainings.models import Course


def rows_by_code(response) -> dict:
    return {row.indicator.code: row for row in response.context["board"].indicators}


def test_the_project_8_figures_of_the_seed_are_on_the_national_dashboard(ministry_client, administrator):
    load_reports_demo(actor=administrator)
    rows = rows_by_code(ministry_client.get(reverse("reports:national")))
    shown = {
        code: (row.value, row.target.value, row.percent_of_target) for code, row in rows.items() if row.target
    }
    assert shown["P8-TRAIN-DIST-COMM"] == (Decimal(239), Decimal(480), 50)
    assert shown["P8-TRAIN-VILLAGE"] == (Decimal(377), Decimal(1600), 24)
    assert shown["P8-TRAIN-ME"] == (Decimal(283), Decimal(1600), 18)
    assert rows["P8-ME-CADRES"].value == Decimal(4400)
    assert rows["P8-CADRES"].target.value == Decimal(40000)


def test_the_reports_demo_can_be_loaded_twice(administrator):
    first = load_reports_demo(actor=administrator)
    assert first["indicators"] and first["targets"] and first["manual_values"]
    again = load_reports_demo(actor=administrator)
    assert again == {"programmes": 0, "indicators": 0, "targets": 0, "manual_values": 0}


def test_a_manual_value_counts_in_the_periods_that_contain_it(ministry, administrator):
    indicator = Indicator.objects.create(code="BOOKS", name="Books", unit="other", computation="manual")
    ManualValue.objects.create(
        indicator=indicator, period="2026q3", value=100, source="Report", entered_by=administrator
    )
    ManualValue.objects.create(indicator=indicator, period="2026Q4", value=50, source="Report")
    value = {
        code: compute(indicator=indicator, period=Period.parse(code), user=ministry)
        for code in ("2026Q3", "2026H2", "2026", "2026H1")
    }
    assert value == {"2026Q3": 100, "2026H2": 150, "2026": 150, "2026H1": None}
    assert compute(indicator=indicator, period=None, user=ministry) == 150
    assert ManualValue.objects.get(value=100).period == "2026Q3"


def test_a_target_period_must_be_a_period(db):
    indicator = Indicator.objects.create(code="X", name="X", computation="manual")
    with pytest.raises(ValidationError):
        Target(indicator=indicator, period="Q3 2026", value=1).full_clean()


def test_parameters_a_computation_does_not_read_are_refused(db):
    with pytest.raises(ValidationError):
        Indicator(
            code="Y", name="Y", computation="people_trained", parameters={"gendre": "female"}
        ).full_clean()


def test_people_trained_counts_each_woman_once_and_follows_scope(
    ha_tinh, nghe_an, officer_ha_tinh, ministry, world
):
    women = Indicator.objects.create(
        code="W", name="Women", computation="people_trained", parameters={"gender": "female"}
    )
    national = compute(indicator=women, period=None, user=ministry)
    assert national == 12
    assert compute(indicator=women, period=None, user=officer_ha_tinh) == 5
    # Asking for another province gives nothing to an officer: her rows are all she reads.
    assert compute(indicator=women, period=None, province=nghe_an, user=officer_ha_tinh) == 0


def test_courses_held_by_kind_and_programme(ministry, world):
    summaries = Indicator.objects.create(
        code="C",
        name="Core",
        computation="courses_held",
        parameters={"kind": "core", "programme": "AWIL-2024"},
    )
    from reports.summaries import summaries_refresh

    summaries_refresh()
    assert compute(indicator=summaries, period=Period.parse("2026"), user=ministry) == 1


def test_a_provincial_target_is_shown_on_the_province_dashboard(ministry_client, ha_tinh, world):
    indicator = Indicator.objects.create(code="P", name="People", computation="people_trained")
    Target.objects.create(indicator=indicator, period="2026", unit=ha_tinh, value=12)
    Target.objects.create(indicator=indicator, period="", unit=None, value=1000)
    rows = rows_by_code(
        ministry_client.get(reverse("reports:province", args=[ha_tinh.pk]), {"period": "2026"})
    )
    assert (rows["P"].value, rows["P"].target.value, rows["P"].percent_of_target) == (6, 12, 50)
    national = rows_by_code(ministry_client.get(reverse("reports:national"), {"period": "2026"}))
    assert national["P"].target.value == 1000


def test_seed_scale_builds_a_small_set_and_refuses_a_database_with_other_data(ha_tinh, nghe_an, capsys):
    call_command("seed_scale", "--scale", "0.002", "--seed", "3")
    output = capsys.readouterr().out
    assert "enrolments" in output and "Seeded in" in output
    assert Course.objects.filter(code__startswith="SEED-").count() == 8
    with pytest.raises(CommandError):
        call_command("seed_scale", "--scale", "0.002")
    course(ha_tinh, start=datetime.date(2026, 1, 5))
    with pytest.raises(CommandError, match="did not write"):
        call_command("seed_scale", "--scale", "0.002")


def test_values_entered_by_hand_show_their_source_on_the_page_and_in_the_export(
    ministry_client, administrator
):
    load_reports_demo(actor=administrator)
    response = ministry_client.get(reverse("reports:national"))
    row = rows_by_code(response)["P8-TRAIN-VILLAGE"]
    assert row.sources and "Dự án 8" in row.sources[0]
    assert b'data-testid="sources-P8-TRAIN-VILLAGE"' in response.content
    workbook = openpyxl.load_workbook(
        io.BytesIO(ministry_client.get(reverse("reports:national_export")).content)
    )
    sheet = list(workbook["Indicators"].iter_rows(values_only=True))
    by_code = {line[0]: dict(zip(sheet[0], line, strict=True)) for line in sheet[1:]}
    assert by_code["P8-TRAIN-VILLAGE"]["Value"] == 377
    assert "Dự án 8" in by_code["P8-TRAIN-VILLAGE"]["Source of the values entered by hand"]


def test_each_computed_indicator_links_to_the_list_behind_it(ministry_client, ha_tinh, world):
    Indicator.objects.create(
        code="AWIL", name="AWIL learners", computation="people_trained", parameters={"programme": "AWIL-2024"}
    )
    Indicator.objects.create(code="REACH", name="Reach", computation="cascade_reach")
    Indicator.objects.create(code="BOOKS", name="Books", computation="manual")
    rows = rows_by_code(
        ministry_client.get(reverse("reports:province", args=[ha_tinh.pk]), {"period": "2026"})
    )
    listed = ministry_client.get(rows["AWIL"].url)
    assert listed.status_code == 200
    # The AWIL courses of Hà Tĩnh in 2026: the class, the core course and the workshop.
    assert listed.context["page"].paginator.count == 3
    workshops = ministry_client.get(rows["REACH"].url).context["page"].paginator.count
    assert workshops == Course.objects.filter(province=ha_tinh, kind=Course.Kind.WORKSHOP).count() == 1
    assert rows["BOOKS"].url == ""
