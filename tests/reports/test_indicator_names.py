"""Indicator names in the reader's language: the official Vietnamese name, the English one on request.

Indicators are data, not code strings, so gettext cannot translate them: each has `name` (Vietnamese, the
official name) and `name_en` (optional); `display_name` picks by the active language, falling back to
`name`. The dashboard, its Excel export and the quarterly PDF and Excel all show `display_name`.
"""

import datetime
import io
import random
import re

import openpyxl
import pytest
from django.conf import settings as django_settings
from django.contrib.admin.sites import site
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from directory.models import AdministrativeUnit
from reports.charts import funnel_chart, trend_chart
from reports.demo import INDICATORS, load_reports_demo
from reports.management.commands.seed_scale import SIZES
from reports.management.commands.seed_scale import Command as SeedScale
from reports.models import Indicator, ManualValue, Target
from tests.reports.conftest import course, enrol
from tests.reports.test_quarterly_report import issue, pdf_text

VI_NAME = "Số phụ nữ được bồi dưỡng kỹ năng lãnh đạo"
EN_NAME = "Women trained in leadership skills"


@pytest.fixture
def named(db):
    """Two indicators: one with both names, one with the Vietnamese name only."""
    both = Indicator.objects.create(
        code="WOMEN", name=VI_NAME, name_en=EN_NAME, computation="people_trained", parameters={}
    )
    Target.objects.create(indicator=both, period="", value=100, source="Kế hoạch số 12/KH-UBND")
    only_vi = Indicator.objects.create(code="CLASSES", name="Số lớp đã tổ chức", computation="courses_held")
    return both, only_vi


def in_language(client, language: str):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    return client


def indicator_cell(response, code: str) -> str:
    html = response.content.decode()
    match = re.search(rf'<tr data-testid="indicator-{code}">(.*?)</tr>', html, re.S)
    assert match, f"no row for {code}"
    return match.group(1)


def test_the_vietnamese_dashboard_shows_the_vietnamese_name(settings, ministry_client, named):
    settings.LANGUAGE_CODE = "vi"
    with translation.override("vi"):
        response = in_language(ministry_client, "vi").get(reverse("reports:national"))
    assert response.status_code == 200
    assert VI_NAME in indicator_cell(response, "WOMEN")
    assert EN_NAME not in response.content.decode()
    assert "Số lớp đã tổ chức" in indicator_cell(response, "CLASSES")


def test_the_english_dashboard_shows_the_english_name_or_falls_back_to_the_vietnamese_one(
    ministry_client, named
):
    response = in_language(ministry_client, "en").get(reverse("reports:national"))
    assert EN_NAME in indicator_cell(response, "WOMEN")
    assert VI_NAME not in response.content.decode()
    # No English name entered: the official one is shown rather than nothing.
    assert "Số lớp đã tổ chức" in indicator_cell(response, "CLASSES")


def test_display_name_follows_the_active_language(named):
    both, only_vi = named
    with translation.override("vi"):
        assert (both.display_name, only_vi.display_name) == (VI_NAME, "Số lớp đã tổ chức")
        assert str(both) == f"WOMEN – {VI_NAME}"
    with translation.override("en"):
        assert (both.display_name, only_vi.display_name) == (EN_NAME, "Số lớp đã tổ chức")


def test_the_dashboard_excel_export_names_indicators_in_the_language_of_the_page(ministry_client, named):
    response = in_language(ministry_client, "en").get(reverse("reports:national_export"))
    assert response.status_code == 200
    sheet = next(
        ws
        for ws in openpyxl.load_workbook(io.BytesIO(response.content)).worksheets
        if ws.title == "Indicators"
    )
    names = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names["WOMEN"] == EN_NAME and names["CLASSES"] == "Số lớp đã tổ chức"


def test_the_admin_searches_both_names(admin_client_, named):
    assert "name_en" in site._registry[Indicator].search_fields
    response = admin_client_.get(reverse("admin:reports_indicator_changelist"), {"q": "leadership"})
    assert response.status_code == 200
    assert list(response.context["cl"].queryset) == [named[0]]


@pytest.mark.parametrize(
    ("language", "shown", "hidden"), [("vi", VI_NAME, EN_NAME), ("en", EN_NAME, VI_NAME)]
)
def test_the_quarterly_pdf_and_excel_name_indicators_in_the_report_language(
    django_capture_on_commit_callbacks, administrator, ha_tinh, named, language, shown, hidden
):
    enrol(course(ha_tinh, start=datetime.date(2026, 2, 10)))
    run = issue(django_capture_on_commit_callbacks, administrator, language=language)
    text = pdf_text(run.pdf.read())
    assert f"{shown} WOMEN" in text  # the name, then its code
    assert hidden not in text
    assert "Số lớp đã tổ chức CLASSES" in text  # no English name: the official one in both languages
    workbook = openpyxl.load_workbook(io.BytesIO(run.xlsx.read()))
    rows = [row for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)]
    assert any(row[:2] == ("WOMEN", shown) for row in rows)


def test_the_demo_indicators_have_vietnamese_names_and_english_ones(administrator):
    load_reports_demo(actor=administrator)
    codes = [code for code, *_rest in INDICATORS]
    rows = {indicator.code: indicator for indicator in Indicator.objects.filter(code__in=codes)}
    assert set(rows) == set(codes)
    for indicator in rows.values():
        assert indicator.name_en and indicator.name != indicator.name_en
        # Vietnamese: every official name carries Vietnamese letters (ư, ơ, đ, ạ …), English none.
        assert re.search(r"[^\x00-\x7f–“”]", indicator.name), indicator.name
        assert not re.search(r"[^\x00-\x7f–]", indicator.name_en), indicator.name_en
    assert rows["P8-CADRES"].name.startswith("Lãnh đạo, cán bộ chủ chốt")


# --- seed_scale ----------------------------------------------------------------------------------------


def targets_written() -> list[tuple]:
    rows = Target.objects.values_list("indicator__code", "period", "unit__code", "value")
    return sorted((code, period, unit or "", value) for code, period, unit, value in rows)


def test_seed_scale_writes_indicators_targets_and_values_that_the_national_dashboard_computes(
    ha_tinh, nghe_an, ministry_client
):
    call_command("seed_scale", "--scale", "0.01", "--seed", "3", verbosity=0)
    assert Indicator.objects.filter(code__in=["COURSES-HELD", "WOMEN-TRAINED", "CASCADE-REACH"]).count() == 3
    assert Target.objects.filter(unit__isnull=True, period="2025Q3").count() >= 5
    assert Target.objects.filter(unit__isnull=False, period="2025").exists()  # per province and year
    assert ManualValue.objects.filter(unit__isnull=False).exists()
    first = targets_written()

    rows = {
        row.indicator.code: row
        for row in ministry_client.get(reverse("reports:national")).context["board"].indicators
    }
    assert rows["COURSES-HELD"].value > 0 and rows["WOMEN-TRAINED"].value > 0
    assert rows["P8-TRAIN-VILLAGE"].value > 0 and rows["P8-TRAIN-VILLAGE"].sources
    assert rows["WOMEN-OFFICIAL"].target.value == 35
    yearly = {
        row.indicator.code: row
        for row in ministry_client.get(reverse("reports:national"), {"period": "2025"})
        .context["board"]
        .indicators
    }
    assert yearly["COURSES-HELD"].target.period == "2025"
    assert yearly["COURSES-HELD"].percent_of_target is not None

    # Deterministic: the same random state gives the same targets and values again.
    values = sorted(ManualValue.objects.values_list("indicator__code", "period", "unit__code", "value"))
    provinces = list(AdministrativeUnit.objects.current_provinces().order_by("code"))
    sizes = {name: max(1, round(size * 0.01)) for name, size in SIZES.items()}
    again = []
    for _run in range(2):
        Target.objects.all().delete()
        ManualValue.objects.all().delete()
        SeedScale()._indicators(random.Random(3), sizes, provinces)
        again.append((targets_written(), ManualValue.objects.count()))
    assert again[0] == again[1] and len(again[0][0]) == len(first)
    assert again[0][1] == len(values)


# --- Chart axes -----------------------------------------------------------------------------------------


def axis_labels(svg: str, axis: str) -> list[str]:
    """The tick labels of one value axis of a pygal chart (`y`, or `y2` for the second one)."""
    start = re.search(rf'<g class="axis {axis}[ "]', svg).start()
    end = start + 1 + re.search(r'<g class="(?:axis|series)', svg[start + 1 :]).start()
    return re.findall(r"<text[^>]*>([^<]+)</text>", svg[start:end])


def test_the_funnel_axis_has_few_round_labels_grouped_the_vietnamese_way():
    arguments = {
        "stages": ["Nguồn", "Quy hoạch", "Chính thức"],
        "reached": [24_513, 12_020, 3_001],
        "women": [12_000, 6_000, 1_400],
        "title": "Phễu",
        "labels": ("Đạt", "Nữ"),
    }
    with translation.override("vi"):
        labels = axis_labels(funnel_chart(**arguments), "x")  # horizontal bars: values run along x
    assert labels == ["0", "5.000", "10.000", "15.000", "20.000", "25.000"]
    with translation.override("en"):
        labels = axis_labels(funnel_chart(**arguments), "x")
    assert labels == ["0", "5,000", "10,000", "15,000", "20,000", "25,000"]


def test_both_axes_of_a_short_trend_are_whole_numbers():
    svg = trend_chart(
        quarters=["2026Q1", "2026Q2"], courses=[3, 2], people=[47, 12], title="Trend", labels=("C", "P")
    )
    assert axis_labels(svg, "y") == ["0", "1", "2", "3", "4", "5"]
    assert axis_labels(svg, "y2") == ["0", "10", "20", "30", "40", "50"]


def test_a_trend_of_a_single_quarter_draws_no_chart_but_keeps_its_table(ministry_client, ha_tinh):
    enrol(course(ha_tinh, start=datetime.date(2026, 2, 10)))
    response = ministry_client.get(reverse("reports:national"), {"period": "2026Q1"})
    assert len(response.context["board"].trend) == 1
    assert "trend" not in response.context["charts"]
    assert 'data-testid="trend-table"' in response.content.decode()
    assert "chart-trend-title" not in response.content.decode()


def test_a_long_trend_labels_one_quarter_a_year_and_keeps_every_quarter_in_its_description():
    quarters = [f"{year}Q{quarter}" for year in range(2019, 2026) for quarter in range(1, 5)]
    svg = trend_chart(
        quarters=quarters, courses=[100] * 28, people=[6_000] * 28, title="Trend", labels=("C", "P")
    )
    assert axis_labels(svg, "x") == [f"{year}Q1" for year in range(2019, 2026)]
    assert all(quarter in svg for quarter in quarters)  # in the description and the tooltips
